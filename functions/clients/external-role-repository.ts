import * as z from 'zod/mini';
import {
  externalRole,
  externalRoleIndexes,
  externalRolesByName,
  externalRoleUse,
  externalRoleUsers,
  externalRoleUses,
  externalViewUse,
  externalViewUses,
} from '#shared/data/keys';
import {
  batchGetItems,
  deleteItem,
  deleteZeroCount,
  type FailedSteps,
  getItem,
  itemPresent,
  maxBatchGetKeys,
  type Page,
  putDerived,
  putNew,
  putVersioned,
  queryPage,
  type Step,
  staleVersionError,
  tryTransact,
  updateFields,
} from '#shared/data/table';
import { type ExternalRole, externalRoleSchema } from './external-role.schema';

const stored = z.extend(externalRoleSchema, { entity: z.literal('ExternalRole') });
const usageRow = z.object({ externalUserId: z.string() });

const withoutEntity = ({ entity: _entity, ...role }: z.infer<typeof stored>): ExternalRole => role;

/** Holds while the count's item exists: made and removed with its view or role, so it says that one exists. */
const counted = itemPresent;

function item(accountId: string, role: ExternalRole) {
  return {
    ...externalRole(accountId, role.id),
    ...externalRoleIndexes(accountId, role.id, role.name),
    entity: 'ExternalRole',
    ...role,
  };
}

/** EXR-2, one GetItem: an external role of the account, or undefined. */
export async function findExternalRole(accountId: string, roleId: string): Promise<ExternalRole | undefined> {
  const found = await getItem(externalRole(accountId, roleId), stored);
  return found && withoutEntity(found);
}

/** EXR-2, one BatchGetItem per 100 ids: the external roles of the account with these ids, those found. */
export async function findExternalRoles(accountId: string, roleIds: readonly string[]): Promise<ExternalRole[]> {
  const ids = [...new Set(roleIds)];
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += maxBatchGetKeys) batches.push(ids.slice(i, i + maxBatchGetKeys));
  const found = await Promise.all(
    batches.map((batch) =>
      batchGetItems(
        batch.map((id) => externalRole(accountId, id)),
        stored,
      ),
    ),
  );
  return found.flat().map(withoutEntity);
}

