import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { findAccount } from '../../accounts/account-repository';
import { hasAccess } from '../../external-users/external-user-access';
import { findExternalUsers } from '../../external-users/external-user-repository';
import { type Action, decide } from '../../staff/permissions/access';
import { activeStaffUserIds } from '../../staff/staff-repository';
import { readMe } from '../../staff/staff-service';
import type { CreateJobCategoryBody, JobCategory, UpdateJobCategoryBody } from './job-category.contract';
import { findJobCategory, insertJobCategory, listJobCategoryPage, replaceJobCategory } from './job-category-repository';

/**
 * The caller, if the permission model lets them do `action` to job categories: everyone with
 * Jobs access reads them; managing them is an "other setting" (admin roles). A refused read is
 * a 404, a refused write a 403 with the model's code.
 */
export async function authorise(caller: StaffCaller, action: Action) {
  const me = await readMe(caller);
  const decision = decide({ role: me.role, userId: me.id, permissions: me.permissions }, action, {
    type: 'jobCategory',
  });
  if (decision.allowed) return me;
  if (decision.status === 404) throw new NotFoundError('No such job category');
  throw new ForbiddenError('Managing job categories needs settings access', decision.code);
}

async function requireCategory(accountId: string, categoryId: string): Promise<JobCategory> {
  const category = await findJobCategory(accountId, categoryId);
  if (!category) throw new NotFoundError('No such job category');
  return category;
}

/**
 * Default owners must be active staff users and departments must exist, not archived, in the
 * account: one BatchGetItem and one GetItem, in parallel, only for what the request names.
 */
async function assertReferences(
  accountId: string,
  refs: { defaultOwnerIds?: string[]; departmentIds?: string[]; defaultExternalUserIds?: string[] },
  now: Date,
) {
  const externalIds = refs.defaultExternalUserIds ?? [];
  const [active, account, externals] = await Promise.all([
    refs.defaultOwnerIds?.length ? activeStaffUserIds(accountId, refs.defaultOwnerIds) : undefined,
    refs.departmentIds?.length ? findAccount(accountId) : undefined,
    externalIds.length ? findExternalUsers(accountId, [...new Set(externalIds)]) : [],
  ]);
  const assignable = new Set(externals.filter((user) => hasAccess(user, now)).map((user) => user.id));
  const departments = new Set(account?.departments.filter((d) => !d.archived).map((d) => d.id));
  const issues = [
    ...(refs.defaultOwnerIds ?? []).flatMap((id, i) =>
      active?.has(id)
        ? []
        : [{ path: `body.defaultOwnerIds.${i}`, code: 'unknown_user', message: `no active staff user ${id}` }],
    ),
    ...(refs.departmentIds ?? []).flatMap((id, i) =>
      departments.has(id)
        ? []
        : [{ path: `body.departmentIds.${i}`, code: 'unknown_department', message: `no department ${id}` }],
    ),
    ...externalIds.flatMap((id, i) =>
      assignable.has(id)
        ? []
        : [
            {
              path: `body.defaultExternalUserIds.${i}`,
              code: 'unknown_external_user',
              message: `no external user ${id} with access`,
            },
          ],
    ),
  ];
  if (issues.length) throw new ValidationError('Some referenced users or departments do not exist', issues);
}

/** A page of the account's job categories, or an empty page for a caller without Jobs access. */
export async function listJobCategories(caller: StaffCaller, page: { limit?: number; cursor?: string }) {
  const me = await readMe(caller);
  const decision = decide({ role: me.role, userId: me.id, permissions: me.permissions }, 'see', {
    type: 'jobCategory',
  });
  if (!decision.allowed) return { items: [] };
  return listJobCategoryPage(caller.accountId, {
    limit: page.limit ?? 50,
    ...(page.cursor ? { cursor: page.cursor } : {}),
  });
}

/** One job category. */
export async function getJobCategory(caller: StaffCaller, categoryId: string): Promise<JobCategory> {
  await authorise(caller, 'see');
  return requireCategory(caller.accountId, categoryId);
}

/** Creates a job category with a name unique in the account. */
export async function createJobCategory(
  caller: StaffCaller,
  body: CreateJobCategoryBody,
  clock: Clock = systemClock,
): Promise<JobCategory> {
  const me = await authorise(caller, 'create');
  const when = clock();
  await assertReferences(caller.accountId, body, when);
  const now = when.toISOString();
  const category: JobCategory = {
    id: randomUUID(),
    name: body.name,
    description: body.description ?? '',
    defaultOwnerIds: [...new Set(body.defaultOwnerIds ?? [])],
    departmentIds: [...new Set(body.departmentIds ?? [])],
    defaultExternalUserIds: [...new Set(body.defaultExternalUserIds ?? [])],
    archived: false,
    version: 1,
    createdAt: now,
    createdBy: me.id,
    updatedAt: now,
    updatedBy: me.id,
  };
  await insertJobCategory(caller.accountId, category);
  return category;
}

/** Changes, archives or restores a job category; a stale version answers 409 with the current one. */
export async function updateJobCategory(
  caller: StaffCaller,
  categoryId: string,
  body: UpdateJobCategoryBody,
  clock: Clock = systemClock,
): Promise<JobCategory> {
  const me = await authorise(caller, 'edit');
  const current = await requireCategory(caller.accountId, categoryId);
  await assertReferences(caller.accountId, body, clock());
  const { version, ...changes } = body;
  const next: JobCategory = {
    ...current,
    ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
    ...(changes.defaultOwnerIds ? { defaultOwnerIds: [...new Set(changes.defaultOwnerIds)] } : {}),
    ...(changes.departmentIds ? { departmentIds: [...new Set(changes.departmentIds)] } : {}),
    ...(changes.defaultExternalUserIds ? { defaultExternalUserIds: [...new Set(changes.defaultExternalUserIds)] } : {}),
    version: version + 1,
    updatedAt: clock().toISOString(),
    updatedBy: me.id,
  };
  await replaceJobCategory(caller.accountId, { ...current, version }, next);
  return next;
}
