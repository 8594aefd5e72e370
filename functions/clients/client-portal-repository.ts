import * as z from 'zod/mini';
import { cursorAfter } from '#shared/data/cursor';
import {
  activeAssignmentsOf,
  clientAccess,
  completionNotice,
  currentTerms,
  customer,
  externalRole,
  externalUser,
  externalUserAssignments,
  externalView,
  jobCategory,
  type PrimaryKey,
  primaryKeyAttributes,
  type QueryTarget,
  type RowFilter,
  site,
  termsAcceptance,
  type WorkItemType,
  workItem,
  workItemList,
} from '#shared/data/keys';
import { batchGetItems, maxBatchGetKeys, type Page, queryKept, queryPage } from '#shared/data/table';
import { type ClientAccess, clientAccessSchema } from '../external-users/client-access-repository';
import { type ExternalUser, externalUserSchema } from '../external-users/external-user.schema';
import { type TermsRecord, termsRecordSchema } from '../terms/terms-repository';

/*
 * What the client's read API reads (CLP patterns in docs/data-model.md). Every schema here is the
 * narrow slice the client's answers need: nothing else of a record is read back into them.
 */

/** An external view as the client's reads need it. */
const viewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['jobs', 'calendar']),
  columns: z.array(z.string()),
  filters: z.object({
    statuses: z.optional(z.array(z.string())),
    categoryIds: z.optional(z.array(z.string())),
    dueWithinDays: z.optional(z.number()),
    dueFrom: z.optional(z.string()),
    dueTo: z.optional(z.string()),
  }),
});
export type ClientView = z.infer<typeof viewSchema>;

const roleSchema = z.object({ id: z.string(), name: z.string(), viewIds: z.array(z.string()) });
export type ClientRole = z.infer<typeof roleSchema>;

const siteSchema = z.object({
  id: z.string(),
  name: z.string(),
  customerId: z.string(),
  parentSiteId: z.optional(z.string()),
});
export type ClientSite = z.infer<typeof siteSchema>;

const named = z.object({ id: z.string(), name: z.string() });

const location = z.object({ text: z.string(), lat: z.optional(z.number()), lng: z.optional(z.number()) });

/** What every row a client may be shown carries about where it belongs and whether it may be shown at all. */
const placeShape = {
  id: z.string(),
  title: z.string(),
  customerId: z.optional(z.string()),
  siteId: z.optional(z.string()),
  siteTreeId: z.optional(z.string()),
  privacyStatusId: z.optional(z.string()),
  archived: z.boolean(),
};

