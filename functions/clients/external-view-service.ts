import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { findExternalRoles } from './external-role-repository';
import type {
  CreateExternalViewBody,
  ExternalView,
  ExternalViewFilters,
  UpdateExternalViewBody,
} from './external-view.schema';
import {
  deleteExternalView as deleteView,
  existingJobCategoryIds,
  findExternalView,
  findViewUsers,
  insertExternalView,
  listExternalViewPage,
  replaceExternalView,
} from './external-view-repository';
import { requireOtherSettings, withSettings } from './settings-access';

const notFound = () => new NotFoundError('No such external view');

/** An external view of the account, or 404. */
async function requireView(accountId: string, viewId: string): Promise<ExternalView> {
  const view = await findExternalView(accountId, viewId);
  if (!view) throw notFound();
  return view;
}

/** The job categories a view filters by must exist in the account: 400 naming each one that does not. */
async function assertCategories(accountId: string, filters: ExternalViewFilters | undefined) {
  const ids = filters?.categoryIds ?? [];
  const known = await existingJobCategoryIds(accountId, ids);
  const issues = ids.flatMap((id, i) =>
    known.has(id)
      ? []
      : [{ path: `body.filters.categoryIds.${i}`, code: 'unknown_category', message: `no job category ${id}` }],
  );
  if (issues.length) throw new ValidationError('Some job categories do not exist', issues);
}

/** What a view stores of a create or change body: only the known fields, the columns only for jobs views. */
function definition(body: CreateExternalViewBody) {
  const filters = body.filters ?? {};
  return {
    name: body.name,
    kind: body.kind,
    columns: body.kind === 'jobs' ? [...(body.columns ?? [])] : [],
    filters: {
      ...(filters.statuses ? { statuses: filters.statuses } : {}),
      ...(filters.categoryIds ? { categoryIds: filters.categoryIds } : {}),
      ...(filters.dueWithinDays !== undefined ? { dueWithinDays: filters.dueWithinDays } : {}),
      ...(filters.dueFrom ? { dueFrom: filters.dueFrom } : {}),
      ...(filters.dueTo ? { dueTo: filters.dueTo } : {}),
    },
  };
}

/** A page of the account's external views by name (other settings). */
export async function listExternalViews(caller: StaffCaller, page: { limit?: number; cursor?: string }) {
  await requireOtherSettings(caller);
  return listExternalViewPage(caller.accountId, {
    limit: page.limit ?? 50,
    ...(page.cursor ? { cursor: page.cursor } : {}),
  });
}

/** One external view (other settings). */
export async function getExternalView(caller: StaffCaller, viewId: string): Promise<ExternalView> {
  const [, view] = await withSettings(caller, requireView(caller.accountId, viewId));
  return view;
}

/** Creates an external view; its job categories must exist. */
export async function createExternalView(
  caller: StaffCaller,
  body: CreateExternalViewBody,
  clock: Clock = systemClock,
): Promise<ExternalView> {
  const me = await requireOtherSettings(caller);
  await assertCategories(caller.accountId, body.filters);
  const now = clock().toISOString();
  const view: ExternalView = {
    id: randomUUID(),
    ...definition(body),
    version: 1,
    createdAt: now,
    createdBy: me.id,
    updatedAt: now,
    updatedBy: me.id,
  };
  await insertExternalView(caller.accountId, view);
  return view;
}

/** Replaces an external view's definition (PUT: the whole of it); a stale version answers 409 with the current one. */
export async function updateExternalView(
  caller: StaffCaller,
  viewId: string,
  body: UpdateExternalViewBody,
  clock: Clock = systemClock,
): Promise<ExternalView> {
  const [me, current] = await withSettings(caller, requireView(caller.accountId, viewId));
  await assertCategories(caller.accountId, body.filters);
  const next: ExternalView = {
    ...current,
    ...definition(body),
    version: body.version + 1,
    updatedAt: clock().toISOString(),
    updatedBy: me.id,
  };
  await replaceExternalView(caller.accountId, next, body.version);
  return next;
}

/** 409 IN_USE naming the roles that use the view. */
async function viewInUse(accountId: string, roleIds: string[]): Promise<ConflictError> {
  const roles = await findExternalRoles(accountId, roleIds);
  const names = new Map(roles.map((role) => [role.id, role.name]));
  return new ConflictError(
    'External roles use this view: take it out of them first',
    { roles: roleIds.map((id) => ({ id, name: names.get(id) ?? null })) },
    'IN_USE',
  );
}

/**
 * Deletes an external view no role uses (409 IN_USE naming the roles that do). With `version`,
 * only while the view is at it (409 with the current one otherwise).
 */
export async function deleteExternalView(caller: StaffCaller, viewId: string, version?: number): Promise<void> {
  const [, [current, users]] = await withSettings(
    caller,
    Promise.all([requireView(caller.accountId, viewId), findViewUsers(caller.accountId, viewId)]),
  );
  if (users.length > 0) throw await viewInUse(caller.accountId, users);
  await deleteView(caller.accountId, viewId, version ?? current.version, async () =>
    viewInUse(caller.accountId, await findViewUsers(caller.accountId, viewId)),
  );
}
