import { accepted, httpHandler } from '#shared/http';
import { commitImport as route } from './import.contract';
import { commitImport } from './import-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  accepted(await commitImport(caller, params.importId, { skipInvalidRows: body?.skipInvalidRows === true })),
);
