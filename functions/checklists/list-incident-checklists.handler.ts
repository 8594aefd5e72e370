import { httpHandler, ok } from '#shared/http';
import { incidentReads as incidents } from '../work/incidents/incident-kind';
import { incidentChecklistRoutes } from './checklist.contract';
import { listChecklists } from './checklist-review';
import type { ChecklistItemKind } from './checklist-service';

export const handler = httpHandler(incidentChecklistRoutes.list, async ({ caller, params }) =>
  ok(await listChecklists(incidents as unknown as ChecklistItemKind, caller, params.incidentId ?? '')),
);
