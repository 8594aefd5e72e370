import { httpHandler, ok } from '#shared/http';
import { listExternalActivity as route } from './audit.contract';
import { listExternalActivity } from './audit-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listExternalActivity(caller, query)));
