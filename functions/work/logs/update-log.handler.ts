import { httpHandler, ok } from '#shared/http';
import { updateLog as route } from './log.contract';
import { updateLog } from './log-writes';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateLog(caller, params.logId, body)),
);
