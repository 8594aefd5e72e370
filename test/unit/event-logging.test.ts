import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { capturedOutput } from '../support/captured-output';
import { httpEvent } from '../support/events';

/*
 * Powertools logs every invocation's event when POWERTOOLS_LOGGER_LOG_EVENT=true, a switch anyone
 * may flip while debugging. The handlers must still log no code, session or link token (R11):
 * the switch is read when the logger is made, so it is set first and the modules loaded afresh.
 */
const session = `AYABeC1-y8qooiuysEv0uM4wAqQAHQABAAdTZXJ2aWNlABBDb2duaXRvVXNlclBvb2xz${'Zk9'.repeat(60)}`;
const code = '042517';
const linkToken = 'Qm9vdHMtYW5kLWhhdHMtYW5kLWdsb3Zlcy0xMjM0NTY';

const context = {
  functionName: 'fieldpass-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:fieldpass-test',
  memoryLimitInMB: '256',
  awsRequestId: 'aws-req-1',
  getRemainingTimeInMillis: () => 5000,
} as Context;

const saved = { logEvent: process.env.POWERTOOLS_LOGGER_LOG_EVENT, level: process.env.POWERTOOLS_LOG_LEVEL };
let logger: typeof import('../../functions/shared/logger').logger;

beforeAll(async () => {
  process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  // The stream consumer's modules need it at load; nothing is sent.
  process.env.ATTACHMENTS_BUCKET ??= 'unit-test-attachments';
  vi.resetModules();
  ({ logger } = await import('../../functions/shared/logger'));
});

afterAll(() => {
  process.env.POWERTOOLS_LOGGER_LOG_EVENT = saved.logEvent;
  process.env.POWERTOOLS_LOG_LEVEL = saved.level;
  vi.resetModules();
});

/** The verify request as the portal page sends it (its link token malformed, so nothing is looked up). */
const verifyRequest = () =>
  httpEvent({
    method: 'POST',
    path: '/portal/sign-in/verify',
    headers: { 'content-type': 'application/json', 'x-link-token': `${linkToken}!` },
    body: JSON.stringify({ session, code }),
  });

describe('with POWERTOOLS_LOGGER_LOG_EVENT=true', () => {
  it('does not log the verify request: neither its code nor its Cognito session nor the link token', async () => {
    const { handler } = await import('../../functions/portal-sign-in/verify-portal-code.handler');

    const logged = await capturedOutput(async () => {
      const res = await handler(verifyRequest(), context);
      expect(res.statusCode).toBe(400);
    });

    // Pinned off in the middleware, whatever the variable says.
    expect(logged).not.toContain('Lambda invocation event');
    for (const secret of [session, code, linkToken]) expect(logged).not.toContain(secret);
  });

  it('redacts the event by value should it be logged anyway', async () => {
    const logged = await capturedOutput(async () => logger.info('Lambda invocation event', { event: verifyRequest() }));

    expect(logged).toContain('Lambda invocation event');
    expect(logged).toContain('/portal/sign-in/verify');
    for (const secret of [session, code, linkToken]) expect(logged).not.toContain(secret);
  });

  it.each([
    ['records', '../../functions/streams/records-consumer.handler'],
    ['reactions', '../../functions/streams/reactions-consumer.handler'],
  ])("does not log the %s consumer's records, which hold addresses and code digests", async (_name, module) => {
    const { handler } = (await import(module)) as typeof import('../../functions/streams/records-consumer.handler');
    const event: DynamoDBStreamEvent = {
      Records: [
        {
          eventID: 'e-1',
          eventName: 'MODIFY',
          eventSource: 'aws:dynamodb',
          dynamodb: {
            Keys: { pk: { S: 'ACC#acc-1' }, sk: { S: 'CODESEND#s-1' } },
            NewImage: {
              pk: { S: 'ACC#acc-1' },
              sk: { S: 'CODESEND#s-1' },
              entity: { S: 'CodeSendTicket' },
              email: { S: 'tess.steward@example.com' },
              codeHash: { S: 'c2NyeXB0LWRpZ2VzdC1vZi10aGUtY29kZQ' },
            },
            SequenceNumber: '100',
            StreamViewType: 'NEW_AND_OLD_IMAGES',
          },
        },
      ],
    };

    const logged = await capturedOutput(() => handler(event, context));

    expect(logged).not.toContain('Lambda invocation event');
    expect(logged).not.toContain('tess.steward@example.com');
    expect(logged).not.toContain('c2NyeXB0LWRpZ2VzdC1vZi10aGUtY29kZQ');
  });
});
