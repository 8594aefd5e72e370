import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../lib/constructs/fieldpass-function';
import { repoRoot } from '../../lib/repo-root';

/** The runtime's published store, as the Lambda runtime leaves it on globalThis. */
const runtime = globalThis as { awslambda?: { InvokeStore?: unknown } };

let headers: IncomingHttpHeaders[] = [];
const server = createServer((request, response) => {
  headers.push(request.headers);
  request.resume().on('end', () => {
    response.setHeader('content-type', 'application/x-amz-json-1.0');
    response.end('{}');
  });
});
let getItem: () => Promise<unknown>;
let bundledInputs: string[];
const saved = { ...process.env };

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // A DynamoDB call, bundled exactly as the functions are.
  const result = await build({
    ...lambdaBuildOptions,
    stdin: {
      contents: `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
        const client = new DynamoDBClient({
          region: 'eu-west-1',
          endpoint: 'http://127.0.0.1:${port}',
          credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
        });
        export const getItem = () => client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }));`,
      resolveDir: repoRoot,
    },
    write: false,
    metafile: true,
  });
  bundledInputs = Object.keys(result.metafile?.inputs ?? {});
  // A file, not a data: URL: the bundle's banner makes `require` from its own URL.
  const file = join(await mkdtemp(join(tmpdir(), 'bundle-')), 'get-item.mjs');
  await writeFile(file, result.outputFiles?.[0]?.text ?? '');
  ({ getItem } = await import(pathToFileURL(file).href));
});

afterEach(() => {
  headers = [];
  delete runtime.awslambda;
  process.env = { ...saved };
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the Lambda bundles' InvokeStore", () => {
  it('is the small reader of the runtime store, not the package', () => {
    expect(bundledInputs).toContain('lib/bundling/shims/lambda-invoke-store.ts');
    expect(bundledInputs.some((file) => file.includes('@aws/lambda-invoke-store'))).toBe(false);
  });

  it("sends the invocation's X-Ray trace id and trace context from the store the runtime publishes", async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'fieldpass-fn';
    process.env._X_AMZN_TRACE_ID = 'Root=1-00000000-env;Sampled=1';
    runtime.awslambda = {
      InvokeStore: {
        getXRayTraceId: () => 'Root=1-11111111-store;Sampled=1',
        getTraceparent: () => '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        getTracestate: () => 'fieldpass=1',
        getBaggage: () => undefined,
      },
    };
    await getItem();
    expect(headers[0]?.['x-amzn-trace-id']).toBe('Root=1-11111111-store;Sampled=1');
    expect(headers[0]?.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(headers[0]?.tracestate).toBe('fieldpass=1');
  });

  it('sends the trace id of _X_AMZN_TRACE_ID when the runtime publishes no store', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'fieldpass-fn';
    process.env._X_AMZN_TRACE_ID = 'Root=1-00000000-env;Sampled=1';
    await getItem();
    expect(headers[0]?.['x-amzn-trace-id']).toBe('Root=1-00000000-env;Sampled=1');
    expect(headers[0]?.traceparent).toBeUndefined();
  });

  it('sends no trace id outside Lambda', async () => {
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    process.env._X_AMZN_TRACE_ID = 'Root=1-00000000-env;Sampled=1';
    await getItem();
    expect(headers[0]?.['x-amzn-trace-id']).toBeUndefined();
  });
});
