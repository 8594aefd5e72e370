import { httpHandler, ok } from '#shared/http';
import { getClientViewCalendar } from './client-portal.contract';
import { readViewCalendar } from './client-portal-service';

export const handler = httpHandler(getClientViewCalendar, async ({ caller, params, query }) =>
  ok(await readViewCalendar(caller, params.viewId, query)),
);
