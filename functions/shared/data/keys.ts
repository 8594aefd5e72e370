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
    /** The per-status twins of the two above: a status filter reads only the items of that status. */
    { indexName: 'listsByStatus', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    { indexName: 'visibilityByStatus', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
  ],
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];

/** The attributes that hold a key; they never leave the data layer. */
export const keyAttributes = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
] as const;

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
  /**
   * Only the items whose list attribute `name` holds `value`: a FilterExpression, so the Query may
   * read more than it returns. Used for one case only (see work-item-list.ts).
   */
  containing?: { name: string; value: string };
}

const SAFE_ID_CHARS = '[A-Za-z0-9_.@+-]{1,128}';
const SAFE_ID = new RegExp(`^${SAFE_ID_CHARS}$`);
const ACCOUNT_OF_KEY = new RegExp(`^ACC#(${SAFE_ID_CHARS})(#|$)`);

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
 * Work items: jobs, incidents, logs, risks, risk assessments and projects. Each item has a
 * collection of its own (the item and its list rows; later issues add assignments, checklists and
 * answers to the same partition) and list partitions per filter, visibility class and status.
 */
export type WorkItemType = 'job' | 'incident' | 'log' | 'risk' | 'riskAssessment' | 'project';

const workTag: Record<WorkItemType, string> = {
  job: 'JOB',
  incident: 'INCIDENT',
  log: 'LOG',
  risk: 'RISK',
  riskAssessment: 'RISKASSESSMENT',
  project: 'PROJECT',
};

/** The work items external users are assigned to. */
export type AssignableType = 'job' | 'incident';

/**
 * Which items of a type a partition holds, by visibility: every class, non-confidential items
 * (open), confidential ones by flag (risks, assessments, projects), or those of one privacy status
 * (jobs, incidents, logs: each privacy status is a class of its own).
 */
export type VisibilityClass =
  | { kind: 'open' }
  | { kind: 'confidential' }
  | { kind: 'privacyStatus'; privacyStatusId: string };

/**
 * The list filter a row serves: a row of the item itself (no filter), of one owner, of the
 * item's department, or of one owner within the department.
 */
export interface RowFilter {
  ownerId?: string;
  departmentId?: string;
  /** Jobs and incidents: one assigned external user (a row of its own, never combined with the others). */
  externalUserId?: string;
}

/** The columns a work item's list partitions are ordered and filtered by. */
export interface WorkListFacts {
  id: string;
  /** The date-time lists order by (a job's dueAt, an incident's raisedAt, a log's occurredAt, a risk's createdAt). */
  sortAt: string;
  archived: boolean;
  /** Types without a status (logs) have no per-status partitions. */
  status?: string;
  visibility: VisibilityClass;
}

/** Which page of work items one Query reads. */
export interface WorkListOptions {
  archived: boolean;
  status?: string;
  range?: { from?: string; to?: string };
}

const workCollection = (type: WorkItemType, accountId: string, id: string) =>
  `${account(accountId)}#${workTag[type]}#${segment(id)}`;

const ASSIGNABLE_COLLECTION = new RegExp(`^ACC#(${SAFE_ID_CHARS})#(JOB|INCIDENT)#(${SAFE_ID_CHARS})$`);

/** The partition of one filter of a type: archived items live apart, so neither list reads the other's. */
function filterPartition(type: WorkItemType, accountId: string, filter: RowFilter, archived: boolean): string {
  const base = `${account(accountId)}#${archived ? 'ARCHIVED' : ''}${workTag[type]}S`;
  const owner = filter.ownerId !== undefined ? `#OWNER#${segment(filter.ownerId)}` : '';
  const department = filter.departmentId !== undefined ? `#DEPT#${segment(filter.departmentId)}` : '';
  const external = filter.externalUserId !== undefined ? `#EXTUSER#${segment(filter.externalUserId)}` : '';
  return `${base}${owner}${department}${external}`;
}

const classSuffix = (visibility: VisibilityClass) =>
  visibility.kind === 'open'
    ? '#OPEN'
    : visibility.kind === 'confidential'
      ? '#CONFIDENTIAL'
      : `#PRIVACY#${segment(visibility.privacyStatusId)}`;

const statusSuffix = (status: string | undefined) => (status === undefined ? '' : `#STATUS#${segment(status)}`);

