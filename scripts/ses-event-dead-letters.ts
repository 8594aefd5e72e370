/**
 * Replaying the SES events the deliverability function failed on (ops: `npm run
 * replay-dead-letters -- --ses-events`). EventBridge puts an event its rule's target failed on,
 * after its retries (8, up to a day), into the target's SQS dead-letter queue: the message body is
 * the event itself, as the function would have been given it. The queue keeps it 14 days.
 */
import { DeleteMessageCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';

/** A message of the dead-letter queue, as far as a replay reads it. */
export interface QueuedEvent {
  id: string;
  /** The event, as JSON text. */
  body: string;
  /** What deletes this delivery of it. */
  receipt: string;
}

/** The dead-letter queue: SQS's ReceiveMessage (up to 10, hidden while replayed) and DeleteMessage. */
export interface EventQueue {
  receive(): Promise<QueuedEvent[]>;
  remove(receipt: string): Promise<void>;
}

export interface SesEventReplayOutcome {
  replayed: string[];
  failed: { id: string; error: string }[];
}

/**
 * Hands each event waiting in `queue` to `invoke` once and deletes it once `invoke` accepted it;
 * one that fails again (or is not JSON) stays, to be received again after its visibility timeout,
 * and is reported. Stops when the queue answers nothing new. The function is idempotent (DLV-1's
 * condition): an event replayed twice, or one already applied, writes nothing more.
 */
export async function replaySesEventDeadLetters(
  queue: EventQueue,
  invoke: (event: unknown) => Promise<void>,
): Promise<SesEventReplayOutcome> {
  const outcome: SesEventReplayOutcome = { replayed: [], failed: [] };
  const seen = new Set<string>();
  for (;;) {
    const batch = (await queue.receive()).filter((message) => !seen.has(message.id));
    if (batch.length === 0) return outcome;
    for (const message of batch) {
      seen.add(message.id);
      try {
        await invoke(JSON.parse(message.body));
        await queue.remove(message.receipt);
        outcome.replayed.push(message.id);
      } catch (error) {
        outcome.failed.push({ id: message.id, error: (error as Error).message });
      }
    }
  }
}

/** What {@link sqsEventQueue} sends: an SQS client's `send`, as far as it is called here. */
export interface QueueSender {
  send(command: ReceiveMessageCommand): Promise<{ Messages?: Message[] }>;
  send(command: DeleteMessageCommand): Promise<unknown>;
}

/**
 * The SQS queue at `queueUrl` as an {@link EventQueue}: up to 10 messages a receive, hidden for 5
 * minutes while this run replays them (so one that fails again is not received twice in a run);
 * a message without an id, body or receipt handle is passed over.
 */
export function sqsEventQueue(sqs: QueueSender, queueUrl: string): EventQueue {
  return {
    receive: async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 300,
          WaitTimeSeconds: 1,
        }),
      );
      return Messages.flatMap((m) =>
        m.MessageId && m.Body && m.ReceiptHandle ? [{ id: m.MessageId, body: m.Body, receipt: m.ReceiptHandle }] : [],
      );
    },
    remove: async (receipt) => {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receipt }));
    },
  };
}
