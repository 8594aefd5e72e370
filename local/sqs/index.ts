/** The local SQS stand-in: queues, their JSON-protocol endpoint, and the event-source mapping of an SQS-triggered function. */
export { LocalQueue, type LocalQueueOptions, type QueuedMessage } from './local-queue';
export { failedMessages, type LocalQueuePoller, type QueueHandler, startLocalQueuePoller } from './queue-poller';
export { startLocalSqs } from './sqs-server';
