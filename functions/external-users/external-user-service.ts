import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { ConflictError, ForbiddenError, NotFoundError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { isAdminRole } from '../staff/permissions/roles';
import type { StaffUser } from '../staff/staff.contract';
import { readMe } from '../staff/staff-service';
import type {
  ExternalUser,
  ExternalUserView,
  ListExternalUsersQuery,
  NewExternalUserBody,
  UpdateExternalUserBody,
} from './external-user.contract';
import { hasAccess } from './external-user-access';
import {
  findExternalUser,
  findExternalUserByEmail,
  insertExternalUser,
  listExternalUserPage,
  replaceExternalUser,
} from './external-user-repository';

/** The record as the API shows it at `now`. */
export const view = (user: ExternalUser, now: Date): ExternalUserView => ({ ...user, hasAccess: hasAccess(user, now) });

/** The caller, if their role manages external users (the admin roles); else 403 EXTERNAL_USERS_DENIED. */
async function requireManager(caller: StaffCaller): Promise<StaffUser> {
  const actor = await readMe(caller);
  if (!isAdminRole(actor.role)) {
    throw new ForbiddenError('Managing external users needs an admin role', 'EXTERNAL_USERS_DENIED');
  }
  return actor;
}

/** An external user of the account, or 404. */
export async function requireExternalUser(accountId: string, externalUserId: string): Promise<ExternalUser> {
  const user = await findExternalUser(accountId, externalUserId);
  if (!user) throw new NotFoundError('No such external user in this account');
  return user;
}

/** A promoted record is history: the person is a staff user now. */
export function refusePromoted(user: ExternalUser): void {
  if (user.status === 'promoted') {
    throw new ConflictError('This external user was promoted to a staff user', undefined, 'EXTERNAL_USER_PROMOTED');
  }
}

/** 409 with the current record as the API shows it. */
export const staleVersion = (current: ExternalUser, now: Date) =>
  new ConflictError('This was changed by someone else; reload and try again', { current: view(current, now) });

/**
 * A page of the account's external users (any active staff user may look them up, to assign
 * them): one Query by name, of one status or all, narrowed to names starting with `q`; a `q` with
 * an @ is a whole address, found through its guard item (two GetItems, one page).
 */
export async function listExternalUsers(
  caller: StaffCaller,
  query: ListExternalUsersQuery,
  clock: Clock = systemClock,
): Promise<{ items: ExternalUserView[]; cursor?: string }> {
  await readMe(caller);
  const now = clock();
  if (query.q?.includes('@')) {
    if (query.cursor !== undefined) return { items: [] };
    const found = await findExternalUserByEmail(caller.accountId, query.q);
    const matches = found && (query.status === undefined || found.status === query.status);
    return { items: matches ? [view(found, now)] : [] };
  }
  const page = await listExternalUserPage(
    caller.accountId,
    { ...(query.status ? { status: query.status } : {}), ...(query.q ? { prefix: query.q } : {}) },
    { limit: query.limit ?? 50, ...(query.cursor ? { cursor: query.cursor } : {}) },
  );
  return { ...page, items: page.items.map((user) => view(user, now)) };
}

/** One external user of the account (any active staff user). */
export async function getExternalUser(
  caller: StaffCaller,
  externalUserId: string,
  clock: Clock = systemClock,
): Promise<ExternalUserView> {
  await readMe(caller);
  return view(await requireExternalUser(caller.accountId, externalUserId), clock());
}

/** The record of a new external user made by `actorId` (not yet stored). */
export function newExternalUser(actorId: string, body: NewExternalUserBody, now: Date): ExternalUser {
  return {
    id: randomUUID(),
    givenName: body.givenName,
    familyName: body.familyName,
    email: body.email.toLowerCase(),
    status: 'active',
    ...(body.autoDisableAt !== undefined ? { autoDisableAt: new Date(body.autoDisableAt).toISOString() } : {}),
    version: 1,
    createdBy: actorId,
    createdAt: now.toISOString(),
    updatedBy: actorId,
    updatedAt: now.toISOString(),
  };
}

/** Creates an external user (admin roles; 409 EMAIL_TAKEN for an address in use in the account, in any case). */
export async function createExternalUser(
  caller: StaffCaller,
  body: NewExternalUserBody,
  clock: Clock = systemClock,
): Promise<ExternalUserView> {
  const actor = await requireManager(caller);
  const now = clock();
  const user = newExternalUser(actor.id, body, now);
  await insertExternalUser(caller.accountId, user);
  return view(user, now);
}

/** Applies `changes` to an external user the caller manages, if `version` is still current. */
async function change(
  caller: StaffCaller,
  externalUserId: string,
  version: number,
  changes: (current: ExternalUser) => ExternalUser,
  clock: Clock,
): Promise<ExternalUserView> {
  const [actor, current] = await Promise.all([
    requireManager(caller),
    requireExternalUser(caller.accountId, externalUserId),
  ]);
  const now = clock();
  refusePromoted(current);
  if (version !== current.version) throw staleVersion(current, now);
  const next: ExternalUser = {
    ...changes(current),
    version: current.version + 1,
    updatedBy: actor.id,
    updatedAt: now.toISOString(),
  };
  await replaceExternalUser(caller.accountId, current, next);
  return view(next, now);
}

/** Renames an external user or sets or clears their auto-disable date (admin roles). */
export function updateExternalUser(
  caller: StaffCaller,
  externalUserId: string,
  body: UpdateExternalUserBody,
  clock: Clock = systemClock,
): Promise<ExternalUserView> {
  return change(
    caller,
    externalUserId,
    body.version,
    (current) => {
      const { autoDisableAt: _cleared, ...rest } = current;
      const date = body.autoDisableAt;
      return {
        ...(date === null ? rest : current),
        ...(body.givenName !== undefined ? { givenName: body.givenName } : {}),
        ...(body.familyName !== undefined ? { familyName: body.familyName } : {}),
        ...(typeof date === 'string' ? { autoDisableAt: new Date(date).toISOString() } : {}),
      };
    },
    clock,
  );
}

/** Disables or re-enables an external user (admin roles); a disabled one's links answer "no longer have access". */
export function setExternalUserStatus(
  caller: StaffCaller,
  externalUserId: string,
  status: 'active' | 'disabled',
  version: number,
  clock: Clock = systemClock,
): Promise<ExternalUserView> {
  return change(caller, externalUserId, version, (current) => ({ ...current, status }), clock);
}
