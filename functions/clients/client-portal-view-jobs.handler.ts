import { httpHandler, ok } from '#shared/http';
import { getClientViewJobs } from './client-portal.contract';
import { readViewJobs } from './client-portal-service';

export const handler = httpHandler(getClientViewJobs, async ({ caller, params, query }) =>
  ok(await readViewJobs(caller, params.viewId, query)),
);
