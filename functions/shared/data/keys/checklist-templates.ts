import { accountPartition, inAccount, jobCategorySk, segment, startingWith } from './segments';
import type { PrefixTarget, PrimaryKey } from './table-definition';

/**
 * TPL-2, TPL-3, TPL-4, CHK-2: a checklist template of a job category, next to the category in the
 * account's partition. Its sort key extends the category's (`JOBCAT#<id>` is never a prefix of
 * another category's key, ids hold no '#'), and it carries no index attributes, so listing
 * categories never meets it.
 */
export const jobCategoryTemplate = (accountId: string, categoryId: string, templateId: string): PrimaryKey =>
  inAccount(accountId, `${jobCategorySk(categoryId)}#TPL#${segment(templateId)}`);

/**
 * TPL-2, TPL-4: how many checklist templates a job category has, kept by the writes that add or
 * remove one, so the limit holds when two are added at once. Outside the templates' prefix
 * ("…#TPLCOUNT").
 */
export const jobCategoryTemplateCount = (accountId: string, categoryId: string): PrimaryKey =>
  inAccount(accountId, `${jobCategorySk(categoryId)}#TPLCOUNT`);

/**
 * TPL-1: a job category's checklist templates: one Query of the account's partition,
 * `begins_with(sk, "JOBCAT#<id>#TPL#")`.
 */
export const jobCategoryTemplates = (accountId: string, categoryId: string): PrefixTarget =>
  startingWith(accountPartition(accountId), `${jobCategorySk(categoryId)}#TPL#`);
