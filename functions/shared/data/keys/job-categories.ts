import { byName, inAccount, jobCategorySk, listedByName, nameGuard } from './segments';
import type { PrimaryKey, QueryTarget } from './table-definition';

/** CAT-2, CAT-3, CAT-4, CAT-5, TPL-2, CLP-2: a job category (a template for jobs) of the account. */
export const jobCategory = (accountId: string, categoryId: string): PrimaryKey =>
  inAccount(accountId, jobCategorySk(categoryId));

/** CAT-3, CAT-4: guard item that keeps a job category's name unique within the account. */
export const jobCategoryName = (accountId: string, name: string): PrimaryKey =>
  nameGuard(accountId, 'JOBCATNAME', name);

/** CAT-3, CAT-4: index attributes of a job category: listed by name in its account. */
export const jobCategoryIndexes = (accountId: string, categoryId: string, name: string) =>
  listedByName(accountId, 'JOBCATS', categoryId, name);

/** CAT-1: the account's job categories by name: one Query on `lists`. */
export const jobCategoriesByName = (accountId: string): QueryTarget => byName(accountId, 'JOBCATS');
