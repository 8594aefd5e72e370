import type { AssignableType } from '#shared/data/keys';
import type { PortalCaller } from '#shared/http';
import { TtlCache } from '#shared/ttl-cache';
import { markViewed } from '../external-users/item-access-repository';
import { cancelled } from '../links/link-state';

/** Views of one item by one user closer together than this are one visit, audited once. */
export const VIEW_VISIT_MS = 5 * 60_000;

/** The visits this warm function recorded lately, so a reload within a visit makes no request. */
const recorded = new TtlCache<true>({ ttlMs: VIEW_VISIT_MS, maxEntries: 1000 });

const memoOf = (caller: PortalCaller, type: AssignableType, itemId: string) =>
  `${caller.accountId}/${caller.externalUserId}/${type}/${itemId}`;

/**
 * Notes that the external user opened the item, for the audit trail's "item viewed": one
 * conditional UpdateItem of their access record's `viewedAt`, sent in parallel with the load's
 * reads, that lands only while the record allows access and their last view is a visit ago (so
 * the stream, and the trail, see each visit once, whichever function served it). Skipped when
 * this function recorded the visit itself. Answers whether it landed ('skipped' when not sent).
 */
export async function recordItemView(
  caller: PortalCaller,
  type: AssignableType,
  itemId: string,
  now: Date,
): Promise<boolean | 'skipped'> {
  // A staff user viewing as the external user (decision 0006) is not the external user's visit:
  // the pipeline notes it on the impersonation session instead, so their last activity stays theirs.
  if (caller.impersonation) return 'skipped';
  if (recorded.get(memoOf(caller, type, itemId), now.getTime())) return 'skipped';
  return markViewed(
    { type, accountId: caller.accountId, itemId, externalUserId: caller.externalUserId },
    { now, refusedStatuses: cancelled[type], dueAhead: false },
    new Date(now.getTime() - VIEW_VISIT_MS),
  );
}

/** Remembers that this function recorded the visit (once the load was allowed). */
export function rememberVisit(caller: PortalCaller, type: AssignableType, itemId: string, now: Date): void {
  recorded.set(memoOf(caller, type, itemId), true, now.getTime());
}
