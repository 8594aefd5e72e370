import * as z from 'zod/mini';
import { invalidCursorError } from '#shared/data/cursor';
import {
  staffUser,
  staffUserEmail,
  staffUserEmailIndexes,
  staffUserIndexes,
  staffUserStatusIndexes,
  staffUsersByEmail,
  staffUsersByName,
} from '#shared/data/keys';
import {
  deleteItem,
  type FailedSteps,
  getItem,
  type Page,
  putNew,
  queryPage,
  type Step,
  staleVersionError,
  transact,
  versionedUpdate,
} from '#shared/data/table';
import { ConflictError } from '#shared/errors';
import { lazySchema } from '#shared/lazy-schema';
import { type Account, activeAccountAdminsChange, newAccountWrite } from '../accounts/account-repository';
import { staffUserNames } from './staff-names-repository';
import { staffRoles } from './staff-role';
import { type StaffUser, staffUserSchema } from './staff-user.schema';

/** A staff user item as stored. */
export const storedStaffUser = /* @__PURE__ */ lazySchema(() =>
  z.extend(staffUserSchema, { entity: z.literal('StaffUser') }),
);

function withoutEntity({ entity: _entity, ...user }: z.infer<typeof storedStaffUser>): StaffUser {
  return user;
}

/**
 * STF-2: one Query, a page of the account's staff users (of one status, with `status`), ordered
 * by family and given name.
 */
export async function listStaffUsers(
  accountId: string,
  page: { limit: number; cursor?: string },
  status?: StaffUser['status'],
): Promise<Page<StaffUser>> {
  const result = await queryPage(
    staffUsersByName(accountId, status === undefined ? {} : { status }),
    storedStaffUser,
    page,
  );
  return { ...result, items: result.items.map(withoutEntity) };
}

/** Where a search of staff users is: its part (names, then addresses) and that part's own cursor. */
interface SearchPosition {
  part: 'name' | 'email';
  key?: string;
}

function decodeSearchCursor(cursor: string | undefined): SearchPosition {
  if (cursor === undefined) return { part: 'name' };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursorError();
  }
  const { part, key, ...rest } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || (part !== 'name' && part !== 'email')) throw invalidCursorError();
  if (key !== undefined && typeof key !== 'string') throw invalidCursorError();
  return key === undefined ? { part } : { part, key };
}

const encodeSearchCursor = (position: SearchPosition) =>
  Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

/**
 * STF-8: a page of the account's staff users (of one status, with `status`) whose name (lower case
 * "family given") or e-mail address starts with `prefix`: those by name first, in name order, then
 * those by address (but not by name), in address order. One Query a page, on the part the cursor
 * is in; a page may end at the end of the names.
 */
export async function searchStaffUsers(
  accountId: string,
  prefix: string,
  page: { limit: number; cursor?: string },
  status?: StaffUser['status'],
): Promise<Page<StaffUser>> {
  const position = decodeSearchCursor(page.cursor);
  const target =
    position.part === 'name'
      ? staffUsersByName(accountId, status === undefined ? { prefix } : { prefix, status })
      : staffUsersByEmail(accountId, prefix, status);
  const result = await queryPage(target, storedStaffUser, {
    limit: page.limit,
    ...(position.key !== undefined ? { cursor: position.key } : {}),
  });
  const next: SearchPosition | undefined =
    result.cursor !== undefined
      ? { part: position.part, key: result.cursor }
      : position.part === 'name'
        ? { part: 'email' }
        : undefined;
  const items = result.items.map(withoutEntity);
  return next ? { items, cursor: encodeSearchCursor(next) } : { items };
}

/** One GetItem: a staff user of the given account, or undefined. */
export async function findStaffUser(accountId: string, userId: string): Promise<StaffUser | undefined> {
  const item = await getItem(staffUser(accountId, userId), storedStaffUser);
  if (!item) return undefined;
  const { entity: _entity, ...user } = item;
  return user;
}

/**
 * A staff user item as a permission decision reads it: id, role and status checked as on the whole
 * record, the module permissions an object whose modules' settings the rights that read them check
 * (`StoredPermissions`: a function deciding on jobs checks the Jobs module's with its schema alone),
 * so a function that only decides on the caller bundles neither the whole record's schema nor
 * every module's settings schema. The rest is not parsed.
 */
const staffCallerRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    id: z.string(),
    role: z.enum(staffRoles),
    status: z.enum(['active', 'disabled', 'deleted']),
    permissions: z.looseObject({}),
  }),
);

/** A staff user as a permission decision needs them (see `staffCallerRecord`). */
export type StaffCallerRecord = z.infer<typeof staffCallerRecord>;

/** One GetItem (the same as `findStaffUser`): a staff user's id, role, status and module permissions, or undefined. */
export function findStaffCaller(accountId: string, userId: string): Promise<StaffCallerRecord | undefined> {
  return getItem(staffUser(accountId, userId), staffCallerRecord);
}

/** A staff user's place in the lists of their status (by name and by address). */
const statusIndexesOf = (user: StaffUser) =>
  staffUserStatusIndexes(user.accountId, {
    id: user.id,
    status: user.status,
    email: user.email,
    sortName: `${user.familyName} ${user.givenName}`,
  });

/**
 * The writes that create a staff user: the user item and the guard item that keeps the e-mail
 * unique in the account. Callers send them in one transaction with whatever else must hold.
 */
