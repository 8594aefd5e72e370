import { accepted, httpHandler } from '#shared/http';
import { validateImport as route } from './import.contract';
import { validateImport } from './import-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  accepted(await validateImport(caller, params.importId)),
);
