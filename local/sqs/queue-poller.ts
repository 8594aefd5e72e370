import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext, withinInvocation } from '../lambda-runtime';
import type { LocalQueue, QueuedMessage } from './local-queue';

/** An SQS-triggered handler as Lambda calls it; its answer is read as a partial batch response. */
export type QueueHandler = (event: SQSEvent, context: Context) => unknown;

export interface LocalQueuePollerOptions {
  queue: LocalQueue;
  handler: QueueHandler;
  /** The deployed mapping's batch size. */
  batchSize: number;
  /** The deployed mapping's ReportBatchItemFailures. */
  reportBatchItemFailures: boolean;
  region: string;
  /** @default 'fieldpass-worker' */
  functionName?: string;
  /** What the context's getRemainingTimeInMillis counts down from. @default 300000 */
  timeoutMs?: number;
  /** Warnings (a failed invocation); nothing is logged of a message's body. @default console.warn */
  warn?: (message: string, details: Record<string, unknown>) => void;
}

export interface LocalQueuePoller {
  /**
   * Resolves once the queue holds no message, visible or in flight, and no invocation runs: what
   * was sent has been handled (or dead-lettered). Rejects after `timeoutMs` (default 240 s).
   */
  drained(options?: { timeoutMs?: number }): Promise<void>;
  /** Stops after the invocation in flight, if any; a drain still waiting is rejected. */
  stop(): Promise<void>;
}

/** A message as Lambda's SQS event source hands it over. */
function sqsRecord(message: QueuedMessage, queue: LocalQueue, region: string): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle ?? '',
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentTimestamp),
      SenderId: '000000000000',
      ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? message.sentTimestamp),
    },
    messageAttributes: {},
    md5OfBody: message.md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: region,
  };
}

/**
 * Which of a batch's messages failed, from the handler's answer (ReportBatchItemFailures): all of
 * them when it threw or named a message not in the batch (or none), as Lambda reads it; without
 * ReportBatchItemFailures, an answer is success whatever it says.
 */
export function failedMessages(
  batch: readonly { messageId: string }[],
  outcome: { threw: true } | { threw: false; answer: unknown },
  reportBatchItemFailures: boolean,
): Set<string> {
  const all = new Set(batch.map((message) => message.messageId));
  if (outcome.threw) return all;
  if (!reportBatchItemFailures) return new Set();
  const failures = (outcome.answer as Partial<SQSBatchResponse> | undefined)?.batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return all;
  const named = failures.map((failure) => failure?.itemIdentifier);
  if (named.some((id) => typeof id !== 'string' || !all.has(id))) return all;
  return new Set(named as string[]);
}

/**
 * The local stand-in for Lambda's SQS event-source mapping: receives from `queue` up to
 * `batchSize` messages at a time and invokes `handler` in this process with a real SQSEvent,
 * deleting the messages that succeeded (ReportBatchItemFailures: all but those it names; a
 * handler that throws fails them all). A failed message stays hidden until its visibility timeout
 * ends and is then received again; the queue's redrive policy moves it to its dead-letter queue
 * after its last receive. One invocation at a time.
 */
export function startLocalQueuePoller(options: LocalQueuePollerOptions): LocalQueuePoller {
  const { queue } = options;
  const functionName = options.functionName ?? 'fieldpass-worker';
  const warn = options.warn ?? ((message, details) => console.warn(`[queue ${queue.name}] ${message}`, details));
  let stopped = false;
  let invoking = false;
  let wake: (() => void) | undefined;
  let waiters: { resolve(): void; reject(error: Error): void }[] = [];
  const unsubscribe = queue.onMessage(() => wake?.());

  const idle = () => !invoking && queue.counts().visible === 0 && queue.counts().inFlight === 0;
  const settle = () => {
    if (!idle()) return;
    const done = waiters;
    waiters = [];
    for (const waiter of done) waiter.resolve();
  };

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function invoke(batch: QueuedMessage[]) {
    const context = lambdaContext({ functionName, timeoutMs: options.timeoutMs ?? 300_000 });
    const event: SQSEvent = { Records: batch.map((message) => sqsRecord(message, queue, options.region)) };
    let outcome: { threw: true } | { threw: false; answer: unknown };
    try {
      outcome = { threw: false, answer: await withinInvocation(context, () => options.handler(event, context)) };
    } catch (error) {
      warn('Handler failed', { messages: batch.length, error: (error as Error).message });
      outcome = { threw: true };
    }
    const failed = failedMessages(batch, outcome, options.reportBatchItemFailures);
    for (const message of batch) {
      if (!failed.has(message.messageId) && message.receiptHandle) queue.delete(message.receiptHandle);
    }
    if (failed.size > 0) warn('Messages failed; they come back after the visibility timeout', { failed: failed.size });
  }

  const loop = (async () => {
    while (!stopped) {
      const batch = queue.receive(options.batchSize);
      if (batch.length > 0) {
        invoking = true;
        try {
          await invoke(batch);
        } finally {
          invoking = false;
        }
        settle();
        continue;
      }
      settle();
      const next = queue.nextVisibleAt();
      await pause(next === undefined ? 1000 : Math.max(5, next - Date.now()));
    }
  })();

  return {
    drained(drainOptions = {}) {
      if (stopped) return Promise.reject(new Error('The queue poller is stopped'));
      const timeoutMs = drainOptions.timeoutMs ?? 240_000;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((each) => each !== waiter);
          reject(new Error(`The queue ${queue.name} did not drain within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        const waiter = {
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (error: Error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiters.push(waiter);
        settle();
      });
    },
    async stop() {
      stopped = true;
      unsubscribe();
      wake?.();
      await loop;
      for (const waiter of waiters) waiter.reject(new Error('The queue poller stopped before it drained'));
      waiters = [];
    },
  };
}
