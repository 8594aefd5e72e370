import { httpHandler, ok } from '#shared/http';
import { signExportDownload } from './export-links';
import { exportStatus } from './export-status-service';
import { getExport as route } from './get-export.contract';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await exportStatus(caller, params.exportId, signExportDownload)),
);
