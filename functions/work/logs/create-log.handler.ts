import { created, httpHandler } from '#shared/http';
import { createLog as route } from './log.contract';
import { createLog } from './log-writes';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createLog(caller, body)));
