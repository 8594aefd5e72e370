import { httpHandler, ok } from '#shared/http';
import { incidents } from '../work/incidents/incident-service';
import { incidentChecklistRoutes } from './checklist.contract';
import { type ChecklistItemKind, listChecklists } from './checklist-service';

export const handler = httpHandler(incidentChecklistRoutes.list, async ({ caller, params }) =>
  ok(await listChecklists(incidents as unknown as ChecklistItemKind, caller, params.incidentId ?? '')),
);