/** Sort key of every list partition: the date-time (ISO-8601 UTC, so text order is time order), then the id. */
const workListSort = (facts: { sortAt: string; id: string }) =>
  `${new Date(facts.sortAt).toISOString()}#${segment(facts.id)}`;

/**
 * The four list indexes a row joins: its filter's partition of every class (lists) and of its
 * class (visibility), and the per-status twins of both (listsByStatus, visibilityByStatus).
 */
const listIndexes = [
  { index: 'lists', pk: 'gsi1pk', sk: 'gsi1sk', byClass: false, byStatus: false },
  { index: 'visibility', pk: 'gsi2pk', sk: 'gsi2sk', byClass: true, byStatus: false },
  { index: 'listsByStatus', pk: 'gsi3pk', sk: 'gsi3sk', byClass: false, byStatus: true },
  { index: 'visibilityByStatus', pk: 'gsi4pk', sk: 'gsi4sk', byClass: true, byStatus: true },
] as const;

export const keys = {
  account: (accountId: string): PrimaryKey => ({ pk: account(accountId), sk: 'ACCOUNT' }),

  /** The account a key of an account's item belongs to (stream consumers read keys back); undefined for others. */
  accountIdOf: (pk: unknown): string | undefined => (typeof pk === 'string' ? ACCOUNT_OF_KEY.exec(pk)?.[1] : undefined),

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

  /** A work item in its collection. */
  workItem: (type: WorkItemType, accountId: string, id: string): PrimaryKey => ({
    pk: workCollection(type, accountId, id),
    sk: workTag[type],
  }),

  /**
   * What a deleted work item leaves in its collection: who deleted it, when, and the facts that
   * decide who may see it, so its audit trail stays readable by exactly those.
   */
  deletedWorkItem: (type: WorkItemType, accountId: string, id: string): PrimaryKey => ({
    pk: workCollection(type, accountId, id),
    sk: 'DELETED',
  }),

  /**
   * A list row of a work item, in its collection, for a filter: one per owner (`OWNER#<id>`), one
   * for its department (`DEPARTMENT`), and one per owner within the department (`OWNERDEPT#<id>`).
   */
  workItemRow: (type: WorkItemType, accountId: string, id: string, filter: RowFilter): PrimaryKey => {
    const { ownerId, departmentId, externalUserId } = filter;
    const sk =
      externalUserId !== undefined
        ? `EXTUSERROW#${segment(externalUserId)}`
        : ownerId !== undefined
          ? `${departmentId !== undefined ? 'OWNERDEPT' : 'OWNER'}#${segment(ownerId)}`
          : departmentId !== undefined
            ? 'DEPARTMENT'
            : undefined;
    if (sk === undefined) throw new Error('a list row needs a filter; the item is its own row');
    return { pk: workCollection(type, accountId, id), sk };
  },

  /**
   * Index attributes of a list row (the item itself when `filter` is empty): its filter's partition
   * of every class (lists) and of the row's class (visibility), and for types with a status the
   * per-status twins of both.
   */
  workItemRowIndexes: (type: WorkItemType, accountId: string, filter: RowFilter, facts: WorkListFacts) => {
    const partition = filterPartition(type, accountId, filter, facts.archived);
    const sort = workListSort(facts);
    const attributes: Record<string, string> = {};
    for (const { pk, sk, byClass, byStatus } of listIndexes) {
      if (byStatus && facts.status === undefined) continue;
      attributes[pk] =
        `${partition}${byClass ? classSuffix(facts.visibility) : ''}${byStatus ? statusSuffix(facts.status) : ''}`;
      attributes[sk] = sort;
    }
    return attributes;
  },

  /**
   * One list partition of a type: the items matching `filter` (owner, department), of one
   * visibility class or of all, optionally of one status, within a date range: one Query.
   */
  workItemList: (
    type: WorkItemType,
    accountId: string,
    partition: { filter: RowFilter; visibility?: VisibilityClass },
    options: WorkListOptions,
  ): QueryTarget => {
    const { visibility, filter } = partition;
    const byClass = visibility !== undefined;
    const byStatus = options.status !== undefined;
    const index = listIndexes.find((i) => i.byClass === byClass && i.byStatus === byStatus);
    if (!index) throw new Error('no list index');
    const range = options.range ?? {};
    return {
      index: index.index,
      partition: {
        name: index.pk,
        value: `${filterPartition(type, accountId, filter, options.archived)}${visibility ? classSuffix(visibility) : ''}${statusSuffix(options.status)}`,
      },
      sortKeyRange: {
        name: index.sk,
        ...(range.from ? { from: new Date(range.from).toISOString() } : {}),
        // '~' sorts after every id character, so the bound includes items at exactly `to`.
        ...(range.to ? { to: `${new Date(range.to).toISOString()}#~` } : {}),
      },
    };
  },

  /** The assignment of an external user to a job or incident, in the item's collection. */
  assignment: (type: AssignableType, accountId: string, itemId: string, externalUserId: string): PrimaryKey => ({
    pk: workCollection(type, accountId, itemId),
    sk: `ASSIGN#${segment(externalUserId)}`,
  }),

  /** Index attributes of an assignment: listed among the external user's assignments (lists). */
  assignmentIndexes: (type: AssignableType, accountId: string, itemId: string, externalUserId: string) => ({
    gsi1pk: `${account(accountId)}#EXTUSER#${segment(externalUserId)}#ASSIGNMENTS`,
    gsi1sk: `${workTag[type]}#${segment(itemId)}`,
  }),

  /** A job's or incident's assignments: one Query of its collection. */
  itemAssignments: (type: AssignableType, accountId: string, itemId: string): QueryTarget => ({
    partition: { name: 'pk', value: workCollection(type, accountId, itemId) },
    sortKeyPrefix: { name: 'sk', value: 'ASSIGN#' },
  }),

  /** An external user's assignments, jobs then incidents: one Query on `lists`. */
  externalUserAssignments: (accountId: string, externalUserId: string): QueryTarget => ({
    index: 'lists',
    partition: { name: 'gsi1pk', value: `${account(accountId)}#EXTUSER#${segment(externalUserId)}#ASSIGNMENTS` },
  }),

  /**
   * An e-mailed link, found by the SHA-256 of its token (never the token itself). The one key
   * without an account: a link's bearer has no account to name until the link is resolved, and
   * the hash (256 bits of a CSPRNG's token) is itself unguessable. The record names its account.
   */
  link: (tokenHash: string): PrimaryKey => ({ pk: `LINK#${segment(tokenHash)}`, sk: 'LINK' }),

  /**
   * Keys that never hold an item, read in place of a link's targets when the token is unknown,
   * so an unknown link costs the same requests as a known one (SECURITY.md R10).
   */
  absentLinkTargets: (): PrimaryKey[] =>
    ['ASSIGNMENT', 'ITEM', 'EXTUSER', 'ACCOUNT'].map((sk) => ({ pk: 'LINK#ABSENT', sk })),

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

  /**
   * The count of a project's task groups and tasks, kept by every write that adds or removes one,
   * so that deleting the project can require it to be 0 in the same transaction.
   */
  projectPlanCount: (accountId: string, projectId: string): PrimaryKey => ({
    pk: workCollection('project', accountId, projectId),
    sk: 'PLANCOUNT',
  }),

  /** A project's task groups and tasks ("TASK#…" then "TASKGROUP#…"): one Query of its collection. */
  projectPlan: (accountId: string, projectId: string): QueryTarget => ({
    partition: { name: 'pk', value: workCollection('project', accountId, projectId) },
    sortKeyPrefix: { name: 'sk', value: 'TASK' },
  }),

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

  /**
   * A checklist template of a job category, next to the category in the account's partition. Its
   * sort key extends the category's (`JOBCAT#<id>` is never a prefix of another category's key, ids
   * hold no '#'), and it carries no index attributes, so listing categories never meets it.
   */
  jobCategoryTemplate: (accountId: string, categoryId: string, templateId: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `JOBCAT#${segment(categoryId)}#TPL#${segment(templateId)}`,
  }),

  /**
   * How many checklist templates a job category has, kept by the writes that add or remove one, so
   * the limit holds when two are added at once. Outside the templates' prefix ("…#TPLCOUNT").
   */
  jobCategoryTemplateCount: (accountId: string, categoryId: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `JOBCAT#${segment(categoryId)}#TPLCOUNT`,
  }),

  /** A job category's checklist templates: one Query of the account's partition, `begins_with(sk, "JOBCAT#<id>#TPL#")`. */
  jobCategoryTemplates: (accountId: string, categoryId: string): QueryTarget => ({
    partition: { name: 'pk', value: account(accountId) },
    sortKeyPrefix: { name: 'sk', value: `JOBCAT#${segment(categoryId)}#TPL#` },
  }),

  /** An external user of the account. */
  externalUser: (accountId: string, externalUserId: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `EXTUSER#${segment(externalUserId)}`,
  }),

  /** Guard item that keeps an external user's e-mail unique within the account, and finds them by it. */
  /**
   * An active external user's auto-disable date, kept apart so DynamoDB's TTL removes it on that
   * date: the removal is the audit trail's "auto-disable date reached".
   */
  externalUserAutoDisable: (accountId: string, externalUserId: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `EXTUSER#${segment(externalUserId)}#AUTODISABLE`,
  }),

  externalUserEmail: (accountId: string, email: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `EXTUSEREMAIL#${email.toLowerCase()}`,
  }),

  /**
   * Index attributes of an external user: listed by name (lower case "family given") among all of
   * the account's external users (lists) and among those of its status (listsByStatus).
   */
  externalUserIndexes: (accountId: string, externalUserId: string, sortName: string, status: string) => {
    const sort = `${sortName.toLowerCase()}#${segment(externalUserId)}`;
    return {
      gsi1pk: `${account(accountId)}#EXTUSERS`,
      gsi1sk: sort,
      gsi3pk: `${account(accountId)}#EXTUSERS#STATUS#${segment(status)}`,
      gsi3sk: sort,
    };
  },

  /** The account's external users by name, of one status or all, whose name starts with `prefix`: one Query. */
  externalUsersByName: (accountId: string, options: { status?: string; prefix?: string }): QueryTarget => {
    const byStatus = options.status !== undefined;
    const [pk, sk] = byStatus ? ['gsi3pk', 'gsi3sk'] : ['gsi1pk', 'gsi1sk'];
    return {
      index: byStatus ? 'listsByStatus' : 'lists',
      partition: {
        name: pk,
        value: `${account(accountId)}#EXTUSERS${byStatus ? `#STATUS#${segment(options.status ?? '')}` : ''}`,
      },
      ...(options.prefix ? { sortKeyPrefix: { name: sk, value: options.prefix.toLowerCase() } } : {}),
    };
  },
} as const;

