/**
 * `npm run openapi`: writes docs/openapi.json from the route contracts, and the same document
 * gzipped for the `GET /openapi.json` function (functions/system/openapi-document.ts): the
 * document is larger than a function's whole 250 kB budget, and a tenth of that compressed. A test
 * fails when either is stale.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { routes } from '../functions/routes';
import { buildOpenApiDocument } from './openapi';

const document = buildOpenApiDocument(routes.map((r) => r.contract));
writeFileSync(new URL('../docs/openapi.json', import.meta.url), `${JSON.stringify(document, null, 2)}\n`);
const gzipped = gzipSync(JSON.stringify(document), { level: 9 }).toString('base64');
writeFileSync(
  new URL('../functions/system/openapi-document.ts', import.meta.url),
  `// Written by \`npm run openapi\` (scripts/write-openapi.ts): docs/openapi.json, gzipped, in base64.\nexport const openApiDocumentGzip =\n  '${gzipped}';\n`,
);
console.log('docs/openapi.json and functions/system/openapi-document.ts written');
