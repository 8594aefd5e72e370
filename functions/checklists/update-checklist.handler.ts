import { itemHandler, ok } from '#shared/http';
import { assignableReads } from '../work/assignable-reads';
import { checklistRoutes } from './checklist.contract';
import { updateChecklist } from './checklist-service';

export const handler = itemHandler(checklistRoutes.update, async ({ caller, item, params, body }) =>
  ok(await updateChecklist(assignableReads[item.type], caller, item.id, params.checklistId, body)),
);
