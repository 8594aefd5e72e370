import * as z from 'zod/mini';
import { type Clock, systemClock } from '#shared/clock';
import type { AssignableType } from '#shared/data/keys';
import type { PortalCaller } from '#shared/http';
import { checklistViews } from '../checklists/attachment-links';
import { isFor } from '../checklists/checklist-progress';
import { readItemChecklists } from '../checklists/checklist-repository';
import { recordItemView } from './item-views';
import type { PortalItem } from './portal.contract';
import { openPortalItem } from './portal-access';

const itemDetails = z.object({
  id: z.string(),
  title: z.string(),
  description: z.optional(z.string()),
  dueAt: z.optional(z.string()),
  raisedAt: z.optional(z.string()),
  location: z.object({ text: z.string(), lat: z.optional(z.number()), lng: z.optional(z.number()) }),
});

/**
 * The item for its external user, with the checklists they fill, their answers and progress: one
 * BatchGetItem that checks access and terms (R12) and, in parallel, one Query of the item's
 * checklists and answers, whose result is dropped when the check refuses; then, once per visit,
 * the conditional PutItem that the audit trail's "item viewed" comes from.
 */
export async function readPortalItem(
  caller: PortalCaller,
  type: AssignableType,
  itemId: string,
  clock: Clock = systemClock,
): Promise<PortalItem> {
  const now = clock();
  const [{ access, item }, read] = await Promise.all([
    openPortalItem(caller, type, itemId, now),
    readItemChecklists(type, caller.accountId, itemId),
  ]);
  // Only a view that was allowed is one; a refused one is the 403 above.
  await recordItemView(caller, type, itemId, now);
  const details = z.parse(itemDetails, item);
  const mine = await checklistViews(type, caller.accountId, itemId, read, (checklist) =>
    isFor(checklist, caller.externalUserId),
  );
  return {
    type,
    id: details.id,
    title: details.title,
    description: details.description ?? '',
    ...(details.dueAt ? { dueAt: details.dueAt } : {}),
    ...(details.raisedAt ? { raisedAt: details.raisedAt } : {}),
    location: details.location,
    access,
    checklists: mine,
  };
}
