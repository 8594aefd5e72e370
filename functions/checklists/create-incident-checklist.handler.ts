import { created, httpHandler } from '#shared/http';
import { incidentReads as incidents } from '../work/incidents/incident-kind';
import { incidentChecklistRoutes } from './checklist.contract';
import { type ChecklistItemKind, createChecklist } from './checklist-service';

export const handler = httpHandler(incidentChecklistRoutes.create, async ({ caller, params, body }) =>
  created(await createChecklist(incidents as unknown as ChecklistItemKind, caller, params.incidentId ?? '', body)),
);
