import { httpHandler, ok } from '#shared/http';
import { listExports } from './export-list-service';
import { listExports as route } from './get-export.contract';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listExports(caller, query)));
