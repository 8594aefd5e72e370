import { created, itemHandler } from '#shared/http';
import { assignableReads } from '../work/assignable-reads';
import { checklistRoutes } from './checklist.contract';
import { createChecklist } from './checklist-service';

export const handler = itemHandler(checklistRoutes.create, async ({ caller, item, body }) =>
  created(await createChecklist(assignableReads[item.type], caller, item.id, body)),
);
