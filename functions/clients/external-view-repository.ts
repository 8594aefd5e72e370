import * as z from 'zod/mini';
import {
  externalView,
  externalViewIndexes,
  externalViewsByName,
  externalViewUsers,
  externalViewUses,
  jobCategory,
} from '#shared/data/keys';
import {
  batchGetItems,
  deleteItem,
  deleteZeroCount,
  getItem,
  maxBatchGetKeys,
  type Page,
  putNew,
  putVersioned,
  queryPage,
  staleVersionError,
  transact,
  tryTransact,
} from '#shared/data/table';
import { type ExternalView, externalViewSchema } from './external-view.schema';

const stored = z.extend(externalViewSchema, { entity: z.literal('ExternalView') });
const usageRow = z.object({ roleId: z.string() });

const withoutEntity = ({ entity: _entity, ...view }: z.infer<typeof stored>): ExternalView => view;

function item(accountId: string, view: ExternalView) {
  return {
    ...externalView(accountId, view.id),
    ...externalViewIndexes(accountId, view.id, view.name),
    entity: 'ExternalView',
    ...view,
  };
}

/** EXV-2, one GetItem: an external view of the account, or undefined. */
export async function findExternalView(accountId: string, viewId: string): Promise<ExternalView | undefined> {
  const found = await getItem(externalView(accountId, viewId), stored);
  return found && withoutEntity(found);
}

/** One BatchGetItem per 100 ids: the external views of the account with these ids, those found. */
export async function findExternalViews(accountId: string, viewIds: readonly string[]): Promise<ExternalView[]> {
  const ids = [...new Set(viewIds)];
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += maxBatchGetKeys) batches.push(ids.slice(i, i + maxBatchGetKeys));
  const found = await Promise.all(
    batches.map((batch) =>
      batchGetItems(
        batch.map((id) => externalView(accountId, id)),
        stored,
      ),
    ),
  );
  return found.flat().map(withoutEntity);
}

/** EXV-3, one BatchGetItem (≤ 100 ids, projection `id`): which of these job categories exist in the account. */
export async function existingJobCategoryIds(accountId: string, categoryIds: readonly string[]): Promise<Set<string>> {
  if (categoryIds.length === 0) return new Set();
  const found = await batchGetItems(
    [...new Set(categoryIds)].map((id) => jobCategory(accountId, id)),
    z.object({ id: z.string() }),
    ['id'],
  );
  return new Set(found.map((category) => category.id));
}

/** EXV-1, one Query on `lists`: a page of the account's external views by name. */
export async function listExternalViewPage(
  accountId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<ExternalView>> {
  const result = await queryPage(externalViewsByName(accountId), stored, page);
  return { ...result, items: result.items.map(withoutEntity) };
}

/** EXV-3, one TransactWriteItems: the view and its count of the roles that use it (none yet). */
export async function insertExternalView(accountId: string, view: ExternalView): Promise<void> {
  await transact(
    [
      { name: 'view', write: putNew(item(accountId, view)) },
      {
        name: 'uses',
        write: putNew({
          ...externalViewUses(accountId, view.id),
          entity: 'ExternalViewUses',
          viewId: view.id,
          uses: 0,
        }),
      },
    ],
    'This external view exists already',
  );
}

/** EXV-4, one TransactWriteItems: replaces the view while it is at `expectedVersion` (409 with the current one; 404 when gone). */
export async function replaceExternalView(
  accountId: string,
  next: ExternalView,
  expectedVersion: number,
): Promise<void> {
  await transact([{ name: 'view', write: putVersioned(item(accountId, next), expectedVersion) }], (failed) =>
    staleVersionError(stored, failed.get('view')),
  );
}

/** EXV-5, one Query: the ids of the roles that use a view (at most 100). */
export async function findViewUsers(accountId: string, viewId: string): Promise<string[]> {
  const page = await queryPage(externalViewUsers(accountId, viewId), usageRow, { limit: 100, consistent: true });
  return page.items.map((row) => row.roleId);
}

/**
 * EXV-5, one TransactWriteItems: deletes the view while it is at `expectedVersion` and no role
 * uses it (its count is 0: a role added since the caller looked refuses the delete with 409
 * `IN_USE`, `inUse` giving the answer).
 */
export async function deleteExternalView(
  accountId: string,
  viewId: string,
  expectedVersion: number,
  inUse: () => Promise<Error>,
): Promise<void> {
  const failed = await tryTransact([
    { name: 'view', write: deleteItem(externalView(accountId, viewId), expectedVersion) },
    { name: 'uses', write: deleteZeroCount(externalViewUses(accountId, viewId), 'uses') },
  ]);
  if (!failed) return;
  if (failed.has('view')) throw staleVersionError(stored, failed.get('view'));
  throw await inUse();
}
