import { describe, expect, it } from 'vitest';
import { failedMessages, LocalQueue } from '../../local/sqs';

/** A worker queue and its dead-letter queue on a clock the test moves. */
function queues(options: { visibilityTimeoutSeconds?: number; maxReceiveCount?: number } = {}) {
  let now = 1_767_225_600_000;
  const clock = () => now;
  const deadLetters = new LocalQueue({
    name: 'dead-letters',
    region: 'eu-west-1',
    url: 'http://127.0.0.1:1/000000000000/dead-letters',
    visibilityTimeoutSeconds: 30,
    now: clock,
  });
  const queue = new LocalQueue({
    name: 'work',
    region: 'eu-west-1',
    url: 'http://127.0.0.1:1/000000000000/work',
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 10,
    deadLetter: { queue: deadLetters, maxReceiveCount: options.maxReceiveCount ?? 3 },
    now: clock,
  });
  return { queue, deadLetters, advance: (seconds: number) => (now += seconds * 1000) };
}

describe('the local SQS queue', () => {
  it('hands out at most the batch size, first sent first, each hidden for the visibility timeout', () => {
    const { queue, advance } = queues();
    for (const body of ['a', 'b', 'c']) queue.send(body);

    expect(queue.receive(2).map((m) => m.body)).toEqual(['a', 'b']);
    expect(queue.receive(2).map((m) => m.body)).toEqual(['c']);
    expect(queue.receive(2)).toEqual([]);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 3 });
    advance(9.999);
    expect(queue.receive(10)).toEqual([]);
    advance(0.001);
    expect(queue.counts()).toEqual({ visible: 3, inFlight: 0 });
  });

  it('brings back a message not deleted after its visibility timeout, with its receive counted', () => {
    const { queue, advance } = queues();
    queue.send('step');
    const [first] = queue.receive(1);
    advance(10);
    const [again] = queue.receive(1);

    expect(again).toMatchObject({ messageId: first?.messageId, receiveCount: 2 });
    expect(again?.receiptHandle).not.toBe(first?.receiptHandle);
  });

  it('deletes a message only with the receipt handle of its latest receive', () => {
    const { queue, advance } = queues();
    queue.send('step');
    const [first] = queue.receive(1);
    advance(10);
    const [again] = queue.receive(1);

    expect(queue.delete(first?.receiptHandle ?? '')).toBe(false);
    expect(queue.delete(again?.receiptHandle ?? '')).toBe(true);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0 });
  });

  it('moves a message received the most times to the dead-letter queue at its next receive, and a redrive brings it back fresh', () => {
    const { queue, deadLetters, advance } = queues({ maxReceiveCount: 2 });
    queue.send('failing step');
    expect(queue.receive(1)).toHaveLength(1);
    advance(10);
    expect(queue.receive(1)[0]?.receiveCount).toBe(2);
    advance(10);

    expect(queue.receive(1)).toEqual([]);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0 });
    expect(deadLetters.list().map((m) => m.body)).toEqual(['failing step']);

    expect(deadLetters.moveAllTo(queue)).toBe(1);
    expect(deadLetters.list()).toEqual([]);
    expect(queue.receive(1)[0]).toMatchObject({ body: 'failing step', receiveCount: 1 });
  });

  it('counts every message it accepts, sent or redriven, and says when the next hidden one shows', () => {
    const { queue, advance } = queues();
    queue.send('a');
    queue.receive(1);
    expect(queue.accepted).toBe(1);
    expect(queue.nextVisibleAt()).toBeGreaterThan(0);
    advance(10);
    expect(queue.nextVisibleAt()).toBeUndefined();
  });
});

describe("the local SQS mapping's reading of a handler's answer (ReportBatchItemFailures)", () => {
  const batch = [{ messageId: 'm-1' }, { messageId: 'm-2' }, { messageId: 'm-3' }];

  it('fails only the messages the answer names', () => {
    const answer = { batchItemFailures: [{ itemIdentifier: 'm-2' }] };
    expect([...failedMessages(batch, { threw: false, answer }, true)]).toEqual(['m-2']);
  });

  it('fails none for an empty list, or an answer without one', () => {
    expect(failedMessages(batch, { threw: false, answer: { batchItemFailures: [] } }, true).size).toBe(0);
    expect(failedMessages(batch, { threw: false, answer: undefined }, true).size).toBe(0);
  });

  it('fails them all when the handler threw, or named a message not in the batch or none at all', () => {
    expect(failedMessages(batch, { threw: true }, true).size).toBe(3);
    const stranger = { batchItemFailures: [{ itemIdentifier: 'm-9' }] };
    expect(failedMessages(batch, { threw: false, answer: stranger }, true).size).toBe(3);
    const empty = { batchItemFailures: [{ itemIdentifier: '' }] };
    expect(failedMessages(batch, { threw: false, answer: empty }, true).size).toBe(3);
  });

  it('reads no answer without ReportBatchItemFailures: a batch that returned succeeded', () => {
    const answer = { batchItemFailures: [{ itemIdentifier: 'm-2' }] };
    expect(failedMessages(batch, { threw: false, answer }, false).size).toBe(0);
  });
});
