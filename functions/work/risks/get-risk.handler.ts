import { httpHandler, ok } from '#shared/http';
import { getRisk as route } from './risk.contract';
import { getRisk } from './risk-service';

export const handler = httpHandler(route, async ({ caller, params }) => ok(await getRisk(caller, params.riskId)));
