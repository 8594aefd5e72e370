import { created, httpHandler } from '#shared/http';
import { createRisk as route } from './risk.contract';
import { createRisk } from './risk-service';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createRisk(caller, body)));
