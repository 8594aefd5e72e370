import { httpHandler, noContent } from '#shared/http';
import { deleteRisk as route } from './risk.contract';
import { deleteRisk } from './risk-service';

export const handler = httpHandler(route, async ({ caller, params }) => {
  await deleteRisk(caller, params.riskId);
  return noContent();
});