export function newStaffUserWrites(user: StaffUser): Step[] {
  return [
    {
      name: 'staffUser',
      write: putNew({
        ...staffUser(user.accountId, user.id),
        ...staffUserIndexes(user.accountId, user.id, `${user.familyName} ${user.givenName}`),
        ...staffUserEmailIndexes(user.accountId, user.id, user.email),
        ...statusIndexesOf(user),
        entity: 'StaffUser',
        ...user,
      }),
    },
    {
      name: 'staffUserEmail',
      write: putNew({
        ...staffUserEmail(user.accountId, user.email),
        entity: 'StaffUserEmail',
        version: 1,
        userId: user.id,
        createdAt: user.createdAt,
        updatedAt: user.createdAt,
      }),
    },
  ];
}

/**
 * One TransactWriteItems: a new account with its first Account Admin (the user and its e-mail
 * guard); 409 `conflictMessage` when either exists already.
 */
export async function insertAccountWithAdmin(account: Account, admin: StaffUser, conflictMessage: string) {
  await transact([newAccountWrite(account), ...newStaffUserWrites(admin)], conflictMessage);
}

/** The changes a staff user update may make. */
export type StaffUserChanges = Partial<
  Pick<StaffUser, 'givenName' | 'familyName' | 'role' | 'status' | 'departmentIds' | 'permissions'>
>;

const isActiveAccountAdmin = (user: Pick<StaffUser, 'role' | 'status'>) =>
  user.role === 'account_admin' && user.status === 'active';

/**
 * Applies `changes` to `user` if `expectedVersion` is still current, in one transaction that
 * also keeps the account's count of active Account Admins: a change that would leave the
 * account without one fails with 409 LAST_ACCOUNT_ADMIN and changes nothing.
 */
export async function updateStaffUser(
  user: StaffUser,
  expectedVersion: number,
  changes: StaffUserChanges,
  now: Date,
  alsoWrites: Step[] = [],
): Promise<StaffUser> {
  // A field left out (or undefined) is unchanged, never removed.
  const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  const next: StaffUser = { ...user, ...defined, version: expectedVersion + 1, updatedAt: now.toISOString() };
  const delta = Number(isActiveAccountAdmin(next)) - Number(isActiveAccountAdmin(user));
  const nameChanged = changes.givenName !== undefined || changes.familyName !== undefined;
  const statusChanged = changes.status !== undefined && changes.status !== user.status;
  const writes: Step[] = [
    {
      name: 'staffUser',
      write: {
        Update: versionedUpdate(staffUser(user.accountId, user.id), expectedVersion, defined, now, {
          ...(nameChanged ? staffUserIndexes(user.accountId, user.id, `${next.familyName} ${next.givenName}`) : {}),
          // The lists of one status move with the status and the name (on users from before
          // them too, which the backfill has not reached yet).
          ...(nameChanged || statusChanged ? statusIndexesOf(next) : {}),
        }),
      },
    },
  ];
  if (delta !== 0) writes.push(activeAccountAdminsChange(user.accountId, delta as 1 | -1));
  writes.push(...alsoWrites);
  await transact(writes, (failed) => {
    if (failed.has('staffUser')) return staleVersionError(storedStaffUser, failed.get('staffUser'));
    return new ConflictError(
      'An account must keep at least one active Account Admin: make someone else Account Admin first',
      undefined,
      'LAST_ACCOUNT_ADMIN',
    );
  });
  return next;
}

/**
 * Marks a staff user deleted (if still at `expectedVersion`) and frees their e-mail for a new
 * user, in one transaction that keeps the Account Admin count (409 LAST_ACCOUNT_ADMIN).
 */
export function markStaffUserDeleted(user: StaffUser, expectedVersion: number, now: Date): Promise<StaffUser> {
  return updateStaffUser(user, expectedVersion, { status: 'deleted' }, now, [
    { name: 'staffUserEmail', write: deleteItem(staffUserEmail(user.accountId, user.email)) },
  ]);
}

/**
 * The writes that create a staff user, for one transaction: the user, its e-mail guard, and
 * the account's Account Admin count when the new user is one.
 */
function newStaffUserWithCounterWrites(user: StaffUser): Step[] {
  return [
    ...newStaffUserWrites(user),
    ...(isActiveAccountAdmin(user) ? [activeAccountAdminsChange(user.accountId, 1)] : []),
  ];
}

/** Writes that must succeed in the same transaction as a new staff user, and the error when they fail. */
export interface JoinedWrites {
  writes: Step[];
  /** The error for a failure among `writes` (given every failed step of the transaction). */
  refused: (failed: FailedSteps) => Error;
}

/**
 * One TransactWriteItems: a new staff user, its e-mail guard, the account's Account Admin count
 * when the new user is one, and the `joined` writes. 409 EMAIL_TAKEN when the address is in use in
 * the account; a failure among the joined writes is theirs to say.
 */
export async function insertStaffUser(user: StaffUser, joined?: JoinedWrites): Promise<void> {
  await transact([...newStaffUserWithCounterWrites(user), ...(joined?.writes ?? [])], (failed) => {
    if (joined?.writes.some((step) => failed.has(step.name))) return joined.refused(failed);
    return new ConflictError('A staff user with this e-mail exists already', { field: 'email' }, 'EMAIL_TAKEN');
  });
}

/** One BatchGetItem: which of `userIds` are active staff users of the account. */
export async function activeStaffUserIds(accountId: string, userIds: readonly string[]): Promise<Set<string>> {
  return new Set((await staffUserNames(accountId, userIds)).keys());
}
