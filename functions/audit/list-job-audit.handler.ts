import { httpHandler, ok } from '#shared/http';
import { listJobAudit } from './audit.contract';
import { listItemTrail } from './audit-service';

export const handler = httpHandler(listJobAudit, async ({ caller, params, query }) =>
  ok(await listItemTrail('job', caller, params.jobId ?? '', query)),
);
