import * as z from 'zod/mini';
import {
  externalUser,
  externalUserAutoDisable,
  externalUserEmail,
  externalUserIndexes,
  externalUsersByName,
  timeToLiveAttribute,
} from '#shared/data/keys';
import {
  batchGetItems,
  deleteItem,
  type FailedSteps,
  getItem,
  type Page,
  putDerived,
  putNew,
  putVersioned,
  queryPage,
  type Step,
  staleVersionError,
  transact,
} from '#shared/data/table';
import { ConflictError } from '#shared/errors';
import { type ExternalUser, externalUserSchema } from './external-user.schema';
import { findAssignedItemsOf, sameUserFacts, userFanOut, userSliceOf, writeChunks } from './item-access-repository';

const stored = z.extend(externalUserSchema, { entity: z.literal('ExternalUser') });
const emailGuard = z.object({ externalUserId: z.string() });

const withoutEntity = ({ entity: _entity, ...user }: z.infer<typeof stored>): ExternalUser => user;

/** The external user item with its list index attributes and its place by modification time (FEED-10). */
function item(accountId: string, user: ExternalUser) {
  return {
    ...externalUser(accountId, user.id),
    ...externalUserIndexes(accountId, user.id, `${user.familyName} ${user.givenName}`, user.status, user.updatedAt),
    entity: 'ExternalUser',
    ...user,
  };
}

/** One GetItem: an external user of the account, or undefined. */
export async function findExternalUser(accountId: string, externalUserId: string): Promise<ExternalUser | undefined> {
  const found = await getItem(externalUser(accountId, externalUserId), stored);
  return found && withoutEntity(found);
}

/** One BatchGetItem (at most 100 ids): the external users of the account with these ids, those found. */
export function findExternalUsers(accountId: string, externalUserIds: readonly string[]): Promise<ExternalUser[]> {
  return batchGetItems(
    externalUserIds.map((id) => externalUser(accountId, id)),
    externalUserSchema,
  );
}

/** Two GetItems one after the other (the e-mail guard, then the user): the external user with this address. */
export async function findExternalUserByEmail(accountId: string, email: string): Promise<ExternalUser | undefined> {
  const guard = await getItem(externalUserEmail(accountId, email), emailGuard);
  return guard && findExternalUser(accountId, guard.externalUserId);
}

/** One Query: a page of the account's external users by name, of one status or all, whose name starts with `prefix`. */
export async function listExternalUserPage(
  accountId: string,
  filter: { status?: string; prefix?: string },
  page: { limit: number; cursor?: string },
): Promise<Page<ExternalUser>> {
  const result = await queryPage(externalUsersByName(accountId, filter), stored, page);
  return { ...result, items: result.items.map(withoutEntity) };
}

const emailTaken = () =>
  new ConflictError('An external user with this e-mail address exists already', { field: 'email' }, 'EMAIL_TAKEN');

/** Whether the user has an auto-disable date still to come into force: only an active one does. */
const awaitsAutoDisable = (user: ExternalUser | undefined): user is ExternalUser & { autoDisableAt: string } =>
  user?.status === 'active' && user.autoDisableAt !== undefined;

/**
 * The auto-disable marker's write when `next` changes what `previous` had: put with its TTL at
 * the date (the stream makes its removal the audit entry), or deleted when no date applies now.
 */
function autoDisableWrites(accountId: string, previous: ExternalUser | undefined, next: ExternalUser): Step[] {
  const key = externalUserAutoDisable(accountId, next.id);
  if (awaitsAutoDisable(next)) {
    if (awaitsAutoDisable(previous) && previous.autoDisableAt === next.autoDisableAt) return [];
    const at = next.autoDisableAt;
    return [
      {
        name: 'autoDisable',
        write: putDerived({
          ...key,
          entity: 'ExternalUserAutoDisable',
          externalUserId: next.id,
          autoDisableAt: at,
          [timeToLiveAttribute]: Math.floor(Date.parse(at) / 1000),
        }),
      },
    ];
  }
  return awaitsAutoDisable(previous) ? [{ name: 'autoDisable', write: deleteItem(key) }] : [];
}

