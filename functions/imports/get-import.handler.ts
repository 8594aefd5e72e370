import { httpHandler, ok } from '#shared/http';
import { getImport as route } from './import.contract';
import { getImport } from './import-service';

export const handler = httpHandler(route, async ({ caller, params }) => ok(await getImport(caller, params.importId)));
