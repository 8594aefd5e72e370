import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { findExternalUsers } from '../external-users/external-user-repository';
import type { CreateExternalRoleBody, ExternalRole, UpdateExternalRoleBody } from './external-role.schema';
import {
  deleteExternalRole as deleteRole,
  findExternalRole,
  findRoleUsers,
  insertExternalRole,
  listExternalRolePage,
  type RoleWriteRefusal,
  replaceExternalRole,
  staleRole,
} from './external-role-repository';
import { findExternalViews } from './external-view-repository';
import { requireOtherSettings, withSettings } from './settings-access';

const notFound = () => new NotFoundError('No such external role');

/** An external role of the account, or 404. */
async function requireRole(accountId: string, roleId: string): Promise<ExternalRole> {
  const role = await findExternalRole(accountId, roleId);
  if (!role) throw notFound();
  return role;
}

/** 400 naming each of `viewIds` that is not one of the account's external views. */
function unknownViews(viewIds: readonly string[], missing: ReadonlySet<string>): ValidationError {
  return new ValidationError(
    'Some external views do not exist',
    viewIds.flatMap((id, i) =>
      missing.has(id) ? [{ path: `body.viewIds.${i}`, code: 'unknown_view', message: `no external view ${id}` }] : [],
    ),
  );
}

/** The views a role names must exist (one BatchGetItem); the write's own transaction checks again. */
async function assertViews(accountId: string, viewIds: readonly string[]) {
  const found = new Set((await findExternalViews(accountId, viewIds)).map((view) => view.id));
  const missing = new Set(viewIds.filter((id) => !found.has(id)));
  if (missing.size) throw unknownViews(viewIds, missing);
}

/** The error for a refused role write: its own step (404, or 409 with the current role), or views deleted meanwhile (400). */
function refused(refusal: RoleWriteRefusal, viewIds: readonly string[]): Error {
  if ('role' in refusal) return staleRole(refusal.role);
  return unknownViews(viewIds, new Set(refusal.goneViewIds));
}

/** A page of the account's external roles by name (other settings). */
export async function listExternalRoles(caller: StaffCaller, page: { limit?: number; cursor?: string }) {
  await requireOtherSettings(caller);
  return listExternalRolePage(caller.accountId, {
    limit: page.limit ?? 50,
    ...(page.cursor ? { cursor: page.cursor } : {}),
  });
}

/** One external role (other settings). */
export async function getExternalRole(caller: StaffCaller, roleId: string): Promise<ExternalRole> {
  const [, role] = await withSettings(caller, requireRole(caller.accountId, roleId));
  return role;
}

/** Creates an external role; each of its views must exist. */
export async function createExternalRole(
  caller: StaffCaller,
  body: CreateExternalRoleBody,
  clock: Clock = systemClock,
): Promise<ExternalRole> {
  const me = await requireOtherSettings(caller);
  await assertViews(caller.accountId, body.viewIds);
  const now = clock().toISOString();
  const role: ExternalRole = {
    id: randomUUID(),
    name: body.name,
    viewIds: body.viewIds,
    version: 1,
    createdAt: now,
    createdBy: me.id,
    updatedAt: now,
    updatedBy: me.id,
  };
  const refusal = await insertExternalRole(caller.accountId, role);
  if (refusal) throw refused(refusal, role.viewIds);
  return role;
}

/** Replaces an external role's name and views; a stale version answers 409 with the current one. */
export async function updateExternalRole(
  caller: StaffCaller,
  roleId: string,
  body: UpdateExternalRoleBody,
  clock: Clock = systemClock,
): Promise<ExternalRole> {
  const [me, current] = await withSettings(caller, requireRole(caller.accountId, roleId));
  await assertViews(caller.accountId, body.viewIds);
  const next: ExternalRole = {
    ...current,
    name: body.name,
    viewIds: body.viewIds,
    version: body.version + 1,
    updatedAt: clock().toISOString(),
    updatedBy: me.id,
  };
  // The usage rows follow the role as stored; a stale version fails the role's step anyway.
  const refusal = await replaceExternalRole(caller.accountId, current, next, body.version);
  if (refusal) throw refused(refusal, next.viewIds);
  return next;
}

/** 409 IN_USE naming the external users whose client accesses use the role. */
async function roleInUse(accountId: string, externalUserIds: string[]): Promise<ConflictError> {
  const users = new Map((await findExternalUsers(accountId, externalUserIds)).map((user) => [user.id, user]));
  return new ConflictError(
    'Client accesses use this role: take it out of them first',
    {
      externalUsers: externalUserIds.map((id) => {
        const user = users.get(id);
        return user
          ? { id, givenName: user.givenName, familyName: user.familyName, email: user.email }
          : { id, givenName: null, familyName: null, email: null };
      }),
    },
    'IN_USE',
  );
}

/**
 * Deletes an external role no client access uses (409 IN_USE naming the external users whose
 * accesses do). With `version`, only while the role is at it (409 with the current one otherwise).
 */
export async function deleteExternalRole(caller: StaffCaller, roleId: string, version?: number): Promise<void> {
  const [, [current, users]] = await withSettings(
    caller,
    Promise.all([requireRole(caller.accountId, roleId), findRoleUsers(caller.accountId, roleId)]),
  );
  if (users.length > 0) throw await roleInUse(caller.accountId, users);
  const refusal = await deleteRole(caller.accountId, current, version ?? current.version);
  if (!refusal) return;
  if ('role' in refusal) throw staleRole(refusal.role);
  throw await roleInUse(caller.accountId, await findRoleUsers(caller.accountId, roleId));
}
