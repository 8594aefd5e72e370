import { httpHandler, ok } from '#shared/http';
import { listLogs as route } from './log.contract';
import { listLogs } from './log-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listLogs(caller, query)));
