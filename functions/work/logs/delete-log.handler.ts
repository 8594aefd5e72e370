import { httpHandler, noContent } from '#shared/http';
import { deleteLog as route } from './log.contract';
import { deleteLog } from './log-delete';

export const handler = httpHandler(route, async ({ caller, params }) => {
  await deleteLog(caller, params.logId);
  return noContent();
});
