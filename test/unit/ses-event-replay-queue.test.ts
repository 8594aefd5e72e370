import { type DeleteMessageCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { type QueueSender, replaySesEventDeadLetters, sqsEventQueue } from '../../scripts/ses-event-dead-letters';

/**
 * The replay script's SQS adapter (`npm run replay-dead-letters -- --ses-events`), through a
 * stand-in for the SQS client at its one boundary, `send`: no SQS stand-in runs locally (the e2e
 * test of the replay, test/e2e/ses-event-dead-letter-replay.test.ts, keeps SQS's semantics in
 * memory behind the adapter instead). The stand-in records each command's input and answers
 * ReceiveMessage with the pages given, then nothing.
 */
function sqsStandIn(pages: Message[][]) {
  const sent: { command: string; input: unknown }[] = [];
  const client = {
    send: async (command: ReceiveMessageCommand | DeleteMessageCommand) => {
      sent.push({ command: command.constructor.name, input: command.input });
      if (command instanceof ReceiveMessageCommand) return { Messages: pages.shift() ?? [] };
      return {};
    },
  } as QueueSender;
  return { client, sent };
}

const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/ses-events-dead-letters';

describe("the SES events replay's SQS queue adapter", () => {
  it('receives up to 10 messages of the queue, hidden for 5 minutes, as id, body and receipt', async () => {
    const { client, sent } = sqsStandIn([[{ MessageId: 'm-1', Body: '{"id":"e-1"}', ReceiptHandle: 'r-1' }]]);

    const messages = await sqsEventQueue(client, queueUrl).receive();

    expect(messages).toEqual([{ id: 'm-1', body: '{"id":"e-1"}', receipt: 'r-1' }]);
    expect(sent).toEqual([
      {
        command: 'ReceiveMessageCommand',
        input: { QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300, WaitTimeSeconds: 1 },
      },
    ]);
  });

  it('passes over a message without an id, a body or a receipt handle', async () => {
    const { client } = sqsStandIn([
      [
        { Body: '{}', ReceiptHandle: 'r-1' },
        { MessageId: 'm-2', ReceiptHandle: 'r-2' },
        { MessageId: 'm-3', Body: '{}' },
        { MessageId: 'm-4', Body: '{}', ReceiptHandle: 'r-4' },
      ],
    ]);

    expect((await sqsEventQueue(client, queueUrl).receive()).map((m) => m.id)).toEqual(['m-4']);
  });

  it('answers no messages when the queue has none', async () => {
    const { client } = sqsStandIn([]);

    expect(await sqsEventQueue(client, queueUrl).receive()).toEqual([]);
  });

  it('deletes a replayed event by its receipt handle, and leaves one the function fails on again', async () => {
    const { client, sent } = sqsStandIn([
      [
        { MessageId: 'm-1', Body: '{"n":1}', ReceiptHandle: 'r-1' },
        { MessageId: 'm-2', Body: '{"n":2}', ReceiptHandle: 'r-2' },
      ],
    ]);

    const outcome = await replaySesEventDeadLetters(sqsEventQueue(client, queueUrl), async (event) => {
      if ((event as { n: number }).n === 2) throw new Error('still failing');
    });

    expect(outcome).toEqual({ replayed: ['m-1'], failed: [{ id: 'm-2', error: 'still failing' }] });
    expect(sent.filter((each) => each.command === 'DeleteMessageCommand')).toEqual([
      { command: 'DeleteMessageCommand', input: { QueueUrl: queueUrl, ReceiptHandle: 'r-1' } },
    ]);
  });
});
