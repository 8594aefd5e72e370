import type { AssignableType } from '#shared/data/keys';
import { staffUserNames } from '../../staff/staff-names-repository';
import { eachOwnedItemsPage, findOwnedItem, type OwnedItem, writeOwnerNames } from './owner-names-repository';

/** The names an item should show for its owners: each one's name now, or the one it shows when the user is gone. */
const namesFor = (item: OwnedItem, names: Map<string, string>) =>
  item.ownerIds.map((id, i) => names.get(id) ?? item.ownerNames?.[i] ?? '');

const same = (a: readonly string[] | undefined, b: readonly string[]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes a staff user's name as it is now onto the items of `type` they own, current and archived
 * (after a rename: jobs and incidents keep their owners' names for the portal). Per page of the
 * owner's list partition (one Query), one BatchGetItem of the owners' names; each item whose names
 * differ gets them in one TransactWriteItems with its list rows, at its version, keeping who
 * changed it last and when; an item changed meanwhile is read again (one GetItem) and tried once
 * more. Writing the same names twice changes nothing, so a replayed rename is harmless. Answers how
 * many items it rewrote.
 */
export async function refreshOwnerNames(type: AssignableType, accountId: string, staffUserId: string): Promise<number> {
  let rewritten = 0;
  for (const archived of [false, true]) {
    await eachOwnedItemsPage(type, accountId, staffUserId, archived, async (items) => {
      const names = await staffUserNames(accountId, [...new Set(items.flatMap((item) => item.ownerIds))], 'any');
      for (const row of items) {
        if (!same(row.ownerNames, namesFor(row, names)))
          rewritten += (await rewrite(type, accountId, row, names)) ? 1 : 0;
      }
    });
  }
  return rewritten;
}

async function rewrite(type: AssignableType, accountId: string, row: OwnedItem, names: Map<string, string>) {
  let item: OwnedItem | undefined = row;
  for (let attempt = 0; attempt < 2 && item; attempt++) {
    const ownerNames = namesFor(item, names);
    if (same(item.ownerNames, ownerNames)) return false;
    if (await writeOwnerNames(type, accountId, item, ownerNames)) return true;
    item = await findOwnedItem(type, accountId, row.id);
  }
  if (item) throw new Error('The item kept changing while its owner names were refreshed; the record is retried');
  return false;
}