/** EXR-1, one Query on `lists`: a page of the account's external roles by name. */
export async function listExternalRolePage(
  accountId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<ExternalRole>> {
  const result = await queryPage(externalRolesByName(accountId), stored, page);
  return { ...result, items: result.items.map(withoutEntity) };
}

/**
 * The writes that make role `roleId` use `added` views and stop using `removed` ones: per view a
 * usage row and the view's count (an added view's count must exist, which fails the step `view`
 * when the view is gone).
 */
function viewUseWrites(
  accountId: string,
  roleId: string,
  added: readonly string[],
  removed: readonly string[],
  now: string,
) {
  return [
    ...added.flatMap((viewId): Step[] => [
      {
        name: `view:${viewId}`,
        write: updateFields(externalViewUses(accountId, viewId), { add: { uses: 1 }, condition: counted }),
      },
      {
        name: 'viewUse',
        write: putDerived({
          ...externalViewUse(accountId, viewId, roleId),
          entity: 'ExternalViewUse',
          viewId,
          roleId,
          createdAt: now,
        }),
      },
    ]),
    ...removed.flatMap((viewId): Step[] => [
      { name: 'viewUses', write: updateFields(externalViewUses(accountId, viewId), { add: { uses: -1 } }) },
      { name: 'viewUse', write: deleteItem(externalViewUse(accountId, viewId, roleId)) },
    ]),
  ];
}

/** The ids of the views whose step failed because the view is gone (steps named `view:<id>`). */
const goneViews = (failed: FailedSteps) =>
  [...failed.keys()].filter((name) => name.startsWith('view:')).map((name) => name.slice('view:'.length));

/** Why a role's write was refused: its own step (stale or gone), or views deleted meanwhile. */
export type RoleWriteRefusal = { role: Record<string, unknown> | undefined } | { goneViewIds: string[] };

/**
 * EXR-3, one TransactWriteItems: the role, its count of the users whose client accesses use it
 * (none yet), and its views' usage rows and counts. Answers the refusal when a view was deleted
 * meanwhile.
 */
export async function insertExternalRole(accountId: string, role: ExternalRole): Promise<RoleWriteRefusal | undefined> {
  const failed = await tryTransact([
    { name: 'role', write: putNew(item(accountId, role)) },
    {
      name: 'roleUses',
      write: putNew({ ...externalRoleUses(accountId, role.id), entity: 'ExternalRoleUses', roleId: role.id, uses: 0 }),
    },
    ...viewUseWrites(accountId, role.id, role.viewIds, [], role.createdAt),
  ]);
  return failed && { goneViewIds: goneViews(failed) };
}

/**
 * EXR-4, one TransactWriteItems: replaces the role while it is at `expectedVersion`, with the
 * usage rows and counts of the views it adds and drops. Answers the refusal: the role's step
 * (the current role, or undefined when gone), or the views deleted meanwhile.
 */
export async function replaceExternalRole(
  accountId: string,
  previous: ExternalRole,
  next: ExternalRole,
  expectedVersion: number,
): Promise<RoleWriteRefusal | undefined> {
  const before = new Set(previous.viewIds);
  const after = new Set(next.viewIds);
  const failed = await tryTransact([
    { name: 'role', write: putVersioned(item(accountId, next), expectedVersion) },
    ...viewUseWrites(
      accountId,
      next.id,
      next.viewIds.filter((id) => !before.has(id)),
      previous.viewIds.filter((id) => !after.has(id)),
      next.updatedAt,
    ),
  ]);
  if (!failed) return undefined;
  return failed.has('role') ? { role: failed.get('role') } : { goneViewIds: goneViews(failed) };
}

/** The answer to a role step that failed: 404 when gone, else 409 with the current role. */
export const staleRole = (current: Record<string, unknown> | undefined) => staleVersionError(stored, current);

/** EXR-5, one Query: the ids of the external users whose client accesses use a role (at most 100). */
export async function findRoleUsers(accountId: string, roleId: string): Promise<string[]> {
  const page = await queryPage(externalRoleUsers(accountId, roleId), usageRow, { limit: 100, consistent: true });
  return page.items.map((row) => row.externalUserId);
}

/**
 * EXR-5, one TransactWriteItems: deletes the role while it is at `expectedVersion` and no client
 * access uses it (its count is 0), with its views' usage rows and counts. Answers the refusal:
 * `{ role }` for its own step, `{ inUse: true }` when a client access took it meanwhile.
 */
export async function deleteExternalRole(
  accountId: string,
  role: ExternalRole,
  expectedVersion: number,
): Promise<{ role: Record<string, unknown> | undefined } | { inUse: true } | undefined> {
  const failed = await tryTransact([
    { name: 'role', write: deleteItem(externalRole(accountId, role.id), expectedVersion) },
    { name: 'roleUses', write: deleteZeroCount(externalRoleUses(accountId, role.id), 'uses') },
    ...viewUseWrites(accountId, role.id, [], role.viewIds, role.updatedAt),
  ]);
  if (!failed) return undefined;
  return failed.has('role') ? { role: failed.get('role') } : { inUse: true };
}

/**
 * CLA-2: the writes that make external user `externalUserId`'s client access use `added` roles
 * and stop using `removed` ones: per role a usage row and the role's count (an added role's count
 * must exist, which fails the step `role:<id>` when the role is gone).
 */
export function roleUseWrites(
  accountId: string,
  externalUserId: string,
  added: readonly string[],
  removed: readonly string[],
  now: string,
): Step[] {
  return [
    ...added.flatMap((roleId): Step[] => [
      {
        name: `role:${roleId}`,
        write: updateFields(externalRoleUses(accountId, roleId), { add: { uses: 1 }, condition: counted }),
      },
      {
        name: 'roleUse',
        write: putDerived({
          ...externalRoleUse(accountId, roleId, externalUserId),
          entity: 'ExternalRoleUse',
          roleId,
          externalUserId,
          createdAt: now,
        }),
      },
    ]),
    ...removed.flatMap((roleId): Step[] => [
      { name: 'roleUses', write: updateFields(externalRoleUses(accountId, roleId), { add: { uses: -1 } }) },
      { name: 'roleUse', write: deleteItem(externalRoleUse(accountId, roleId, externalUserId)) },
    ]),
  ];
}

/** The ids of the roles whose step failed because the role is gone (steps named `role:<id>`). */
export const goneRoles = (failed: FailedSteps) =>
  [...failed.keys()].filter((name) => name.startsWith('role:')).map((name) => name.slice('role:'.length));
