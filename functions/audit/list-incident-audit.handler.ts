import { httpHandler, ok } from '#shared/http';
import { incidentReads as incidents } from '../work/incidents/incident-kind';
import type { jobReads as jobs } from '../work/jobs/job-kind';
import { listIncidentAudit } from './audit.contract';
import { listItemTrail } from './audit-service';

export const handler = httpHandler(listIncidentAudit, async ({ caller, params, query }) =>
  ok(await listItemTrail(incidents as unknown as typeof jobs, caller, params.incidentId ?? '', query)),
);
