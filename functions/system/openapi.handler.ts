import { httpHandler, ok } from '#shared/http';
// The document is generated from the route contracts by `npm run openapi`, and a test fails when
// the checked-in copy is stale; serving the file keeps the generator out of this function's bundle.
import document from '../../docs/openapi.json' with { type: 'json' };
import { getOpenApi } from './system.contract';

export const handler = httpHandler(getOpenApi, async () => ok(document));