/** A job as a client's views read it: its list row's columns (never its description, department, privacy or assignees). */
const jobRowSchema = z.object({
  ...placeShape,
  status: z.string(),
  dueAt: z.string(),
  location,
  categoryId: z.optional(z.string()),
  ownerNames: z.optional(z.array(z.string())),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ClientJobRow = z.infer<typeof jobRowSchema>;
const jobRowFields = [
  'entity',
  'id',
  'title',
  'customerId',
  'siteId',
  'siteTreeId',
  'privacyStatusId',
  'archived',
  'status',
  'dueAt',
  'location',
  'categoryId',
  'ownerNames',
  'createdAt',
  'updatedAt',
] as const;

/** The records every client request is decided on (see `findClientContext`). */
export interface ClientContext {
  user?: ExternalUser;
  clientAccess?: ClientAccess;
  currentTerms?: TermsRecord;
  acceptedTermsVersion?: number;
  view?: ClientView;
  site?: ClientSite;
}

const contextRecord = z.looseObject({ entity: z.string() });
const strip = <T extends { entity?: unknown }>(record: T) => {
  const { entity: _entity, ...rest } = record;
  return rest;
};

/**
 * CLP-1, one BatchGetItem (consistent): the external user, their client access, the current terms
 * and the user's newest acceptance, and the view or site the path names (looked up in the
 * caller's own account only; a foreign or unknown id is simply not found).
 */
export async function findClientContext(
  accountId: string,
  externalUserId: string,
  named: { viewId?: string; siteId?: string } = {},
): Promise<ClientContext> {
  const found = await batchGetItems(
    [
      externalUser(accountId, externalUserId),
      clientAccess(accountId, externalUserId),
      currentTerms(accountId),
      termsAcceptance(accountId, externalUserId),
      ...(named.viewId !== undefined ? [externalView(accountId, named.viewId)] : []),
      ...(named.siteId !== undefined ? [site(accountId, named.siteId)] : []),
    ],
    contextRecord,
  );
  const context: ClientContext = {};
  for (const record of found) {
    switch (record.entity) {
      case 'ExternalUser':
        context.user = strip(z.parse(z.extend(externalUserSchema, { entity: z.string() }), record));
        break;
      case 'ClientAccess':
        context.clientAccess = strip(z.parse(z.extend(clientAccessSchema, { entity: z.string() }), record));
        break;
      case 'CurrentTerms':
        context.currentTerms = z.parse(termsRecordSchema, record);
        break;
      case 'TermsAcceptance':
        context.acceptedTermsVersion = z.parse(z.object({ termsVersion: z.number() }), record).termsVersion;
        break;
      case 'ExternalView':
        context.view = z.parse(viewSchema, record);
        break;
      case 'Site':
        context.site = z.parse(siteSchema, record);
        break;
    }
  }
  return context;
}

/** BatchGetItems of up to 100 keys each, in parallel: every record found. */
async function batchGetAll<S extends z.ZodMiniType>(
  keyList: readonly PrimaryKey[],
  schema: S,
  projection?: readonly string[],
): Promise<z.infer<S>[]> {
  const batches: (typeof keyList)[] = [];
  for (let i = 0; i < keyList.length; i += maxBatchGetKeys) batches.push(keyList.slice(i, i + maxBatchGetKeys));
  return (await Promise.all(batches.map((batch) => batchGetItems(batch, schema, projection)))).flat();
}

/**
 * CLP-2, one BatchGetItem (more only past 100 keys): the roles of the client's accesses, the sites
 * of their site grants and, for /portal/me, the views, customers and sites named.
 */
export async function findClientSettings(
  accountId: string,
  ids: {
    roleIds?: readonly string[];
    siteIds?: readonly string[];
    viewIds?: readonly string[];
    customerIds?: readonly string[];
  },
): Promise<{
  roles: ClientRole[];
  sites: ClientSite[];
  views: ClientView[];
  customers: { id: string; name: string }[];
}> {
  const unique = (list?: readonly string[]) => [...new Set(list ?? [])];
  const keyList = [
    ...unique(ids.roleIds).map((id) => externalRole(accountId, id)),
    ...unique(ids.siteIds).map((id) => site(accountId, id)),
    ...unique(ids.viewIds).map((id) => externalView(accountId, id)),
    ...unique(ids.customerIds).map((id) => customer(accountId, id)),
  ];
  const found = keyList.length > 0 ? await batchGetAll(keyList, contextRecord) : [];
  const result = {
    roles: [] as ClientRole[],
    sites: [] as ClientSite[],
    views: [] as ClientView[],
    customers: [] as { id: string; name: string }[],
  };
  for (const record of found) {
    if (record.entity === 'ExternalRole') result.roles.push(z.parse(roleSchema, record));
    else if (record.entity === 'Site') result.sites.push(z.parse(siteSchema, record));
    else if (record.entity === 'ExternalView') result.views.push(z.parse(viewSchema, record));
    else if (record.entity === 'Customer') result.customers.push(z.parse(named, record));
  }
  return result;
}

/** The names of the records a page shows, by kind and id. */
export interface Names {
  JobCategory: Map<string, string>;
  Customer: Map<string, string>;
  Site: Map<string, string>;
}

/** CLP-2, one BatchGetItem: the names of the job categories, customers and sites a page shows. */
export async function findNames(
  accountId: string,
  ids: { categoryIds: readonly string[]; customerIds: readonly string[]; siteIds: readonly string[] },
): Promise<Names> {
  const keyList = [
    ...[...new Set(ids.categoryIds)].map((id) => jobCategory(accountId, id)),
    ...[...new Set(ids.customerIds)].map((id) => customer(accountId, id)),
    ...[...new Set(ids.siteIds)].map((id) => site(accountId, id)),
  ];
  const names: Names = { JobCategory: new Map(), Customer: new Map(), Site: new Map() };
  if (keyList.length === 0) return names;
  const found = await batchGetAll(
    keyList,
    z.object({ entity: z.enum(['JobCategory', 'Customer', 'Site']), id: z.string(), name: z.string() }),
    ['entity', 'id', 'name'],
  );
  for (const record of found) names[record.entity].set(record.id, record.name);
  return names;
}

/** A partition a client's scope reads: a customer's, a site's or a master site's tree. */
export type ScopePartition = { customerId: string } | { siteId: string } | { siteTreeId: string };

const filterOf = (partition: ScopePartition): RowFilter => partition;

/** The Query target of one scope partition's open (non-confidential), not archived jobs. */
function jobScopeTarget(
  accountId: string,
  partition: ScopePartition,
  options: { status?: string; range?: { from?: string; to?: string } },
): QueryTarget {
  return workItemList(
    'job',
    accountId,
    { filter: filterOf(partition), visibility: { kind: 'open' } },
    {
      archived: false,
      ...(options.status !== undefined ? { status: options.status } : {}),
      ...(options.range ? { range: options.range } : {}),
    },
  );
}

/**
 * CLP-3: one page of the jobs of one scope partition, in due-date order: one Query of the open
 * class of the customer's, site's or site tree's partition (its status twin for one status, the due
 * range as a key condition), the rows `keep` refuses left out; another Query from where it stopped
 * only while the page is short of `limit` because of them (at most 1,000 rows examined).
 */
export function queryScopeJobs(
  accountId: string,
  partition: ScopePartition,
  options: { status?: string; range?: { from?: string; to?: string } },
  page: { limit: number; cursor?: string },
  keep: (job: ClientJobRow) => boolean,
): Promise<Page<ClientJobRow>> {
  return queryKept(
    jobScopeTarget(accountId, partition, options),
    jobRowSchema,
    { limit: page.limit, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) },
    async (rows) => rows.map(keep),
  );
}

/** CLP-4, one BatchGetItem (two past 100): specific jobs by id, as their list rows show them; those found. */
export function findJobsById(accountId: string, jobIds: readonly string[]): Promise<ClientJobRow[]> {
  return batchGetAll(
    [...new Set(jobIds)].map((id) => workItem('job', accountId, id)),
    jobRowSchema,
    jobRowFields,
  );
}

/** An item of a site's activity, with the cursor that continues its type's list after it. */
export interface ActivityRow {
  type: 'job' | 'incident' | 'log';
  id: string;
  title: string;
  /** When it is placed in time: a job's due date, an incident's raised time, a log's time. */
  at: string;
  status?: string;
  siteId?: string | undefined;
  siteTreeId?: string | undefined;
  privacyStatusId?: string | undefined;
  archived: boolean;
  after: string;
}

const activitySchemas = {
  job: z.object({ ...placeShape, at: z.string(), status: z.string(), after: z.string() }),
  incident: z.object({ ...placeShape, at: z.string(), status: z.string(), after: z.string() }),
  log: z.object({ ...placeShape, at: z.string(), after: z.string() }),
};
const timeField = { job: 'dueAt', incident: 'raisedAt', log: 'occurredAt' } as const;

/**
 * CLP-5: one page of a site's (or a site tree's) items of one type, newest first: one Query of the
 * open class of its partition, the rows `keep` refuses left out (another Query only while the page
 * is short because of them). Each row carries the cursor that continues the list after it, so the
 * merged activity can stop within a type's page.
 */
export function querySiteActivity(
  accountId: string,
  type: 'job' | 'incident' | 'log',
  partition: { siteId: string } | { siteTreeId: string },
  page: { limit: number; cursor?: string },
  keep: (row: ActivityRow) => boolean,
): Promise<Page<ActivityRow>> {
  const target = workItemList(
    type as WorkItemType,
    accountId,
    { filter: partition, visibility: { kind: 'open' } },
    {
      archived: false,
    },
  );
  const schema = activitySchemas[type];
  const asRow = (item: z.infer<typeof schema>): ActivityRow => ({ type, ...item });
  return queryKept(
    target,
    z.pipe(schema, z.transform(asRow)),
    {
      limit: page.limit,
      newestFirst: true,
      ...(page.cursor !== undefined ? { cursor: page.cursor } : {}),
      fromKeys: (raw) => ({ at: raw[timeField[type]], after: cursorAfter(raw, target) }),
    },
    async (rows) => rows.map(keep),
  );
}

/** CLP-6, one Query: the external user's assignments (up to 100), as `{type, id, status}`. */
export async function findAssignmentsOf(
  accountId: string,
  externalUserId: string,
): Promise<{ itemType: 'job' | 'incident'; itemId: string; status: string }[]> {
  const page = await queryPage(
    externalUserAssignments(accountId, externalUserId),
    z.object({ itemType: z.enum(['job', 'incident']), itemId: z.string(), status: z.string() }),
    { limit: 100 },
  );
  return page.items;
}

/** A row the site dashboard counts: its type's time (`at`), status and place. */
export interface DashboardRow {
  type: 'job' | 'incident' | 'log';
  id: string;
  title: string;
  at: string;
  status?: string;
  customerId?: string | undefined;
  siteId?: string | undefined;
  siteTreeId?: string | undefined;
  privacyStatusId?: string | undefined;
  archived: boolean;
}

const dashboardRowShape = {
  id: z.string(),
  title: z.string(),
  customerId: z.optional(z.string()),
  siteId: z.optional(z.string()),
  siteTreeId: z.optional(z.string()),
  privacyStatusId: z.optional(z.string()),
  archived: z.boolean(),
  at: z.string(),
  status: z.optional(z.string()),
};

/**
 * CLP-7: a site's (or a site tree's, or, for report e-mails, a customer's) items of one type placed within `range` (a job by its due
 * date, an incident by when it was raised, a log by its time), newest first, for the dashboard's
 * counts: Queries of the open class of its partition with the range as the key condition, 1,000
 * rows each, at most `maxRows` in all (then `truncated`), the rows `keep` refuses left out.
 */
export async function querySiteWindow(
  accountId: string,
  type: 'job' | 'incident' | 'log',
  partition: ScopePartition,
  range: { from: string; to: string },
  maxRows: number,
  keep: (row: DashboardRow) => boolean,
): Promise<{ items: DashboardRow[]; truncated: boolean }> {
  const target = workItemList(
    type as WorkItemType,
    accountId,
    { filter: partition, visibility: { kind: 'open' } },
    { archived: false, range },
  );
  const schema = z.pipe(
    z.object(dashboardRowShape),
    z.transform((row): DashboardRow => ({ type, ...row })),
  );
  const items: DashboardRow[] = [];
  let read = 0;
  let cursor: string | undefined;
  do {
    const page = await queryPage(target, schema, {
      limit: Math.min(1000, maxRows - read),
      newestFirst: true,
      ...(cursor !== undefined ? { cursor } : {}),
      fromKeys: (raw) => ({ at: raw[timeField[type]] }),
    });
    read += page.items.length;
    items.push(...page.items.filter(keep));
    cursor = page.cursor;
  } while (cursor !== undefined && read < maxRows);
  return { items, truncated: cursor !== undefined };
}

/** What of an assigned item the portal's list of my assignments shows. */
const assignedItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  dueAt: z.optional(z.string()),
  raisedAt: z.optional(z.string()),
  archived: z.boolean(),
});
export type AssignedItem = z.infer<typeof assignedItemSchema>;