/** The portal sign-in's records (a group of its own, so bundles that never sign anyone in leave it out). */
export const signInKeys = {
  /**
   * An external user's recent one-time code sends (the rate limit's window) and which send is the
   * one outstanding code (SECURITY.md R5).
   */
  codeSends: (accountId: string, externalUserId: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `EXTUSER#${segment(externalUserId)}#CODESENDS`,
  }),

  /**
   * One authorised send of a one-time code: written by the sign-in request, claimed once by the
   * CreateAuthChallenge trigger (whose only input is its id), removed by TTL.
   */
  codeSendTicket: (accountId: string, sendId: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `CODESEND#${segment(sendId)}`,
  }),
} as const;

/** Terms & Conditions and their acceptances. */
export const termsKeys = {
  /** The account's current Terms & Conditions (a copy of the newest version). */
  currentTerms: (accountId: string): PrimaryKey => ({ pk: account(accountId), sk: 'TERMS' }),

  /** One published version of the account's terms; never changed or removed. */
  termsVersion: (accountId: string, version: number): PrimaryKey => ({
    pk: account(accountId),
    sk: `TERMS#${String(version).padStart(6, '0')}`,
  }),

  /** Every published version of the account's terms, by number: one Query of the account's partition. */
  termsVersions: (accountId: string): QueryTarget => ({
    partition: { name: 'pk', value: account(accountId) },
    sortKeyPrefix: { name: 'sk', value: 'TERMS#' },
  }),

  /** The newest terms version an external user accepted (read on every portal item request). */
  termsAcceptance: (accountId: string, externalUserId: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `EXTUSER#${segment(externalUserId)}#TERMS`,
  }),

  /** The record of an external user accepting one version; kept for good. */
  termsAcceptanceOf: (accountId: string, externalUserId: string, version: number): PrimaryKey => ({
    pk: account(accountId),
    sk: `EXTUSER#${segment(externalUserId)}#TERMS#${String(version).padStart(6, '0')}`,
  }),
} as const;

