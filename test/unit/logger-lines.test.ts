import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logger, withLambdaContext } from '../../functions/shared/logger';
import { capturedOutput } from '../support/captured-output';

/*
 * The shared logger's lines (functions/shared/logger.ts): Powertools Logger's field names, which
 * log queries and alarms rely on, kept since FieldPass writes its own lines (issue 17).
 */
const context = {
  functionName: 'fieldpass-ListJobs',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:fieldpass-ListJobs',
  memoryLimitInMB: '256',
  awsRequestId: 'aws-req-9',
  getRemainingTimeInMillis: () => 5000,
} as Context;

const linesOf = (output: string) =>
  output
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeEach(() => logger.setLogLevel('INFO'));
afterEach(() => logger.setLogLevel('SILENT'));

describe('a log line', () => {
  it("is one JSON line with the level, message, time, service and the invocation's Lambda context", async () => {
    const handler = withLambdaContext(async () => logger.info('listed', { count: 3 }));

    const [line] = linesOf(await capturedOutput(() => handler({}, context)));

    expect(line).toEqual({
      level: 'INFO',
      message: 'listed',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      service: 'fieldpass',
      cold_start: expect.any(Boolean),
      function_arn: context.invokedFunctionArn,
      function_memory_size: 256,
      function_name: 'fieldpass-ListJobs',
      function_request_id: 'aws-req-9',
      count: 3,
    });
  });

  it('carries the keys appended during the invocation, and not after it', async () => {
    const handler = withLambdaContext(async () => {
      logger.appendKeys({ requestId: 'r-1' });
      logger.info('inside');
    });

    const lines = linesOf(
      await capturedOutput(async () => {
        await handler({}, context);
        logger.info('after');
      }),
    );

    expect(lines[0]).toMatchObject({ message: 'inside', requestId: 'r-1' });
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it('writes an error as its name, location, message and stack', async () => {
    const [line] = linesOf(
      await capturedOutput(async () => logger.error('Unhandled error', new RangeError('too far'))),
    );

    expect(line).toMatchObject({
      level: 'ERROR',
      error: { name: 'RangeError', message: 'too far', location: expect.stringContaining(':') },
    });
    expect(JSON.stringify(line)).toContain('RangeError: too far');
  });

  it('leaves out what is below the level', async () => {
    logger.setLogLevel('WARN');

    const lines = linesOf(
      await capturedOutput(async () => {
        logger.info('quiet');
        logger.warn('loud');
      }),
    );

    expect(lines.map((l) => l.message)).toEqual(['loud']);
  });

  it('redacts secrets by key and by value', async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQ';

    const output = await capturedOutput(async () =>
      logger.warn(`refused ${jwt}`, { linkToken: 'k7Zq0secretLinkToken', nested: { code: '123456' } }),
    );

    for (const secret of [jwt, 'k7Zq0secretLinkToken', '123456']) expect(output).not.toContain(secret);
  });

  it('still logs the message when an attribute cannot be serialised', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    const [line] = linesOf(await capturedOutput(async () => logger.error('odd attribute', { circular })));

    expect(line).toMatchObject({ level: 'ERROR', message: 'odd attribute' });
  });
});
