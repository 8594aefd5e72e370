import { httpHandler, ok } from '#shared/http';
import { getClientMe } from './client-portal.contract';
import { readClientMe } from './client-portal-service';

export const handler = httpHandler(getClientMe, async ({ caller }) => ok(await readClientMe(caller)));
