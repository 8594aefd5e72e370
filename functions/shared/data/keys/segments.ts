/**
 * What every aggregate's keys are made of. Only the files of this folder import it; the rest of
 * FieldPass imports the key functions through `../keys.ts`.
 */
import type { PrefixTarget, PrimaryKey, QueryTarget } from './table-definition';

/** The characters an identifier may have in a key segment. */
export const SAFE_ID_CHARS = '[A-Za-z0-9_.@+-]{1,128}';
const SAFE_ID = /* @__PURE__ */ new RegExp(`^${SAFE_ID_CHARS}$`);

/**
 * Refuses an identifier that could break out of its key segment ('#' or control characters).
 * Ids come from tokens and from our own generator, so a failure here is a bug, not bad input;
 * routes validate path ids with `idSchema` first and answer 400.
 */
export function segment(id: string): string {
  if (!SAFE_ID.test(id)) throw new Error('unsafe identifier in a key');
  return id;
}

/** The account's partition, and the start of every other partition key of the account. */
export const accountPartition = (accountId: string) => `ACC#${segment(accountId)}`;

/** A job category's sort key in the account's partition; its checklist templates' keys extend it. */
export const jobCategorySk = (categoryId: string) => `JOBCAT#${segment(categoryId)}`;

/** A record in the account's own partition. */
export const inAccount = (accountId: string, sk: string): PrimaryKey => ({ pk: accountPartition(accountId), sk });

/**
 * Work items: jobs, incidents, logs, risks, risk assessments and projects. Each item has a
 * collection of its own (the item, its list rows, and what belongs to it: assignments, checklists
 * and answers, a project's plan) and list partitions per filter, visibility class and status.
 */
export type WorkItemType = 'job' | 'incident' | 'log' | 'risk' | 'riskAssessment' | 'project';

export const workTag: Record<WorkItemType, string> = {
  job: 'JOB',
  incident: 'INCIDENT',
  log: 'LOG',
  risk: 'RISK',
  riskAssessment: 'RISKASSESSMENT',
  project: 'PROJECT',
};

/** The work items external users are assigned to. */
export type AssignableType = 'job' | 'incident';

/** A work item's collection: the partition of the item and everything that belongs to it. */
export const workCollection = (type: WorkItemType, accountId: string, id: string) =>
  `${accountPartition(accountId)}#${workTag[type]}#${segment(id)}`;

/** A record in a work item's collection. */
export const inCollection = (type: WorkItemType, accountId: string, id: string, sk: string): PrimaryKey => ({
  pk: workCollection(type, accountId, id),
  sk,
});

/** One Query of the records of partition `pk` whose sort key starts with `prefix`. */
export const startingWith = (pk: string, prefix: string): PrefixTarget => ({
  partition: { name: 'pk', value: pk },
  sortKeyPrefix: { name: 'sk', value: prefix },
});

/*
 * Records of the account listed by name (staff users, job categories, external users): their
 * `lists` partition `ACC#<a>#<list>` is ordered by "<name lower-case>#<id>", and a guard item in
 * the account's partition, "<tag>#<name or e-mail lower-case>", keeps the name unique.
 */

/** The `lists` partition of one kind of the account's records listed by name. */
export const nameList = (accountId: string, list: string) => `${accountPartition(accountId)}#${list}`;

/** The sort key of a record listed by name. */
export const nameSort = (sortName: string, id: string) => `${sortName.toLowerCase()}#${segment(id)}`;

/** Index attributes of a record listed by name in `lists`. */
export const listedByName = (accountId: string, list: string, id: string, sortName: string) => ({
  gsi1pk: nameList(accountId, list),
  gsi1sk: nameSort(sortName, id),
});

/** The records of one kind, by name: one Query on `lists`. */
export const byName = (accountId: string, list: string): QueryTarget => ({
  index: 'lists',
  partition: { name: 'gsi1pk', value: nameList(accountId, list) },
});

/** Guard item that keeps a name (or an e-mail address) unique within the account, case-insensitively. */
export const nameGuard = (accountId: string, tag: string, name: string): PrimaryKey =>
  inAccount(accountId, `${tag}#${name.toLowerCase()}`);
