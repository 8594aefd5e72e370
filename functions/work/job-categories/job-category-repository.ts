import * as z from 'zod/mini';
import { jobCategoriesByName, jobCategory, jobCategoryIndexes, jobCategoryName } from '#shared/data/keys';
import {
  deleteItem,
  getItem,
  type Page,
  putNew,
  putVersioned,
  queryPage,
  type Step,
  staleVersionError,
  transact,
} from '#shared/data/table';
import { ConflictError } from '#shared/errors';
import { type JobCategory, jobCategorySchema } from './job-category.schema';

const storedJobCategory = z.extend(jobCategorySchema, { entity: z.literal('JobCategory') });

const withoutEntity = ({ entity: _entity, ...category }: z.infer<typeof storedJobCategory>): JobCategory => category;

function item(accountId: string, category: JobCategory) {
  return {
    ...jobCategory(accountId, category.id),
    ...jobCategoryIndexes(accountId, category.id, category.name),
    entity: 'JobCategory',
    ...category,
  };
}

function nameGuard(accountId: string, category: JobCategory): Step {
  return {
    name: 'nameGuard',
    write: putNew({
      ...jobCategoryName(accountId, category.name),
      entity: 'JobCategoryName',
      version: 1,
      categoryId: category.id,
      createdAt: category.updatedAt,
      updatedAt: category.updatedAt,
    }),
  };
}

const nameTaken = () =>
  new ConflictError('A job category with this name exists already', { field: 'name' }, 'NAME_TAKEN');

/** One GetItem: a job category of the account, or undefined. */
export async function findJobCategory(accountId: string, categoryId: string): Promise<JobCategory | undefined> {
  const found = await getItem(jobCategory(accountId, categoryId), storedJobCategory);
  return found && withoutEntity(found);
}

/** One Query on `lists`: a page of the account's job categories by name. */
export async function listJobCategoryPage(
  accountId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<JobCategory>> {
  const result = await queryPage(jobCategoriesByName(accountId), storedJobCategory, page);
  return { ...result, items: result.items.map(withoutEntity) };
}

/** One TransactWriteItems: the category and the guard that keeps its name unique (409 NAME_TAKEN). */
export async function insertJobCategory(accountId: string, category: JobCategory): Promise<void> {
  await transact(
    [{ name: 'category', write: putNew(item(accountId, category)) }, nameGuard(accountId, category)],
    nameTaken,
  );
}

/**
 * One TransactWriteItems: replaces the category if its stored version is still
 * `previous.version` (409 with the current one otherwise), moving the name guard on a rename.
 */
export async function replaceJobCategory(accountId: string, previous: JobCategory, next: JobCategory): Promise<void> {
  const renamed = previous.name.toLowerCase() !== next.name.toLowerCase();
  const writes: Step[] = [
    { name: 'category', write: putVersioned(item(accountId, next), previous.version) },
    ...(renamed
      ? [
          { name: 'previousNameGuard', write: deleteItem(jobCategoryName(accountId, previous.name)) },
          nameGuard(accountId, next),
        ]
      : []),
  ];
  await transact(writes, (failed) =>
    failed.has('category') ? staleVersionError(storedJobCategory, failed.get('category')) : nameTaken(),
  );
}
