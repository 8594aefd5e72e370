import { accepted, httpHandler } from '#shared/http';
import { startExport as route } from './export.contract';
import { startExport } from './export-service';

export const handler = httpHandler(route, async ({ caller, body }) => accepted(await startExport(caller, body)));