/** Checklists, their answers and the owners' completion notice, all in the job's or incident's collection. */
export const checklistKeys = {
  /** The job or incident whose collection a key is in (stream consumers read keys back); undefined for others. */
  assignableOf: (pk: unknown): { accountId: string; type: AssignableType; itemId: string } | undefined => {
    const match = typeof pk === 'string' ? ASSIGNABLE_COLLECTION.exec(pk) : null;
    if (!match?.[1] || !match[3]) return undefined;
    return { accountId: match[1], type: match[2] === 'JOB' ? 'job' : 'incident', itemId: match[3] };
  },

  /**
   * Whether an item's required checklist items were all answered when last looked at, and which
   * completion its owners were told of: so each completion is e-mailed once.
   */
  completionNotice: (type: AssignableType, accountId: string, itemId: string): PrimaryKey => ({
    pk: workCollection(type, accountId, itemId),
    sk: 'COMPLETION',
  }),

  /** A checklist of a job or incident, in the item's collection. */
  checklist: (type: AssignableType, accountId: string, itemId: string, checklistId: string): PrimaryKey => ({
    pk: workCollection(type, accountId, itemId),
    sk: `CL#${segment(checklistId)}`,
  }),

  /**
   * A checklist's version alone, written with every version of the checklist: what a portal write
   * checks (a ConditionCheck is billed by the checked item's size, and a checklist can be 40 KB).
   */
  checklistVersion: (type: AssignableType, accountId: string, itemId: string, checklistId: string): PrimaryKey => ({
    pk: workCollection(type, accountId, itemId),
    sk: `CL#${segment(checklistId)}#VERSION`,
  }),

  /** The answer to one checklist item (one table item per answer, so each write stays small). */
  checklistAnswer: (
    type: AssignableType,
    accountId: string,
    itemId: string,
    checklistId: string,
    checklistItemId: string,
  ): PrimaryKey => ({
    pk: workCollection(type, accountId, itemId),
    sk: `CL#${segment(checklistId)}#ANSWER#${segment(checklistItemId)}`,
  }),

  /** A comment on a checklist item (sorted after its answers, within the checklist's part of the collection). */
  checklistComment: (
    type: AssignableType,
    accountId: string,
    itemId: string,
    checklistId: string,
    checklistItemId: string,
    commentId: string,
  ): PrimaryKey => ({
    pk: workCollection(type, accountId, itemId),
    sk: `CL#${segment(checklistId)}#COMMENT#${segment(checklistItemId)}#${segment(commentId)}`,
  }),

  /** A file attached to a checklist item (a signature or a photo), sorted after its comments. */
  checklistAttachment: (
    type: AssignableType,
    accountId: string,
    itemId: string,
    checklistId: string,
    checklistItemId: string,
    attachmentId: string,
  ): PrimaryKey => ({
    pk: workCollection(type, accountId, itemId),
    sk: `CL#${segment(checklistId)}#FILE#${segment(checklistItemId)}#${segment(attachmentId)}`,
  }),

  /** One checklist item's attachments: one Query of the item's collection. */
  checklistItemAttachments: (
    type: AssignableType,
    accountId: string,
    itemId: string,
    checklistId: string,
    checklistItemId: string,
  ): QueryTarget => ({
    partition: { name: 'pk', value: workCollection(type, accountId, itemId) },
    sortKeyPrefix: { name: 'sk', value: `CL#${segment(checklistId)}#FILE#${segment(checklistItemId)}#` },
  }),

  /** Where an attachment's bytes are in the attachments bucket: the account first, like every key. */
  attachmentObject: (
    type: AssignableType,
    accountId: string,
    itemId: string,
    checklistId: string,
    checklistItemId: string,
    attachmentId: string,
  ): string =>
    [accountId, type, itemId, checklistId, checklistItemId, attachmentId].map((part) => segment(part)).join('/'),

  /** An item's checklists, their answers, comments and attachments ("CL#…"): one Query of its collection, nothing else. */
  itemChecklists: (type: AssignableType, accountId: string, itemId: string): QueryTarget => ({
    partition: { name: 'pk', value: workCollection(type, accountId, itemId) },
    sortKeyPrefix: { name: 'sk', value: 'CL#' },
  }),

  /** One checklist's answers: one Query of the item's collection. */
  checklistAnswers: (type: AssignableType, accountId: string, itemId: string, checklistId: string): QueryTarget => ({
    partition: { name: 'pk', value: workCollection(type, accountId, itemId) },
    sortKeyPrefix: { name: 'sk', value: `CL#${segment(checklistId)}#ANSWER#` },
  }),
} as const;