/** An item's checklist progress: its required checklist items, and how many of them are answered. */
export interface AssignedProgress {
  requiredAnswered: number;
  requiredTotal: number;
}

/** A record of PTL-3's BatchGetItem: an item (WRK-1) or its completion record (CHK-8), told apart by its key. */
const assignedRecordSchema = z.looseObject({ key: z.string() });
const assignedKeyText = (key: object) =>
  primaryKeyAttributes.map((name) => String((key as Record<string, unknown>)[name])).join('\n');

/** Required items answered over required items, from a completion record (CHK-8's `required` and `answers`). */
function progressOf(record: Record<string, unknown>): AssignedProgress {
  const required = record.required instanceof Set ? (record.required as Set<unknown>) : new Set<unknown>();
  const answers = (record.answers ?? {}) as Record<string, unknown>;
  let requiredAnswered = 0;
  for (const token of required) {
    const mark = answers[String(token)];
    if (typeof mark === 'number' && mark % 2 === 1) requiredAnswered += 1;
  }
  return { requiredAnswered, requiredTotal: required.size };
}

/**
 * PTL-3: one page of the external user's active assignments (one Query of ASG-3's index, the
 * revoked ones filtered out), then one BatchGetItem (per 100 keys, in parallel) of their items
 * (projection of the list's columns) and the items' completion records (their required checklist
 * items and the last answer to each): the assignments in order, each with its item when it still
 * exists and its progress when the item has a completion record. Nothing here notes a view.
 */
