import { brotliDecompressSync } from 'node:zlib';
import { httpHandler, ok } from '#shared/http';
// The document is generated from the route contracts by `npm run openapi`, and a test fails when
// the checked-in copy is stale. It is kept Brotli-compressed in a generated data file (about 20 kB
// from 320 kB: the whole document is larger than a function's bundle budget), and unpacked once
// per container, on the first request.
import openApiDocument from './openapi-document.json';
import { getOpenApi } from './system.contract';

let document: Record<string, unknown> | undefined;

export const handler = httpHandler(getOpenApi, async () => {
  document ??= JSON.parse(
    brotliDecompressSync(Buffer.from(openApiDocument.brotliBase64, 'base64')).toString('utf8'),
  ) as Record<string, unknown>;
  return ok(document);
});
