import { httpHandler, ok } from '#shared/http';
import { restoreLog as route } from './log.contract';
import { restoreLog } from './log-service';

export const handler = httpHandler(route, async ({ caller, params }) => ok(await restoreLog(caller, params.logId)));