/**
 * Where an audit entry is filed: a job's or incident's trail, a partition next to its collection
 * (so nothing that reads the collection meets the trail), or the account's own trail.
 */
export type AuditTarget = { accountId: string; item?: { type: AssignableType; id: string } };

const auditSort = (at: string, sequenceNumber: string) => `${at}#${sequenceNumber.padStart(40, '0')}`;
const activity = (accountId: string) => `${account(accountId)}#EXTACTIVITY`;

/**
 * The audit trail. An entry's key is built from its stream record (time, then sequence number), so
 * a replayed record finds its entry written and adds none (R19), and an item's entries sort in the
 * stream's order (R20). Entries about an external user are also filed in the account's activity
 * lists: all of them, by item type, by external user, and by both (one index each).
 */
export const auditKeys = {
  entry: (target: AuditTarget, at: string, sequenceNumber: string): PrimaryKey => ({
    pk: target.item
      ? `${workCollection(target.item.type, target.accountId, target.item.id)}#AUDIT`
      : `${account(target.accountId)}#AUDIT`,
    sk: `AUDIT#${auditSort(at, segment(sequenceNumber))}`,
  }),

  entryIndexes: (target: AuditTarget, externalUserId: string, at: string, sequenceNumber: string) => {
    const sort = auditSort(at, segment(sequenceNumber));
    const user = `${activity(target.accountId)}#EXTUSER#${segment(externalUserId)}`;
    return {
      gsi1pk: activity(target.accountId),
      gsi1sk: sort,
      gsi3pk: user,
      gsi3sk: sort,
      ...(target.item
        ? {
            gsi2pk: `${activity(target.accountId)}#TYPE#${target.item.type}`,
            gsi2sk: sort,
            gsi4pk: `${user}#TYPE#${target.item.type}`,
            gsi4sk: sort,
          }
        : {}),
    };
  },

  /** A job's or incident's trail: one Query of its trail's partition (newest first). */
  itemTrail: (type: AssignableType, accountId: string, itemId: string): QueryTarget => ({
    partition: { name: 'pk', value: `${workCollection(type, accountId, itemId)}#AUDIT` },
    sortKeyPrefix: { name: 'sk', value: 'AUDIT#' },
  }),

  /** External user activity, filtered by user and item type, in a date range: one Query of one index. */
  externalActivity: (
    accountId: string,
    filter: { externalUserId?: string; itemType?: AssignableType; from?: string; to?: string },
  ): QueryTarget => {
    const user = filter.externalUserId !== undefined ? `#EXTUSER#${segment(filter.externalUserId)}` : '';
    const type = filter.itemType !== undefined ? `#TYPE#${filter.itemType}` : '';
    const [index, pk, sk] = user
      ? type
        ? (['visibilityByStatus', 'gsi4pk', 'gsi4sk'] as const)
        : (['listsByStatus', 'gsi3pk', 'gsi3sk'] as const)
      : type
        ? (['visibility', 'gsi2pk', 'gsi2sk'] as const)
        : (['lists', 'gsi1pk', 'gsi1sk'] as const);
    return {
      index,
      partition: { name: pk, value: `${activity(accountId)}${user}${type}` },
      ...(filter.from !== undefined || filter.to !== undefined
        ? {
            sortKeyRange: {
              name: sk,
              ...(filter.from !== undefined ? { from: filter.from } : {}),
              // Every entry of the `to` instant sorts before "<to>#~".
              ...(filter.to !== undefined ? { to: `${filter.to}#~` } : {}),
            },
          }
        : {}),
    };
  },
} as const;

/** What the portal records of an external user's visits. */
export const portalKeys = {
  /** When an external user last opened a job or incident in the portal (its audit entry is "item viewed"). */
  itemView: (type: AssignableType, accountId: string, itemId: string, externalUserId: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `EXTUSER#${segment(externalUserId)}#VIEW#${type === 'job' ? 'JOB' : 'INC'}#${segment(itemId)}`,
  }),

  /** A refused attempt of an external user to change an item (its audit entry is "change refused"). */
  refusedChange: (accountId: string, externalUserId: string, requestId: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `EXTUSER#${segment(externalUserId)}#REFUSED#${segment(requestId)}`,
  }),
} as const;
