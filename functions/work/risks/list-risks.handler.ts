import { httpHandler, ok } from '#shared/http';
import { listRisks as route } from './risk.contract';
import { listRisks } from './risk-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listRisks(caller, query)));
