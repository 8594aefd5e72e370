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
import { lazySchema } from '#shared/lazy-schema';
import { type JobCategory, jobCategorySchema } from './job-category.schema';

const storedJobCategory = /* @__PURE__ */ lazySchema(() =>
  z.extend(jobCategorySchema, { entity: z.literal('JobCategory') }),
);

/**
 * What a job's write reads of its category (`findCategoryDefaults`): whether it is archived and the
 * owners and external users a new job of it gets, checked as on the whole record; the rest is not
 * parsed, so the job writes bundle neither the whole record's schema nor its OpenAPI description.
 */
const categoryDefaults = /* @__PURE__ */ lazySchema(() =>
  z.object({
    archived: z.boolean(),
    defaultOwnerIds: z.array(z.string()),
    defaultExternalUserIds: z.optional(z.array(z.string())),
  }),
);

/** What `findCategoryDefaults` reads of a job category. */
export type CategoryDefaults = z.infer<typeof categoryDefaults>;

/** One GetItem (the same as `findJobCategory`): whether the category is archived and its defaults, or undefined. */
export function findCategoryDefaults(accountId: string, categoryId: string): Promise<CategoryDefaults | undefined> {
  return getItem(jobCategory(accountId, categoryId), categoryDefaults);
}

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
