import { accountPartition, byName, inAccount, listedByName, nameGuard, segment, startingWith } from './segments';
import type { PrimaryKey, QueryTarget } from './table-definition';

const category = (categoryId: string) => `JOBCAT#${segment(categoryId)}`;

/** CAT-2, CAT-3, CAT-4, CAT-5, CAT-7: a job category (a template for jobs) of the account. */
export const jobCategory = (accountId: string, categoryId: string): PrimaryKey =>
  inAccount(accountId, category(categoryId));

/** CAT-3, CAT-4: guard item that keeps a job category's name unique within the account. */
export const jobCategoryName = (accountId: string, name: string): PrimaryKey =>
  nameGuard(accountId, 'JOBCATNAME', name);

/** CAT-3, CAT-4: index attributes of a job category: listed by name in its account. */
export const jobCategoryIndexes = (accountId: string, categoryId: string, name: string) =>
  listedByName(accountId, 'JOBCATS', categoryId, name);

/** CAT-1: the account's job categories by name: one Query on `lists`. */
export const jobCategoriesByName = (accountId: string): QueryTarget => byName(accountId, 'JOBCATS');

/**
 * CAT-7, CAT-8, CAT-9, CHK-2: a checklist template of a job category, next to the category in the
 * account's partition. Its sort key extends the category's (`JOBCAT#<id>` is never a prefix of
 * another category's key, ids hold no '#'), and it carries no index attributes, so listing
 * categories never meets it.
 */
export const jobCategoryTemplate = (accountId: string, categoryId: string, templateId: string): PrimaryKey =>
  inAccount(accountId, `${category(categoryId)}#TPL#${segment(templateId)}`);

/**
 * CAT-7, CAT-9: how many checklist templates a job category has, kept by the writes that add or
 * remove one, so the limit holds when two are added at once. Outside the templates' prefix
 * ("…#TPLCOUNT").
 */
export const jobCategoryTemplateCount = (accountId: string, categoryId: string): PrimaryKey =>
  inAccount(accountId, `${category(categoryId)}#TPLCOUNT`);

/**
 * CAT-6: a job category's checklist templates: one Query of the account's partition,
 * `begins_with(sk, "JOBCAT#<id>#TPL#")`.
 */
export const jobCategoryTemplates = (accountId: string, categoryId: string): QueryTarget =>
  startingWith(accountPartition(accountId), `${category(categoryId)}#TPL#`);
