import { created, httpHandler } from '#shared/http';
import { publishTerms as route } from './terms.contract';
import { publishTerms } from './terms-service';

export const handler = httpHandler(route, async ({ caller, body }) => created(await publishTerms(caller, body)));
