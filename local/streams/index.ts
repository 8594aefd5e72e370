/** The local DynamoDB Streams event-source mapping (see event-source-mapping.ts). */
export type { InvocationOutcome, StreamMappingSettings } from './batch-delivery';
export type { DeadLetter, FailureCondition, StreamOnFailureRecord } from './dead-letter-store';
export { type FilterPattern, passesFilters } from './event-filter';
export {
  type LocalEventSourceMapping,
  type LocalEventSourceMappingOptions,
  type MappingLogger,
  type ReplayResult,
  type StreamHandler,
  startLocalEventSourceMapping,
} from './event-source-mapping';
