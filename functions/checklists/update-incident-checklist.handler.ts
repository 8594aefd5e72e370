import { httpHandler, ok } from '#shared/http';
import { incidentReads as incidents } from '../work/incidents/incident-kind';
import { incidentChecklistRoutes } from './checklist.contract';
import { type ChecklistItemKind, updateChecklist } from './checklist-service';

export const handler = httpHandler(incidentChecklistRoutes.update, async ({ caller, params, body }) =>
  ok(
    await updateChecklist(
      incidents as unknown as ChecklistItemKind,
      caller,
      params.incidentId ?? '',
      params.checklistId ?? '',
      body,
    ),
  ),
);
