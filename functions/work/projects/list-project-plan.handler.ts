import { httpHandler, ok } from '#shared/http';
import { listProjectPlan as route } from './plan.contract';
import { listProjectPlan } from './plan-service';

export const handler = httpHandler(route, async ({ caller, params, query }) =>
  ok(await listProjectPlan(caller, params.projectId, query)),
);
