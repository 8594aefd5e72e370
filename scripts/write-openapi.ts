/**
 * `npm run openapi`: writes docs/openapi.json from the route contracts, and the same document
 * Brotli-compressed for the `GET /openapi.json` function (functions/system/openapi-document.json):
 * the document is larger than a function's whole 250 kB budget, and under a fifteenth of that
 * compressed (Brotli's text mode; gzip's is half as large again). A test fails when either is stale.
 */
import { writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { routes } from '../functions/routes';
import { buildOpenApiDocument } from './openapi';

const document = buildOpenApiDocument(routes.map((r) => r.contract));
const text = JSON.stringify(document);
writeFileSync(new URL('../docs/openapi.json', import.meta.url), `${JSON.stringify(document, null, 2)}\n`);
const compressed = brotliCompressSync(text, {
  params: {
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
    [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text),
  },
});
// A generated data file, as docs/openapi.json is: the function's bundle holds it as data.
writeFileSync(
  new URL('../functions/system/openapi-document.json', import.meta.url),
  `${JSON.stringify({ brotliBase64: compressed.toString('base64') })}\n`,
);
console.log('docs/openapi.json and functions/system/openapi-document.json written');
