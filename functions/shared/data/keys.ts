/**
 * The single table's keys: the one import point for every key function. The files of `./keys/`,
 * one per aggregate, are the only code in FieldPass that knows a key's format, a prefix or an
 * index name (a test fails when a key string is built anywhere else, or when `./keys/` is imported
 * from anywhere but here).
 *
 * Every partition key starts with the account (tenant) id, which the caller's verified token
 * supplies, so no request can name another account's items. Each key function's doc comment
 * starts with the ids of the access patterns in docs/data-model.md that use it.
 *
 * Each key function is exported by name, and the files run nothing at load: code that imports the
 * functions it calls (`import { staffUser } from '#shared/data/keys'`) gets a bundle with just
 * those. The groups at the end (`keys`, `signInKeys`, …) are object literals of the same
 * functions: a bundle keeps each group its code names whole, and leaves the others out.
 */
import { account, accountIdOf } from './keys/accounts';
import { assignment, assignmentIndexes, externalUserAssignments, itemAssignments } from './keys/assignments';
import {
  auditEntry,
  auditEntryFromKeys,
  auditEntryIndexes,
  auditSettingIndexes,
  externalActivity,
  itemTrail,
} from './keys/audit';
import { jobCategoryTemplate, jobCategoryTemplateCount, jobCategoryTemplates } from './keys/checklist-templates';
import {
  assignableOf,
  attachmentObject,
  checklist,
  checklistAnswer,
  checklistAnswers,
  checklistAttachment,
  checklistComment,
  checklistItemAttachments,
  checklistVersion,
  completionNotice,
  itemChecklists,
} from './keys/checklists';
import {
  externalUser,
  externalUserAutoDisable,
  externalUserEmail,
  externalUserIndexes,
  externalUsersByName,
} from './keys/external-users';
import { itemAccess } from './keys/item-access';
import { jobCategoriesByName, jobCategory, jobCategoryIndexes, jobCategoryName } from './keys/job-categories';
import { absentLinkTargets, link } from './keys/links';
import { refusedChange } from './keys/portal';
import { projectPlan, projectPlanCount, projectTask, projectTaskGroup } from './keys/project-plans';
import { absentSignInTargets, codeSends, codeSendTicket } from './keys/sign-in';
import { staffUser, staffUserEmail, staffUserIndexes, staffUsersByName } from './keys/staff';
import { currentTerms, termsAcceptance, termsAcceptanceOf, termsVersion, termsVersions } from './keys/terms';
import { deletedWorkItem, workItem, workItemList, workItemRow, workItemRowIndexes } from './keys/work-items';

export * from './keys/accounts';
export * from './keys/assignments';
export * from './keys/audit';
export * from './keys/checklist-templates';
export * from './keys/checklists';
export * from './keys/client-reports';
export * from './keys/clients';
export * from './keys/customers';
export * from './keys/exports';
export * from './keys/external-users';
export * from './keys/feed';
export * from './keys/impersonation';
export * from './keys/imports';
export * from './keys/item-access';
export * from './keys/job-categories';
export * from './keys/links';
export * from './keys/portal';
export * from './keys/project-plans';
export type { AssignableType, WorkItemType } from './keys/segments';
export * from './keys/sign-in';
export * from './keys/staff';
export {
  type IndexName,
  indexProjections,
  keyAttributes,
  type PrefixTarget,
  type PrimaryKey,
  primaryKeyAttributes,
  type QueryTarget,
  tableDefinition,
  timeToLiveAttribute,
} from './keys/table-definition';
export * from './keys/terms';
export * from './keys/work-items';

/** The records most code keys: accounts, staff users, external users, work items and what hangs off them. */
export const keys = {
  account,
  accountIdOf,
  staffUser,
  staffUserEmail,
  staffUserIndexes,
  staffUsersByName,
  externalUser,
  externalUserAutoDisable,
  externalUserEmail,
  externalUserIndexes,
  externalUsersByName,
  workItem,
  deletedWorkItem,
  workItemRow,
  workItemRowIndexes,
  workItemList,
  projectTaskGroup,
  projectTask,
  projectPlanCount,
  projectPlan,
  jobCategory,
  jobCategoryName,
  jobCategoryIndexes,
  jobCategoriesByName,
  jobCategoryTemplate,
  jobCategoryTemplateCount,
  jobCategoryTemplates,
  assignment,
  assignmentIndexes,
  itemAccess,
  itemAssignments,
  externalUserAssignments,
  link,
  absentLinkTargets,
} as const;

/** The portal sign-in's records. */
export const signInKeys = { codeSends, codeSendTicket, absentSignInTargets } as const;

/** Terms & Conditions and their acceptances. */
export const termsKeys = { currentTerms, termsVersion, termsVersions, termsAcceptance, termsAcceptanceOf } as const;

/** Checklists, their answers and the owners' completion notice, all in the job's or incident's collection. */
export const checklistKeys = {
  assignableOf,
  completionNotice,
  checklist,
  checklistVersion,
  checklistAnswer,
  checklistComment,
  checklistAttachment,
  checklistItemAttachments,
  attachmentObject,
  itemChecklists,
  checklistAnswers,
} as const;

/** The audit trail: its entries, an item's trail and the external activity. */
export const auditKeys = {
  entry: auditEntry,
  entryIndexes: auditEntryIndexes,
  settingIndexes: auditSettingIndexes,
  entryFromKeys: auditEntryFromKeys,
  itemTrail,
  externalActivity,
} as const;

/** What the portal records of an external user's visits. */
export const portalKeys = { refusedChange } as const;
