import { keys } from '#shared/data/keys';
import { ConflictError } from '#shared/errors';
import { staffUserNames } from '../../staff/staff-repository';
import type { Bookkeeping, WorkItemKind } from './work-item-service';
import type { StoredWorkItem } from './work-item-store';

/** The names an item should show for its owners: each one's name now, or the one it shows when the user is gone. */
const namesFor = (item: { ownerIds: string[]; ownerNames?: string[] }, names: Map<string, string>) =>
  item.ownerIds.map((id, i) => names.get(id) ?? item.ownerNames?.[i] ?? '');

/**
 * Writes a staff user's name as it is now onto the items of `kind` they own, current and archived
 * (after a rename: jobs and incidents keep their owners' names for the portal). Per page of the
 * owner's list partition (one Query), one BatchGetItem of the owners' names; each item whose names
 * differ is read (one GetItem) and written with its list rows at its version (one
 * TransactWriteItems), keeping who changed it last and when; an item changed meanwhile is read
 * again, once. Writing the same names twice changes nothing, so a replayed rename is harmless.
 * Answers how many items it rewrote.
 */
export async function refreshOwnerNames<
  T extends StoredWorkItem & Bookkeeping,
  S extends { id: string; ownerIds: string[]; ownerNames?: string[] },
>(kind: WorkItemKind<T, S>, accountId: string, staffUserId: string): Promise<number> {
  let rewritten = 0;
  for (const archived of [false, true]) {
    const target = keys.workItemList(kind.type, accountId, { filter: { ownerId: staffUserId } }, { archived });
    let cursor: string | undefined;
    do {
      const page = await kind.store.queryPartition(target, { limit: 100, ...(cursor ? { cursor } : {}) });
      cursor = page.cursor;
      const names = await staffUserNames(accountId, [...new Set(page.items.flatMap((item) => item.ownerIds))], 'any');
      for (const row of page.items) {
        if (JSON.stringify(namesFor(row, names)) === JSON.stringify(row.ownerNames)) continue;
        if (await rewrite(kind, accountId, row.id, names)) rewritten++;
      }
    } while (cursor);
  }
  return rewritten;
}

async function rewrite<T extends StoredWorkItem & Bookkeeping, S>(
  kind: WorkItemKind<T, S>,
  accountId: string,
  id: string,
  names: Map<string, string>,
): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const current = await kind.store.find(accountId, id);
    if (!current) return false;
    const ownerNames = namesFor(current, names);
    if (JSON.stringify(ownerNames) === JSON.stringify(current.ownerNames)) return false;
    try {
      await kind.store.replace(accountId, current, { ...current, ownerNames, version: current.version + 1 });
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt > 0) throw error;
    }
  }
}
