import { httpHandler, ok } from '#shared/http';
import { getExport as route } from './export.contract';
import { signExportDownload } from './export-links';
import { exportStatus } from './export-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await exportStatus(caller, params.exportId, signExportDownload)),
);
