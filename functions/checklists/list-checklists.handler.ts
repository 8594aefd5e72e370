import { itemHandler, ok } from '#shared/http';
import { assignableReads } from '../work/assignable-reads';
import { checklistRoutes } from './checklist.contract';
import { listChecklists } from './checklist-review';

export const handler = itemHandler(checklistRoutes.list, async ({ caller, item }) =>
  ok(await listChecklists(assignableReads[item.type], caller, item.id)),
);