export async function findMyAssignments(
  accountId: string,
  externalUserId: string,
  page: { limit: number; cursor?: string },
): Promise<{
  items: { type: 'job' | 'incident'; item: AssignedItem | undefined; id: string; progress?: AssignedProgress }[];
  cursor?: string;
}> {
  const found = await queryPage(
    activeAssignmentsOf(accountId, externalUserId),
    z.object({ itemType: z.enum(['job', 'incident']), itemId: z.string() }),
    { limit: page.limit, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) },
  );
  const keys = found.items.flatMap((a) => [
    workItem(a.itemType, accountId, a.itemId),
    completionNotice(a.itemType, accountId, a.itemId),
  ]);
  const batches: PrimaryKey[][] = [];
  for (let i = 0; i < keys.length; i += maxBatchGetKeys) batches.push(keys.slice(i, i + maxBatchGetKeys));
  const records = new Map(
    (
      await Promise.all(
        batches.map((batch) =>
          batchGetItems(
            batch,
            assignedRecordSchema,
            [
              ...primaryKeyAttributes,
              'entity',
              'id',
              'title',
              'status',
              'dueAt',
              'raisedAt',
              'archived',
              'required',
              'answers',
            ],
            (item) => ({ key: assignedKeyText(item) }),
          ),
        ),
      )
    )
      .flat()
      .map((record) => [record.key, record] as const),
  );
  const itemSchema = z.extend(assignedItemSchema, { entity: z.enum(['Job', 'Incident']) });
  return {
    items: found.items.map((a) => {
      const stored = records.get(assignedKeyText(workItem(a.itemType, accountId, a.itemId)));
      const parsed = stored ? z.safeParse(itemSchema, stored) : undefined;
      const notice = records.get(assignedKeyText(completionNotice(a.itemType, accountId, a.itemId)));
      return {
        type: a.itemType,
        id: a.itemId,
        item: parsed?.success ? parsed.data : undefined,
        ...(notice ? { progress: progressOf(notice) } : {}),
      };
    }),
    ...(found.cursor !== undefined ? { cursor: found.cursor } : {}),
  };
}
