import { type AssignableType, portalKeys, tableDefinition } from '#shared/data/keys';
import { putIf } from '#shared/data/table';
import type { PortalCaller } from '#shared/http';
import { TtlCache } from '#shared/ttl-cache';

/** Views of one item by one user closer together than this are one visit, audited once. */
export const VIEW_VISIT_MS = 5 * 60_000;
/** The view record only triggers its audit entry: DynamoDB's TTL removes it after a month. */
const VIEW_RECORD_SECONDS = 30 * 86_400;

/** The visits this warm function recorded lately, so a reload within a visit makes no request. */
const recorded = new TtlCache<true>({ ttlMs: VIEW_VISIT_MS, maxEntries: 1000 });

/**
 * Records that the external user opened the item, for the audit trail's "item viewed": one
 * conditional PutItem that lands only when their last recorded view of it is a visit ago (so the
 * stream, and the trail, see each visit once, whichever function served it); skipped when this
 * function recorded the visit itself.
 */
export async function recordItemView(caller: PortalCaller, type: AssignableType, itemId: string, now: Date) {
  const memo = `${caller.accountId}/${caller.externalUserId}/${type}/${itemId}`;
  if (recorded.get(memo, now.getTime())) return;
  recorded.set(memo, true, now.getTime());
  await putIf(
    {
      ...portalKeys.itemView(type, caller.accountId, itemId, caller.externalUserId),
      entity: 'ItemView',
      itemType: type,
      itemId,
      externalUserId: caller.externalUserId,
      viewedAt: now.toISOString(),
      [tableDefinition.timeToLiveAttribute]: Math.floor(now.getTime() / 1000) + VIEW_RECORD_SECONDS,
    },
    {
      expression: 'attribute_not_exists(pk) OR #viewedAt < :visitStart',
      names: { '#viewedAt': 'viewedAt' },
      values: { ':visitStart': new Date(now.getTime() - VIEW_VISIT_MS).toISOString() },
    },
  );
}
