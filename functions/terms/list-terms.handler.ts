import { httpHandler, ok } from '#shared/http';
import { listTerms as route } from './terms.contract';
import { listTerms } from './terms-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listTerms(caller, query)));
