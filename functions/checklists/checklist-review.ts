import type { AssignableType } from '#shared/data/keys';
import type { StaffCaller } from '#shared/http';
import { getWorkItem } from '../work/shared/work-item-service';
import { checklistViews } from './attachment-links';
import { readItemChecklists } from './checklist-repository';
import type { ChecklistItemKind } from './checklist-service';

// Apart from checklist-service.ts: only this view signs download URLs, so only its functions
// bundle the file store (and need the attachments bucket).

/** The checklists of an item the caller may see (404 otherwise), with answers and progress: one Query after the access reads. */
export async function listChecklists<K extends AssignableType>(
  kind: ChecklistItemKind<K>,
  caller: StaffCaller,
  itemId: string,
) {
  const type = kind.type as AssignableType;
  await getWorkItem(kind, caller, itemId);
  const read = await readItemChecklists(type, caller.accountId, itemId);
  return { items: await checklistViews(type, caller.accountId, itemId, read) };
}
