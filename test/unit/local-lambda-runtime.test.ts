import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger, withLambdaContext } from '../../functions/shared/logger';
import { invokeTrigger } from '../../local/cognito/auth/triggers';
import { lambdaContext, withinInvocation } from '../../local/lambda-runtime';

// The shared logger reads its level at load: these tests read what it writes.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

/** Every JSON log line written to stdout or stderr while the test runs. */
function captureLogLines(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const capture = (chunk: unknown) => {
    for (const line of String(chunk).split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the local Lambda runtime', () => {
  it('keeps a stream batch and a sign-in trigger running at once each in its own log context', async () => {
    const lines = captureLogLines();
    let refused: () => void = () => undefined;
    const refusalLogged = new Promise<void>((resolve) => {
      refused = resolve;
    });
    // Shaped as the stream consumer is: the shared logger with the Lambda context.
    const consumer = withLambdaContext(async (event: { batch: string }) => {
      logger.appendKeys({ batch: event.batch });
      logger.info('consumer: started');
      await refusalLogged;
      logger.info('consumer: finished');
    });
    // Shaped as the sign-in triggers are: the shared logger, no middleware.
    const trigger = async (event: { userName: string }) => {
      logger.warn('trigger: code refused', { externalUserId: event.userName });
      refused();
      return event;
    };
    const context: Context = lambdaContext({ functionName: 'StreamConsumer', timeoutMs: 60_000 });

    const batch = withinInvocation(context, () => consumer({ batch: 'b-1' }, context));
    await vi.waitFor(() => expect(lines.map((l) => l.message)).toContain('consumer: started'));
    await invokeTrigger('VerifyAuthChallengeResponse', trigger, { userName: 'ext-1' });
    await batch;

    const line = (message: string) => lines.find((l) => l.message === message) ?? {};
    expect(line('trigger: code refused')).toMatchObject({ externalUserId: 'ext-1' });
    expect(line('trigger: code refused')).not.toHaveProperty('function_name');
    expect(line('trigger: code refused')).not.toHaveProperty('batch');
    expect(line('consumer: finished')).toMatchObject({
      function_name: 'StreamConsumer',
      function_request_id: context.awsRequestId,
      batch: 'b-1',
    });
  });

  it('gives two invocations of one function their own request ids and keys', async () => {
    const lines = captureLogLines();
    let secondLogged: () => void = () => undefined;
    const secondHasLogged = new Promise<void>((resolve) => {
      secondLogged = resolve;
    });
    const handler = withLambdaContext(async (event: { n: number }) => {
      logger.appendKeys({ n: event.n });
      if (event.n === 1) await secondHasLogged;
      logger.info(`call ${event.n}`);
      if (event.n === 2) secondLogged();
    });
    const contexts = [1, 2].map(() => lambdaContext({ functionName: 'ListJobs', timeoutMs: 10_000 }));

    await Promise.all(
      [1, 2].map((n, i) => {
        const context = contexts[i] as Context;
        return withinInvocation(context, () => handler({ n }, context));
      }),
    );

    for (const [i, n] of [1, 2].entries()) {
      expect(lines.find((l) => l.message === `call ${n}`)).toMatchObject({
        function_name: 'ListJobs',
        function_request_id: contexts[i]?.awsRequestId,
        n,
      });
    }
  });
});
