import { created, httpHandler } from '#shared/http';
import { startImport as route } from './import.contract';
import { startImport } from './start-import';

export const handler = httpHandler(route, async ({ caller, body }) => created(await startImport(caller, body)));