/**
 * The writes that create an external user: the user, the guard that keeps the address unique
 * in the account, and the auto-disable marker if it has a date. Callers send them in one
 * transaction with whatever else must hold.
 */
export function newExternalUserWrites(accountId: string, user: ExternalUser): Step[] {
  return [
    { name: 'externalUser', write: putNew(item(accountId, user)) },
    {
      name: 'externalUserEmail',
      write: putNew({
        ...externalUserEmail(accountId, user.email),
        entity: 'ExternalUserEmail',
        externalUserId: user.id,
        version: 1,
        createdAt: user.createdAt,
        updatedAt: user.createdAt,
      }),
    },
    ...autoDisableWrites(accountId, undefined, user),
  ];
}

/** One TransactWriteItems: a new external user (409 EMAIL_TAKEN when the address is in use in the account). */
export async function insertExternalUser(accountId: string, user: ExternalUser): Promise<void> {
  await transact(newExternalUserWrites(accountId, user), emailTaken);
}

/**
 * The writes that replace `previous` with `next` if it is still at its version (step
 * `externalUser`), and keep the auto-disable marker in step.
 */
export function replaceExternalUserWrites(accountId: string, previous: ExternalUser, next: ExternalUser): Step[] {
  return [
    { name: 'externalUser', write: putVersioned(item(accountId, next), previous.version) },
    ...autoDisableWrites(accountId, previous, next),
  ];
}

/**
 * The item access records' side of a change of an external user (ACS-3): when their status or
 * auto-disable date changes, an Update of each of their access records (their assignments' items,
 * active or revoked: one Query of the assignments' index per 1,000). `first` goes in the change's
 * own transaction (as many as fit beside `room` other steps: all of them for up to 100 − room
 * assignments), so a portal write after the change is refused atomically; `finish` writes the
 * rest in transactions of 100 after it, then looks at the assignments once more and updates any
 * the index had not shown yet (one made just before the change).
 */
export async function accessFanOutOf(
  accountId: string,
  previous: ExternalUser,
  next: ExternalUser,
  room: number,
): Promise<{ first: Step[]; finish: () => Promise<void> }> {
  const slice = userSliceOf(next);
  if (sameUserFacts(previous, next)) return { first: [], finish: async () => {} };
  const items = await findAssignedItemsOf(accountId, next.id);
  const { first, rest } = userFanOut(accountId, next.id, items, slice, room);
  const seen = new Set(items.map((item) => `${item.type}/${item.itemId}`));
  return {
    first,
    finish: async () => {
      await writeChunks(rest);
      const later = (await findAssignedItemsOf(accountId, next.id)).filter(
        (item) => !seen.has(`${item.type}/${item.itemId}`),
      );
      const tail = userFanOut(accountId, next.id, later, slice, 0);
      await writeChunks([tail.first, ...tail.rest]);
    },
  };
}

/**
 * One TransactWriteItems: replaces `previous` (409 with the current record if it changed
 * meanwhile), with the access records' updates (see `accessFanOutOf`).
 */
export async function replaceExternalUser(
  accountId: string,
  previous: ExternalUser,
  next: ExternalUser,
): Promise<void> {
  const writes = replaceExternalUserWrites(accountId, previous, next);
  const fanOut = await accessFanOutOf(accountId, previous, next, writes.length);
  await transact([...writes, ...fanOut.first], (failed) => staleVersionError(stored, failed.get('externalUser')));
  await fanOut.finish();
}

/** Maps a failed transaction that holds `replaceExternalUserWrites` to a stale-version 409 when its user step failed. */
export const staleExternalUser = (failed: FailedSteps) =>
  failed.has('externalUser') ? staleVersionError(stored, failed.get('externalUser')) : undefined;
