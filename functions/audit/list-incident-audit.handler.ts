import { httpHandler, ok } from '#shared/http';
import { listIncidentAudit } from './audit.contract';
import { listItemTrail } from './audit-service';

export const handler = httpHandler(listIncidentAudit, async ({ caller, params, query }) =>
  ok(await listItemTrail('incident', caller, params.incidentId ?? '', query)),
);
