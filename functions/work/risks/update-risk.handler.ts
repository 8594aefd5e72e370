import { httpHandler, ok } from '#shared/http';
import { updateRisk as route } from './risk.contract';
import { updateRisk } from './risk-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateRisk(caller, params.riskId, body)),
);
