/**
 * The records the background worker acts on (docs/architecture.md "Background work"): a record
 * type, the `entity` its records carry, and the states in which it still has work to do. The
 * worker's event-source mapping (CDK and local) lets through only an INSERT or MODIFY whose new
 * image is one of these entities in one of its states, so a finished or failed record, a progress
 * write that changes nothing the filter reads aside, never invokes it. A background job adds its
 * record type here and its processor in `worker-processors.ts`.
 */
export const workerRecords = {
  /** exports/: an export queued or part-written (functions/exports/export-processor.ts). */
  export: { entity: 'Export', states: ['queued', 'running'] },
  /** imports/: an import to validate, or one committing chunk by chunk (functions/imports/import-worker.ts). */
  // `importWorkStates` (functions/imports/import-worker.ts), written out so this module loads no
  // processor (the local stack reads it before its environment is set); a unit test keeps them equal.
  import: { entity: 'Import', states: ['validating', 'committing'] },
} as const satisfies Record<string, { entity: string; states: readonly string[] }>;

export type WorkerRecordType = keyof typeof workerRecords;

/** The record type of an entity, if the worker acts on it. */
export function workerRecordTypeOf(entity: string | undefined): WorkerRecordType | undefined {
  return (Object.keys(workerRecords) as WorkerRecordType[]).find((type) => workerRecords[type].entity === entity);
}

/**
 * Lambda event filter patterns (FilterCriteria, OR-ed) of the worker's mapping: per record type,
 * its entity in a state that needs work, on INSERT or MODIFY. The local mapping applies the same.
 */
export function workerFilterPatterns(): Record<string, unknown>[] {
  return Object.values(workerRecords).map(({ entity, states }) => ({
    eventName: ['INSERT', 'MODIFY'],
    dynamodb: { NewImage: { entity: { S: [entity] }, status: { S: [...states] } } },
  }));
}

/** The same records as a stream interest (the worker's processor is given only these). */
export const workerInterest = {
  INSERT: Object.values(workerRecords).map(({ entity }) => entity),
  MODIFY: Object.values(workerRecords).map(({ entity }) => entity),
};
