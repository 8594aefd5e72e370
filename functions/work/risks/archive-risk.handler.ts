import { httpHandler, ok } from '#shared/http';
import { archiveRisk as route } from './risk.contract';
import { archiveRisk } from './risk-service';

export const handler = httpHandler(route, async ({ caller, params }) => ok(await archiveRisk(caller, params.riskId)));
