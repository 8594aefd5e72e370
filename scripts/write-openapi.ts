/** `npm run openapi`: writes docs/openapi.json from the route contracts (a test fails when it is stale). */
import { writeFileSync } from 'node:fs';
import { routes } from '../functions/routes';
import { buildOpenApiDocument } from './openapi';

writeFileSync(
  new URL('../docs/openapi.json', import.meta.url),
  `${JSON.stringify(buildOpenApiDocument(routes.map((r) => r.contract)), null, 2)}\n`,
);
console.log('docs/openapi.json written');
