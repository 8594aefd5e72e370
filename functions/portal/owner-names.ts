import { TtlCache } from '#shared/ttl-cache';
import { staffUserNames } from '../staff/staff-names-repository';

/** A staff user's name as the portal shows it, reused by a warm function for five minutes (names rarely change). */
const names = new TtlCache<string>({ ttlMs: 5 * 60_000, maxEntries: 2000 });

/**
 * The display names of an item's owners, as the portal shows them: one BatchGetItem of the
 * names not read in the last five minutes by this function (none when all are known), in the
 * order of `ownerIds`; an owner no longer found is left out.
 */
export async function ownerNames(accountId: string, ownerIds: readonly string[], now: Date): Promise<string[]> {
  const fresh = (id: string) => names.get(`${accountId}/${id}`, now.getTime());
  const missing = [...new Set(ownerIds)].filter((id) => fresh(id) === undefined);
  if (missing.length > 0) {
    for (const [id, name] of await staffUserNames(accountId, missing, 'any')) {
      names.set(`${accountId}/${id}`, name, now.getTime());
    }
  }
  return ownerIds.flatMap((id) => {
    const name = fresh(id);
    return name === undefined ? [] : [name];
  });
}
