import type { AssignableType } from '#shared/data/keys';
import { ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { isAdminRole } from '../staff/permissions/roles';
import { type Actor, actorOf } from '../work/shared/work-item-access';
import { type ItemRef, readItemFacts, refKey, visibleAmong, visibleItems } from '../work/shared/work-item-visibility';
import type { ActivityQuery, ItemTrailQuery } from './audit.contract';
import type { AuditEntry } from './audit-event';
import { externalActivityPage, itemTrailPage } from './audit-repository';

const pageOf = (query: { limit?: number | undefined; cursor?: string | undefined }) => ({
  limit: query.limit ?? 50,
  ...(query.cursor ? { cursor: query.cursor } : {}),
});

/**
 * An item's trail for whoever may see the item, by the rule that decides who sees the item (404
 * otherwise); a deleted item's trail by the facts its tombstone kept. The caller's GetItem and the
 * item's BatchGetItem in parallel, then one Query per page.
 */
export async function listItemTrail(type: AssignableType, caller: StaffCaller, itemId: string, query: ItemTrailQuery) {
  await requireVisibleItem(type, caller, itemId);
  return itemTrailPage(type, caller.accountId, itemId, pageOf(query));
}

/**
 * 404 `No such <type>` unless the caller may see the item (the same answer for one of another
 * account, one that does not exist and one they may not see): the caller's permissions and the
 * item's access fields, read in parallel. An item's trail, and an export of it, start here.
 */
export async function requireVisibleItem(type: AssignableType, caller: StaffCaller, itemId: string): Promise<void> {
  const [actor, found] = await Promise.all([actorOf(caller), readItemFacts(caller.accountId, [{ type, id: itemId }])]);
  if (!visibleAmong(actor, found).has(refKey({ type, id: itemId }))) throw new NotFoundError(`No such ${type}`);
}

const itemOf = (entry: AuditEntry): ItemRef | undefined =>
  entry.itemType && entry.itemId ? { type: entry.itemType, id: entry.itemId } : undefined;

/** Keeps the entries on items the actor may see (and those on no item): one read of the items' access fields. */
async function visibleEntries(actor: Actor, entries: AuditEntry[]): Promise<boolean[]> {
  const refs = entries.map(itemOf).filter((ref): ref is ItemRef => ref !== undefined);
  const visible = refs.length > 0 ? await visibleItems(actor, refs) : new Set<string>();
  return entries.map((entry) => {
    const item = itemOf(entry);
    return item === undefined || visible.has(refKey(item));
  });
}

/**
 * External user activity across the account, for the admin roles, with the visibility of the
 * items themselves: an entry on a confidential job or incident only for whoever may see it (an
 * Admin or User Admin needs the privacy status's grant). One Query per page, with one read of
 * the access fields of its items; a page left short by that is filled from further Queries.
 */
export async function listExternalActivity(caller: StaffCaller, query: ActivityQuery) {
  const actor = await actorOf(caller);
  if (!isAdminRole(actor.effective.role)) {
    throw new ForbiddenError('The activity view needs an admin role', 'AUDIT_DENIED');
  }
  if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) {
    throw new ValidationError('The date range is empty', [
      { path: 'query.from', code: 'range', message: 'must not be after `to`' },
    ]);
  }
  const iso = (value: string | undefined) => (value ? new Date(value).toISOString() : undefined);
  const from = iso(query.from);
  const to = iso(query.to);
  return externalActivityPage(
    caller.accountId,
    {
      ...(query.externalUserId ? { externalUserId: query.externalUserId } : {}),
      ...(query.itemType ? { itemType: query.itemType } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    },
    pageOf(query),
    (entries) => visibleEntries(actor, entries),
  );
}
