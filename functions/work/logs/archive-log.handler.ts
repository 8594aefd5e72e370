import { httpHandler, ok } from '#shared/http';
import { archiveLog as route } from './log.contract';
import { archiveLog } from './log-service';

export const handler = httpHandler(route, async ({ caller, params }) => ok(await archiveLog(caller, params.logId)));
