import { httpHandler, ok } from '#shared/http';
import { incidents } from '../work/incidents/incident-service';
import type { jobs } from '../work/jobs/job-service';
import { listIncidentAudit } from './audit.contract';
import { listItemTrail } from './audit-service';

export const handler = httpHandler(listIncidentAudit, async ({ caller, params, query }) =>
  ok(await listItemTrail(incidents as unknown as typeof jobs, caller, params.incidentId ?? '', query)),
);
