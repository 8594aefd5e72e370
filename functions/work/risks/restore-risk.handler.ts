import { httpHandler, ok } from '#shared/http';
import { restoreRisk as route } from './risk.contract';
import { restoreRisk } from './risk-service';

export const handler = httpHandler(route, async ({ caller, params }) => ok(await restoreRisk(caller, params.riskId)));
