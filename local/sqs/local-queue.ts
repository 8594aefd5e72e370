import { createHash, randomUUID } from 'node:crypto';

/** A message as the queue holds it. */
export interface QueuedMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  sentTimestamp: number;
  /** Times it was received (SQS's ApproximateReceiveCount). */
  receiveCount: number;
  firstReceiveTimestamp?: number;
  /** Until when a receive hides it (its visibility timeout); 0 when it was never received. */
  invisibleUntil: number;
  /** The handle of its latest receive: only that one deletes it. */
  receiptHandle?: string;
}

export interface LocalQueueOptions {
  name: string;
  region: string;
  /** The queue URL clients name it by: `<endpoint>/<account>/<name>`. */
  url: string;
  visibilityTimeoutSeconds: number;
  /** Its redrive policy: after `maxReceiveCount` receives, the next receive moves the message there. */
  deadLetter?: { queue: LocalQueue; maxReceiveCount: number };
  /** @default the system clock, in milliseconds */
  now?: () => number;
}

/**
 * One SQS standard queue in memory, with the semantics the worker depends on: a received message
 * is hidden for the visibility timeout and comes back unless deleted with its latest receipt
 * handle; each receive counts; a message received `maxReceiveCount` times goes to the dead-letter
 * queue at its next receive (SQS's redrive policy), and the dead-letter queue's messages can be
 * moved back (StartMessageMoveTask). Order is first sent, first received (SQS's standard queues
 * only try; nothing here may depend on it).
 */
export class LocalQueue {
  readonly arn: string;
  readonly url: string;
  /** Messages ever accepted (sent or moved here): what a drain watches for new work. */
  accepted = 0;
  private messages: QueuedMessage[] = [];
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: LocalQueueOptions) {
    this.arn = `arn:aws:sqs:${options.region}:000000000000:${options.name}`;
    this.url = options.url;
    this.now = options.now ?? Date.now;
  }

  get name(): string {
    return this.options.name;
  }

  /** The queue its redrive policy moves messages to, if any. */
  get deadLetterQueue(): LocalQueue | undefined {
    return this.options.deadLetter?.queue;
  }

  /** Calls `listener` whenever a message arrives; answers how to stop. */
  onMessage(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds a message; answers its id. */
  send(body: string): QueuedMessage {
    const message: QueuedMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: createHash('md5').update(body).digest('hex'),
      sentTimestamp: this.now(),
      receiveCount: 0,
      invisibleUntil: 0,
    };
    this.add(message);
    return message;
  }

  private add(message: QueuedMessage): void {
    this.messages.push(message);
    this.accepted += 1;
    for (const listener of this.listeners) listener();
  }

  /**
   * Receives up to `max` visible messages, hiding each for the visibility timeout (or
   * `visibilityTimeoutSeconds`) under a new receipt handle. A message already received
   * `maxReceiveCount` times goes to the dead-letter queue instead.
   */
  receive(max: number, visibilityTimeoutSeconds = this.options.visibilityTimeoutSeconds): QueuedMessage[] {
    const now = this.now();
    const received: QueuedMessage[] = [];
    for (const message of [...this.messages]) {
      if (received.length >= max) break;
      if (message.invisibleUntil > now) continue;
      const deadLetter = this.options.deadLetter;
      if (deadLetter && message.receiveCount >= deadLetter.maxReceiveCount) {
        this.remove(message);
        deadLetter.queue.add({ ...message, invisibleUntil: 0, receiptHandle: undefined });
        continue;
      }
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      message.invisibleUntil = now + visibilityTimeoutSeconds * 1000;
      message.receiptHandle = randomUUID();
      received.push({ ...message });
    }
    return received;
  }

  /** Deletes the message `receiptHandle` was given for, if it is still that receive's. */
  delete(receiptHandle: string): boolean {
    const message = this.messages.find((each) => each.receiptHandle === receiptHandle);
    if (!message) return false;
    this.remove(message);
    return true;
  }

  /** Makes the message of `receiptHandle` visible again after `seconds` (0: at once). */
  changeVisibility(receiptHandle: string, seconds: number): boolean {
    const message = this.messages.find((each) => each.receiptHandle === receiptHandle);
    if (!message) return false;
    message.invisibleUntil = this.now() + seconds * 1000;
    for (const listener of this.listeners) listener();
    return true;
  }

  /** Moves every message to `target` as new (StartMessageMoveTask from a dead-letter queue); answers how many. */
  moveAllTo(target: LocalQueue): number {
    const moving = this.messages;
    this.messages = [];
    for (const message of moving) {
      target.add({ ...message, receiveCount: 0, invisibleUntil: 0, receiptHandle: undefined });
    }
    return moving.length;
  }

  /** What it holds: visible now, and received but not deleted (in flight). */
  counts(): { visible: number; inFlight: number } {
    const now = this.now();
    const inFlight = this.messages.filter((message) => message.invisibleUntil > now).length;
    return { visible: this.messages.length - inFlight, inFlight };
  }

  /** The messages, oldest first (copies). */
  list(): QueuedMessage[] {
    return this.messages.map((message) => ({ ...message }));
  }

  /** When the next hidden message becomes visible, if any is hidden. */
  nextVisibleAt(): number | undefined {
    const now = this.now();
    const hidden = this.messages.map((m) => m.invisibleUntil).filter((at) => at > now);
    return hidden.length > 0 ? Math.min(...hidden) : undefined;
  }

  private remove(message: QueuedMessage): void {
    this.messages = this.messages.filter((each) => each !== message);
  }
}
