import { findStaffNames } from './portal-repository';

/** How long a warm function reuses a staff user's name for the portal (names rarely change). */
const NAME_TTL_MS = 5 * 60_000;
const MAX_NAMES = 2000;
const names = new Map<string, { name: string; at: number }>();

/**
 * The display names of an item's owners, as the portal shows them: one BatchGetItem of the
 * names not read in the last five minutes by this function (none when all are known), in the
 * order of `ownerIds`; an owner no longer found is left out.
 */
export async function ownerNames(accountId: string, ownerIds: readonly string[], now: Date): Promise<string[]> {
  const fresh = (id: string) => {
    const known = names.get(`${accountId}/${id}`);
    return known && now.getTime() - known.at < NAME_TTL_MS ? known : undefined;
  };
  const missing = [...new Set(ownerIds)].filter((id) => !fresh(id));
  if (missing.length > 0) {
    const found = await findStaffNames(accountId, missing);
    for (const user of found) {
      if (names.size >= MAX_NAMES) names.delete(names.keys().next().value as string);
      names.set(`${accountId}/${user.id}`, { name: `${user.givenName} ${user.familyName}`, at: now.getTime() });
    }
  }
  return ownerIds.flatMap((id) => {
    const known = fresh(id);
    return known ? [known.name] : [];
  });
}
