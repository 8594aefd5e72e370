/**
 * The single table's keys. This module is the only place in FieldPass that knows a key's format,
 * a prefix or an index name (a test fails when a key string is built anywhere else).
 *
 * Every partition key starts with the account (tenant) id, which the caller's verified token
 * supplies, so no request can name another account's items.
 */

/** Shape of the single table: used by the CDK construct and by the local stack alike. */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  streamViewType: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    /** Account-wide lists ordered by a facet (e.g. staff users by name). */
    { indexName: 'lists', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /**
     * Visibility classes: an item type's items of one class (e.g. jobs without privacy status,
     * confidential jobs) in one partition, so a list scope is one Query that reads only what it returns.
     */
    { indexName: 'visibility', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];

/** The attributes that hold a key; they never leave the data layer. */
export const keyAttributes = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;

export interface PrimaryKey {
  pk: string;
  sk: string;
}

/**
 * The partition one Query reads, and optionally a key condition on its sort key: a prefix, or an
 * inclusive range.
 */
export interface QueryTarget {
  index?: IndexName;
  partition: { name: string; value: string };
  sortKeyPrefix?: { name: string; value: string };
  sortKeyRange?: { name: string; from?: string; to?: string };
}

/** The columns a job's list partitions are ordered and filtered by. */
export interface JobListFacts {
  jobId: string;
  dueAt: string;
  archived: boolean;
  status: string;
}

/**
 * The job list partitions: one per visibility scope (see the permission module's
 * `visibilityScopesFor`), each also split by status so a status filter reads only what it returns.
 */
export type JobListPartition =
  | { kind: 'all' }
  | { kind: 'open' }
  | { kind: 'confidential' }
  | { kind: 'ownedBy'; ownerId: string }
  | { kind: 'privacyStatus'; privacyStatusId: string };

/** Which page of jobs one Query reads. */
export interface JobListOptions {
  archived: boolean;
  status?: string;
  due?: { from?: string; to?: string };
}

const SAFE_ID = /^[A-Za-z0-9_.@+-]{1,128}$/;

/**
 * Refuses an identifier that could break out of its key segment ('#' or control characters).
 * Ids come from tokens and from our own generator, so a failure here is a bug, not bad input;
 * routes validate path ids with `idSchema` first and answer 400.
 */
function segment(id: string): string {
  if (!SAFE_ID.test(id)) throw new Error('unsafe identifier in a key');
  return id;
}

const account = (accountId: string) => `ACC#${segment(accountId)}`;

/**
 * A job's item collection: the job item, one owner link per owner and, for a confidential job,
 * its privacy link. Later issues add assignments, checklists and answers to the same partition.
 */
const jobCollection = (accountId: string, jobId: string) => `${account(accountId)}#JOB#${segment(jobId)}`;

/** Archived jobs live in partitions of their own, so neither list reads the other's items. */
const jobs = (accountId: string, archived: boolean) => `${account(accountId)}#${archived ? 'ARCHIVEDJOBS' : 'JOBS'}`;

/** The partition key value of a job list partition, of all statuses or of one. */
function jobPartition(accountId: string, partition: JobListPartition, archived: boolean, status?: string): string {
  const base = jobs(accountId, archived);
  const scope =
    partition.kind === 'all'
      ? base
      : partition.kind === 'open'
        ? `${base}#OPEN`
        : partition.kind === 'confidential'
          ? `${base}#CONFIDENTIAL`
          : partition.kind === 'ownedBy'
            ? `${base}#OWNER#${segment(partition.ownerId)}`
            : `${base}#PRIVACY#${segment(partition.privacyStatusId)}`;
  return status === undefined ? scope : `${scope}#STATUS#${segment(status)}`;
}

/**
 * Which index holds a job list partition. Each item joins at most two: the job item holds "all"
 * (lists) and its class (visibility); the status link their per-status twins; owner and privacy
 * links their own partition (lists) and its per-status twin (visibility).
 */
function jobListIndex(kind: JobListPartition['kind'], byStatus: boolean): 'lists' | 'visibility' {
  if (kind === 'all') return 'lists';
  if (kind === 'open' || kind === 'confidential') return 'visibility';
  return byStatus ? 'visibility' : 'lists';
}

/** Sort key of every job list partition: due date-time (ISO-8601 UTC, so text order is time order), then id. */
const jobListSort = (facts: JobListFacts) => `${new Date(facts.dueAt).toISOString()}#${segment(facts.jobId)}`;

const jobClass = (confidential: boolean): JobListPartition => ({ kind: confidential ? 'confidential' : 'open' });

/** The index attributes of an item listed in `onLists` (gsi1) and `onVisibility` (gsi2). */
const jobListEntries = (onLists: string, onVisibility: string, facts: JobListFacts) => ({
  gsi1pk: onLists,
  gsi1sk: jobListSort(facts),
  gsi2pk: onVisibility,
  gsi2sk: jobListSort(facts),
});

/**
 * Incidents, logs, risks and risk assessments: work items whose keys follow the jobs' layout under
 * their own tag (a collection per item; list partitions per visibility scope, archived apart, per
 * status where the type has one; sort key "<date-time>#<id>").
 */
export type WorkItemType = 'incident' | 'log' | 'risk' | 'riskAssessment' | 'project';

const workTag: Record<WorkItemType, string> = {
  incident: 'INCIDENT',
  log: 'LOG',
  risk: 'RISK',
  riskAssessment: 'RISKASSESSMENT',
  project: 'PROJECT',
};

/** The columns a work item's list partitions are ordered and filtered by. */
export interface WorkListFacts {
  id: string;
  /** The date-time lists order by (an incident's raisedAt, a log's occurredAt, a risk's createdAt). */
  sortAt: string;
  archived: boolean;
  /** Types without a status (logs) have no per-status partitions. */
  status?: string;
}

/** Which page of work items one Query reads. */
export interface WorkListOptions {
  archived: boolean;
  status?: string;
  range?: { from?: string; to?: string };
}

const workCollection = (type: WorkItemType, accountId: string, id: string) =>
  `${account(accountId)}#${workTag[type]}#${segment(id)}`;

function workPartition(
  type: WorkItemType,
  accountId: string,
  partition: JobListPartition,
  archived: boolean,
  status?: string,
): string {
  const base = `${account(accountId)}#${archived ? 'ARCHIVED' : ''}${workTag[type]}S`;
  const scope =
    partition.kind === 'all'
      ? base
      : partition.kind === 'open'
        ? `${base}#OPEN`
        : partition.kind === 'confidential'
          ? `${base}#CONFIDENTIAL`
          : partition.kind === 'ownedBy'
            ? `${base}#OWNER#${segment(partition.ownerId)}`
            : `${base}#PRIVACY#${segment(partition.privacyStatusId)}`;
  return status === undefined ? scope : `${scope}#STATUS#${segment(status)}`;
}

const workListSort = (facts: WorkListFacts) => `${new Date(facts.sortAt).toISOString()}#${segment(facts.id)}`;

/** The index attributes of an item listed in `onLists` (gsi1) and, when given, `onVisibility` (gsi2). */
const workListEntries = (onLists: string, onVisibility: string | undefined, facts: WorkListFacts) => ({
  gsi1pk: onLists,
  gsi1sk: workListSort(facts),
  ...(onVisibility !== undefined ? { gsi2pk: onVisibility, gsi2sk: workListSort(facts) } : {}),
});

export const keys = {
  account: (accountId: string): PrimaryKey => ({ pk: account(accountId), sk: 'ACCOUNT' }),

  staffUser: (accountId: string, userId: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `USER#${segment(userId)}`,
  }),

  /** Guard item that keeps a staff user's e-mail unique within the account. */
  staffUserEmail: (accountId: string, email: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `USEREMAIL#${email.toLowerCase()}`,
  }),

  /** Index attributes a staff user item carries: listed by name in its account. */
  staffUserIndexes: (accountId: string, userId: string, sortName: string) => ({
    gsi1pk: `${account(accountId)}#USERS`,
    gsi1sk: `${sortName.toLowerCase()}#${segment(userId)}`,
  }),

  /** Staff users of an account, ordered by name: one Query on `lists`. */
  staffUsersByName: (accountId: string): QueryTarget => ({
    index: 'lists',
    partition: { name: 'gsi1pk', value: `${account(accountId)}#USERS` },
  }),

  /** An incident or log item in its collection. */
  workItem: (type: WorkItemType, accountId: string, id: string): PrimaryKey => ({
    pk: workCollection(type, accountId, id),
    sk: workTag[type],
  }),

  /** Owner link of an incident or log: one per (item, owner), carrying the list columns. */
  workItemOwnerLink: (type: WorkItemType, accountId: string, id: string, ownerId: string): PrimaryKey => ({
    pk: workCollection(type, accountId, id),
    sk: `OWNER#${segment(ownerId)}`,
  }),

  /** Privacy link of an incident or log: present while it has a privacy status. */
  workItemPrivacyLink: (type: WorkItemType, accountId: string, id: string): PrimaryKey => ({
    pk: workCollection(type, accountId, id),
    sk: 'PRIVACY',
  }),

  /** Status link of an incident (types with a status): listed in the per-status partitions of "all" and its class. */
  workItemStatusLink: (type: WorkItemType, accountId: string, id: string): PrimaryKey => ({
    pk: workCollection(type, accountId, id),
    sk: 'STATUS',
  }),

  /** Index attributes of the item: the type's "all" partition (lists) and its visibility class (visibility). */
  workItemIndexes: (type: WorkItemType, accountId: string, facts: WorkListFacts & { confidential: boolean }) =>
    workListEntries(
      workPartition(type, accountId, { kind: 'all' }, facts.archived),
      workPartition(type, accountId, jobClass(facts.confidential), facts.archived),
      facts,
    ),

  /** Index attributes of the status link: the same two partitions, of the item's status only. */
  workItemStatusLinkIndexes: (
    type: WorkItemType,
    accountId: string,
    facts: WorkListFacts & { status: string; confidential: boolean },
  ) =>
    workListEntries(
      workPartition(type, accountId, { kind: 'all' }, facts.archived, facts.status),
      workPartition(type, accountId, jobClass(facts.confidential), facts.archived, facts.status),
      facts,
    ),

  /** Index attributes of an owner link of a non-confidential item (scope "openOwnedBy"). */
  workItemOwnerLinkIndexes: (type: WorkItemType, accountId: string, ownerId: string, facts: WorkListFacts) =>
    workListEntries(
      workPartition(type, accountId, { kind: 'ownedBy', ownerId }, facts.archived),
      facts.status === undefined
        ? undefined
        : workPartition(type, accountId, { kind: 'ownedBy', ownerId }, facts.archived, facts.status),
      facts,
    ),

  /** Index attributes of a privacy link (scope "privacyStatus"). */
  workItemPrivacyLinkIndexes: (type: WorkItemType, accountId: string, privacyStatusId: string, facts: WorkListFacts) =>
    workListEntries(
      workPartition(type, accountId, { kind: 'privacyStatus', privacyStatusId }, facts.archived),
      facts.status === undefined
        ? undefined
        : workPartition(type, accountId, { kind: 'privacyStatus', privacyStatusId }, facts.archived, facts.status),
      facts,
    ),

  /** One incident or log list partition by date, optionally of one status and within a date range: one Query. */
  workItemList: (
    type: WorkItemType,
    accountId: string,
    partition: JobListPartition,
    options: WorkListOptions,
  ): QueryTarget => {
    const index = jobListIndex(partition.kind, options.status !== undefined);
    const [partitionName, sortName] = index === 'lists' ? ['gsi1pk', 'gsi1sk'] : ['gsi2pk', 'gsi2sk'];
    const range = options.range ?? {};
    return {
      index,
      partition: {
        name: partitionName,
        value: workPartition(type, accountId, partition, options.archived, options.status),
      },
      sortKeyRange: {
        name: sortName,
        ...(range.from ? { from: new Date(range.from).toISOString() } : {}),
        // '~' sorts after every id character, so the bound includes items at exactly `to`.
        ...(range.to ? { to: `${new Date(range.to).toISOString()}#~` } : {}),
      },
    };
  },

  /** A task group of a project, in the project's collection. */
  projectTaskGroup: (accountId: string, projectId: string, groupId: string): PrimaryKey => ({
    pk: workCollection('project', accountId, projectId),
    sk: `TASKGROUP#${segment(groupId)}`,
  }),

  /** A task of a project, in the project's collection. */
  projectTask: (accountId: string, projectId: string, taskId: string): PrimaryKey => ({
    pk: workCollection('project', accountId, projectId),
    sk: `TASK#${segment(taskId)}`,
  }),

  /** A project's task groups and tasks ("TASK#…" then "TASKGROUP#…"): one Query of its collection. */
  projectPlan: (accountId: string, projectId: string): QueryTarget => ({
    partition: { name: 'pk', value: workCollection('project', accountId, projectId) },
    sortKeyPrefix: { name: 'sk', value: 'TASK' },
  }),

  job: (accountId: string, jobId: string): PrimaryKey => ({
    pk: jobCollection(accountId, jobId),
    sk: 'JOB',
  }),

  /** Owner link: one per (job, owner), carrying the list columns. */
  jobOwnerLink: (accountId: string, jobId: string, ownerId: string): PrimaryKey => ({
    pk: jobCollection(accountId, jobId),
    sk: `OWNER#${segment(ownerId)}`,
  }),

  /** Privacy link: present while the job has a privacy status, carrying the list columns. */
  jobPrivacyLink: (accountId: string, jobId: string): PrimaryKey => ({
    pk: jobCollection(accountId, jobId),
    sk: 'PRIVACY',
  }),

  /** Status link: one per job, carrying the list columns, listed in the per-status partitions of "all" and its class. */
  jobStatusLink: (accountId: string, jobId: string): PrimaryKey => ({
    pk: jobCollection(accountId, jobId),
    sk: 'STATUS',
  }),

  /**
   * Index attributes of the job item: every job joins the account's job partition on `lists`
   * (scope "all") and one visibility class on `visibility`: open, or confidential (any privacy status).
   */
  jobIndexes: (accountId: string, facts: JobListFacts & { confidential: boolean }) =>
    jobListEntries(
      jobPartition(accountId, { kind: 'all' }, facts.archived),
      jobPartition(accountId, jobClass(facts.confidential), facts.archived),
      facts,
    ),

  /** Index attributes of the status link: the same two partitions, of the job's status only. */
  jobStatusLinkIndexes: (accountId: string, facts: JobListFacts & { confidential: boolean }) =>
    jobListEntries(
      jobPartition(accountId, { kind: 'all' }, facts.archived, facts.status),
      jobPartition(accountId, jobClass(facts.confidential), facts.archived, facts.status),
      facts,
    ),

  /** Index attributes of an owner link of a job without privacy status (scope "openOwnedBy"). */
  jobOwnerLinkIndexes: (accountId: string, ownerId: string, facts: JobListFacts) =>
    jobListEntries(
      jobPartition(accountId, { kind: 'ownedBy', ownerId }, facts.archived),
      jobPartition(accountId, { kind: 'ownedBy', ownerId }, facts.archived, facts.status),
      facts,
    ),

  /** Index attributes of a privacy link (scope "privacyStatus"). */
  jobPrivacyLinkIndexes: (accountId: string, privacyStatusId: string, facts: JobListFacts) =>
    jobListEntries(
      jobPartition(accountId, { kind: 'privacyStatus', privacyStatusId }, facts.archived),
      jobPartition(accountId, { kind: 'privacyStatus', privacyStatusId }, facts.archived, facts.status),
      facts,
    ),

  /** One job list partition by due date, optionally of one status and within a due range: one Query. */
  jobList: (accountId: string, partition: JobListPartition, options: JobListOptions): QueryTarget => {
    const byStatus = options.status !== undefined;
    const index = jobListIndex(partition.kind, byStatus);
    const [partitionName, sortName] = index === 'lists' ? ['gsi1pk', 'gsi1sk'] : ['gsi2pk', 'gsi2sk'];
    const due = options.due ?? {};
    return {
      index,
      partition: { name: partitionName, value: jobPartition(accountId, partition, options.archived, options.status) },
      sortKeyRange: {
        name: sortName,
        ...(due.from ? { from: new Date(due.from).toISOString() } : {}),
        // '~' sorts after every id character, so the bound includes jobs due exactly at `to`.
        ...(due.to ? { to: `${new Date(due.to).toISOString()}#~` } : {}),
      },
    };
  },

  /** A job category (template) of the account. */
  jobCategory: (accountId: string, categoryId: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `JOBCAT#${segment(categoryId)}`,
  }),

  /** Guard item that keeps a job category's name unique within the account. */
  jobCategoryName: (accountId: string, name: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `JOBCATNAME#${name.toLowerCase()}`,
  }),

  /** Index attributes of a job category: listed by name in its account. */
  jobCategoryIndexes: (accountId: string, categoryId: string, name: string) => ({
    gsi1pk: `${account(accountId)}#JOBCATS`,
    gsi1sk: `${name.toLowerCase()}#${segment(categoryId)}`,
  }),

  /** The account's job categories by name: one Query on `lists`. */
  jobCategoriesByName: (accountId: string): QueryTarget => ({
    index: 'lists',
    partition: { name: 'gsi1pk', value: `${account(accountId)}#JOBCATS` },
  }),
} as const;
