import * as z from 'zod/mini';
import { staffUser } from '#shared/data/keys';
import { batchGetItems } from '#shared/data/table';

// Staff users' names alone (a small module: the stream consumer's owner-name refresh uses it).

const staffStatus = z.object({ id: z.string(), status: z.string(), givenName: z.string(), familyName: z.string() });

/**
 * One BatchGetItem: the account's staff users among `userIds` (only the active ones, unless `any`),
 * id → display name ("given family").
 */
export async function staffUserNames(
  accountId: string,
  userIds: readonly string[],
  which: 'active' | 'any' = 'active',
): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const users = await batchGetItems(
    [...new Set(userIds)].map((id) => staffUser(accountId, id)),
    staffStatus,
    ['id', 'status', 'givenName', 'familyName'],
  );
  return new Map(
    users
      .filter((user) => which === 'any' || user.status === 'active')
      .map((user) => [user.id, `${user.givenName} ${user.familyName}`]),
  );
}
