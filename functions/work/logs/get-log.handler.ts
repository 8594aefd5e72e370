import { httpHandler, ok } from '#shared/http';
import { getLog as route } from './log.contract';
import { getLog } from './log-service';

export const handler = httpHandler(route, async ({ caller, params }) => ok(await getLog(caller, params.logId)));
