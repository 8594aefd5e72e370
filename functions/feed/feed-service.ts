import {
  type AssignableType,
  type ChangeRange,
  feedLogChanges,
  feedLogUserChanges,
  type VisibilityClass,
  workItemChanges,
  workItemList,
} from '#shared/data/keys';
import { ForbiddenError, UnauthorizedError } from '#shared/errors';
import { findAccount } from '../accounts/account-repository';
import { decideAccess } from '../links/link-state';
import { effectivePermissions } from '../staff/permissions/effective-permissions';
import { isAdminRole } from '../staff/permissions/roles';
import { visibilityScopesFor } from '../staff/permissions/visibility-scopes';
import { findStaffUser } from '../staff/staff-repository';
import { visibleItems } from '../work/shared/work-item-visibility';
import type { StoredFeedKey } from './feed-key.schema';
import { noteFeedKeyUse } from './feed-key-repository';
import { liveFeedKey } from './feed-key-service';
import {
  accessFactsOf,
  activityPage as activityEntries,
  type ChangedItem,
  changesCount,
  changesPage,
  externalUserAssignmentsPage,
  externalUserChangesPage,
  externalUsersPage as externalUserEntries,
  externalUserOf,
  feedLogPage,
  itemAnswers,
  itemAssignees,
} from './feed-repository';
import { ODataQueryError } from './odata-error';
import type { FeedEntitySet } from './odata-model';
import type { FeedQuery } from './odata-query';

/** Who a feed request acts as: the key's maker, with their permissions as they are now. */
export interface FeedActor {
  accountId: string;
  userId: string;
  effective: ReturnType<typeof effectivePermissions>;
  key: StoredFeedKey;
}

/** The start of the hour (UTC) `now` is in: a key's use is noted (and audited) once per such hour. */
export const hourOf = (now: Date) => `${now.toISOString().slice(0, 13)}:00:00.000Z`;

/**
 * The key a request carries, as Power BI and other clients send it: the `key` query parameter
 * (Power BI's Web API credential, `ApiKeyName = "key"`), the `x-api-key` header, or HTTP Basic
 * (any user name, the key as the password). Undefined when none is sent.
 */
export function presentedKey(
  headers: Record<string, string | undefined>,
  query: Record<string, string | undefined>,
): string | undefined {
  const header = headers['x-api-key'];
  if (header) return header.trim();
  const authorization = headers.authorization;
  if (authorization && /^basic\s+/i.test(authorization)) {
    const decoded = Buffer.from(authorization.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return query.key;
}

/**
 * The actor of a feed request (FEED-3 and the maker's GetItem): a live key (401 FEED_KEY_INVALID
 * otherwise, the same answer for every reason, never repeating the key) whose maker is an active
 * staff user now; their permissions are read on every request, so a change applies at once. The
 * first use in an hour is noted on the key (one conditional UpdateItem), which the audit trail
 * records as `feed_key_used`.
 */
export async function feedActorOf(text: string | undefined, now: Date): Promise<FeedActor> {
  if (text === undefined || text === '') throw new UnauthorizedError('A feed key is required', 'FEED_KEY_REQUIRED');
  const key = await liveFeedKey(text, now);
  const maker = await findStaffUser(key.accountId, key.createdBy);
  if (maker?.status !== 'active') throw new UnauthorizedError('A valid feed key is required', 'FEED_KEY_INVALID');
  const hour = hourOf(now);
  if (key.usedHour === undefined || key.usedHour < hour) await noteFeedKeyUse(key, hour);
  return {
    accountId: key.accountId,
    userId: maker.id,
    effective: effectivePermissions(maker.role, maker.permissions),
    key,
  };
}

/** One partition of `changes` a feed walks, and a filter on its rows if the scope needs one. */
interface ChangesPartition {
  type: AssignableType;
  visibility: VisibilityClass;
  /** A General user who sees owned items only: their items among the open ones. */
  ownedBy?: string;
  /** One external user's items (`externalUserId eq`): the archived list, not the current one. */
  archived?: boolean;
}

/**
 * The `changes` partitions that hold exactly what the actor may see of the set's item types, in a
 * fixed order (jobs, then incidents): everything is the open class and each of the account's
 * privacy statuses (entries in use are archived, never removed, so none is missed; the account is
 * read once); open items; each privacy status granted; owned open items (the open class, kept to
 * the actor's: a filter, see docs/feed.md).
 */
async function partitionsOf(actor: FeedActor, set: FeedEntitySet, query?: FeedQuery): Promise<ChangesPartition[]> {
  const partitions: ChangesPartition[] = [];
  let statuses: Promise<string[]> | undefined;
  for (const type of set.itemTypes) {
    for (const scope of visibilityScopesFor(actor.effective, actor.userId, type)) {
      if (scope.kind === 'all') {
        statuses ??= findAccount(actor.accountId).then((account) => (account?.privacyStatuses ?? []).map((s) => s.id));
        partitions.push(
          { type, visibility: { kind: 'open' } },
          ...(await statuses).map((privacyStatusId) => ({
            type,
            visibility: { kind: 'privacyStatus' as const, privacyStatusId },
          })),
        );
      } else if (scope.kind === 'open') partitions.push({ type, visibility: { kind: 'open' } });
      else if (scope.kind === 'openOwnedBy') {
        partitions.push({ type, visibility: { kind: 'open' }, ownedBy: scope.ownerId });
      } else if (scope.kind === 'privacyStatus') partitions.push({ type, visibility: scope });
    }
  }
  // One external user's jobs or incidents are read from their list rows (FEED-16), where the
  // archived items are a list of their own: each class's current list, then each archived one.
  // With a `modifiedAt` range, from the user's entries of the log (FEED-18): one per class.
  return set.source === 'items' && query?.externalUserId !== undefined && !bounded(query.range)
    ? [...partitions, ...partitions.map((partition) => ({ ...partition, archived: true }))]
    : partitions;
}

/** Whether a `modifiedAt` range bounds the request. */
const bounded = (range: ChangeRange) => Object.values(range).some((bound) => bound !== undefined);

/**
 * FEED-16: one class's list of one external user's items (WRK-5's `…#EXTUSER#<id>#<class>`, of one
 * status with `status eq`: its own partition), current or archived, ordered by due or raise date.
 */
const externalUserItemsOf = (actor: FeedActor, partition: ChangesPartition, externalUserId: string, status?: string) =>
  workItemList(
    partition.type,
    actor.accountId,
    { filter: { externalUserId }, visibility: partition.visibility },
    { archived: partition.archived === true, ...(status !== undefined ? { status } : {}) },
  );

const ownedOnly = (partition: ChangesPartition) =>
  partition.ownedBy !== undefined ? { containing: { name: 'ownerIds', value: partition.ownedBy } } : {};

const targetOf = (actor: FeedActor, partition: ChangesPartition, range: ChangeRange, status?: string) => ({
  ...workItemChanges(partition.type, actor.accountId, partition.visibility, range),
  ...ownedOnly(partition),
  ...(status !== undefined ? { matching: { name: 'status', value: status } } : {}),
});

/**
 * FEED-18: one class's log entries of one external user (their items' rows, assignments or
 * answers), the `modifiedAt` range the key condition, `status eq` a filter, owned items only for a
 * General maker who sees no more.
 */
const userLogTargetOf = (
  actor: FeedActor,
  partition: ChangesPartition,
  kind: 'item' | 'assignment' | 'answer',
  query: FeedQuery,
) => ({
  ...feedLogUserChanges(
    kind,
    partition.type,
    actor.accountId,
    query.externalUserId as string,
    partition.visibility,
    query.range,
  ),
  ...ownedOnly(partition),
  ...(query.status !== undefined ? { matching: { name: 'status', value: query.status } } : {}),
});

/**
 * Jobs or Incidents: the `changes` partition (FEED-4); with `externalUserId eq` the user's list
 * (FEED-16), or with a `modifiedAt` range too the user's rows of the log (FEED-18).
 */
const itemsTargetOf = (actor: FeedActor, partition: ChangesPartition, query: FeedQuery) =>
  query.externalUserId === undefined
    ? targetOf(actor, partition, query.range, query.status)
    : bounded(query.range)
      ? userLogTargetOf(actor, partition, 'item', query)
      : { ...externalUserItemsOf(actor, partition, query.externalUserId, query.status), ...ownedOnly(partition) };

interface SkipToken {
  /** The partition the next page starts in (0 for a set of one list). */
  p: number;
  /** Its DynamoDB cursor; absent at its start. */
  k?: string;
}

const invalidToken = () => new ODataQueryError('$skiptoken is not one this feed gave out', '$skiptoken');

function readToken(text: string, partitions: number): SkipToken {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  const { p, k, ...rest } = (value ?? {}) as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p >= partitions) {
    throw invalidToken();
  }
  if (k !== undefined && typeof k !== 'string') throw invalidToken();
  return k === undefined ? { p } : { p, k };
}

const writeToken = (token: SkipToken) => Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');

/** The most rows one page holds (server-driven paging: `@odata.nextLink` continues). */
export const maxPageSize = 500;

/** The owned items whose assignments or answers one walked page of those sets holds (their rows, however many). */
export const itemsPerChildPage = 25;

/** The most items one request of those sets examines looking for a row (a page may then be empty, with a next link). */
const maxItemsExamined = 200;

/** The most pages a `$count` of a set read page by page walks before it refuses (400). */
const maxCountPages = 200;

type Cell = string | boolean | string[] | null;
type Row = Record<string, Cell>;
type SourceRecord = Record<string, unknown>;

/** A row of the entity set: its properties (or those selected) from the record. */
function rowOf(set: FeedEntitySet, record: SourceRecord, select: readonly string[] | undefined): Row {
  const properties = select ? set.properties.filter((p) => select.includes(p.name)) : set.properties;
  return Object.fromEntries(
    properties.map((p) => {
      const value = record[p.from ?? p.name];
      if (p.type === 'Collection(Edm.String)') return [p.name, Array.isArray(value) ? value.map(String) : []];
      if (value === undefined || value === null) return [p.name, p.type === 'Edm.Boolean' ? false : null];
      if (p.name === 'location') return [p.name, String((value as { text?: unknown }).text ?? '')];
      if (p.type === 'Edm.DateTimeOffset') return [p.name, new Date(String(value)).toISOString()];
      if (p.type === 'Edm.Boolean') return [p.name, value === true];
      return [p.name, String(value)];
    }),
  );
}

/** Whether a time is within a `modifiedAt` range (the sets whose range is not a key condition). */
function inRange(at: unknown, range: ChangeRange): boolean {
  const time = Date.parse(String(at));
  if (Number.isNaN(time)) return false;
  const t = (bound: string | undefined) => (bound === undefined ? undefined : Date.parse(bound));
  const [from, after, until, before] = [t(range.from), t(range.after), t(range.until), t(range.before)];
  return (
    (from === undefined || time >= from) &&
    (after === undefined || time > after) &&
    (until === undefined || time <= until) &&
    (before === undefined || time < before)
  );
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const itemColumns = (type: AssignableType, itemId: string) => ({
  itemType: type,
  itemId,
  jobId: type === 'job' ? itemId : null,
  incidentId: type === 'incident' ? itemId : null,
});

/** What an assignment's link state and last portal activity are decided from (the access record's copies, the item). */
interface LinkFacts {
  access: SourceRecord | undefined;
  /** The item's state; undefined when it is gone (its assignments' links are revoked). */
  item: { status: string | undefined; archived: boolean; dueAt: string | undefined } | undefined;
}

/**
 * An assignment as a row (FEED-5, FEED-13), with its link state now, decided by the link's own
 * rule from the assignment, the assignee's access record and the item.
 */
function assignmentRow(type: AssignableType, itemId: string, assignment: SourceRecord, facts: LinkFacts, now: Date) {
  const externalUserId = String(assignment.externalUserId);
  const userStatus = str(facts.access?.userStatus);
  const autoDisableAt = str(facts.access?.autoDisableAt);
  const { item } = facts;
  const state = decideAccess(
    type,
    {
      assignment: { entity: 'Assignment', status: str(assignment.status) },
      ...(item
        ? {
            item: {
              entity: 'Item',
              status: item.status,
              archived: item.archived,
              ...(item.dueAt !== undefined ? { dueAt: item.dueAt } : {}),
            },
          }
        : {}),
      ...(userStatus !== undefined
        ? {
            externalUser: {
              entity: 'ExternalUser',
              status: userStatus,
              ...(autoDisableAt !== undefined ? { autoDisableAt } : {}),
            },
          }
        : {}),
    },
    now,
  ).state;
  return {
    ...assignment,
    id: `${type}:${itemId}:${externalUserId}`,
    ...itemColumns(type, itemId),
    linkState: state,
    viewedAt: facts.access?.viewedAt,
    answeredAt: facts.access?.answeredAt,
  };
}

/**
 * An item's assignments as rows (FEED-5: an owned item walked), the item's state as `changes`
 * shows it (a deleted item's: none).
 */
async function assignmentRecords(actor: FeedActor, type: AssignableType, item: ChangedItem, now: Date) {
  const { assignments, access } = await itemAssignees(type, actor.accountId, item.id);
  const accessOf = new Map(access.map((record) => [str(record.externalUserId), record]));
  const state = item.deleted
    ? undefined
    : { status: str(item.status), archived: item.archived === true, dueAt: str(item.dueAt) };
  return assignments.map(
    (assignment): SourceRecord =>
      assignmentRow(
        type,
        item.id,
        assignment,
        { access: accessOf.get(str(assignment.externalUserId)), item: state },
        now,
      ),
  );
}

/** A checklist answer as a row (FEED-6, FEED-13): text as it is, any other value as JSON. */
function answerRow(type: AssignableType, itemId: string, answer: SourceRecord): SourceRecord {
  const by = (answer.answeredBy ?? {}) as { kind?: string; id?: string };
  const value = answer.value;
  return {
    id: `${type}:${itemId}:${String(answer.checklistId)}:${String(answer.checklistItemId)}`,
    ...itemColumns(type, itemId),
    checklistId: answer.checklistId,
    checklistItemId: answer.checklistItemId,
    value: value === undefined || value === null ? null : typeof value === 'string' ? value : JSON.stringify(value),
    answeredByKind: by.kind,
    answeredById: by.id,
    externalUserId: by.kind === 'external' ? by.id : null,
    answeredAt: answer.answeredAt,
  };
}

/** An item's checklist answers as rows (FEED-6: an owned item walked). */
async function answerRecords(actor: FeedActor, type: AssignableType, item: ChangedItem) {
  const answers = await itemAnswers(type, actor.accountId, item.id);
  return answers.map((answer) => answerRow(type, item.id, answer));
}

interface SourcePage {
  records: SourceRecord[];
  next?: SkipToken;
}

/** What one request of a set reads, once its partitions are known. */
interface Walk {
  actor: FeedActor;
  set: FeedEntitySet;
  query: FeedQuery;
  partitions: ChangesPartition[];
  limit: number;
  now: Date;
}

const nextOf = (walk: Walk, token: SkipToken, cursor: string | undefined): SkipToken | undefined =>
  cursor !== undefined
    ? { p: token.p, k: cursor }
    : token.p + 1 < walk.partitions.length
      ? { p: token.p + 1 }
      : undefined;

/** FEED-4, FEED-16, FEED-18: Jobs or Incidents: one Query of the partition the token is in. */
async function itemsPage(walk: Walk, token: SkipToken): Promise<SourcePage> {
  const partition = walk.partitions[token.p] as ChangesPartition;
  const page = await changesPage(itemsTargetOf(walk.actor, partition, walk.query), {
    limit: walk.limit,
    ...(token.k !== undefined ? { cursor: token.k } : {}),
  });
  const records = page.items.map((item) => ({ ...item, deletedAt: item.deleted ? item.updatedAt : null }));
  const next = nextOf(walk, token, page.cursor);
  return next ? { records, next } : { records };
}

/** The columns of Assignments that need the access records (a `$select` without them reads none). */
const linkColumns = ['linkState', 'lastViewedAt', 'lastAnsweredAt'];

/**
 * The rows of assignments (FEED-13, FEED-15), with their link state from their access records
 * when a link column is asked for (one BatchGetItem per 100, in parallel; none otherwise).
 */
async function assignmentRowsOf(walk: Walk, entries: readonly SourceRecord[]): Promise<SourceRecord[]> {
  const { actor, query } = walk;
  const refOf = (entry: SourceRecord) => ({
    type: entry.itemType as AssignableType,
    itemId: String(entry.itemId),
    externalUserId: String(entry.externalUserId),
  });
  const linked = query.select === undefined || query.select.some((name) => linkColumns.includes(name));
  const access = linked
    ? await accessFactsOf(entries.map((entry) => ({ ...refOf(entry), accountId: actor.accountId })))
    : new Map<string, SourceRecord>();
  return entries.map((entry) => {
    const { type, itemId, externalUserId } = refOf(entry);
    const copy = access.get(`${type}/${itemId}/${externalUserId}`);
    const item = copy && { status: str(copy.itemStatus), archived: copy.itemArchived === true, dueAt: str(copy.dueAt) };
    return assignmentRow(type, itemId, entry, { access: copy, item }, walk.now);
  });
}

/**
 * FEED-13: Assignments or ChecklistAnswers of a partition the actor sees whole: one Query
 * of its class's log entries (the `modifiedAt` range the key condition, `status eq` a filter), and
 * for assignments whose link columns are asked for, their access records (one BatchGetItem per 100,
 * in parallel). With `externalUserId eq`, of the user's partition of the class (FEED-18).
 */
async function logPage(walk: Walk, token: SkipToken): Promise<SourcePage> {
  const { actor, query } = walk;
  const partition = walk.partitions[token.p] as ChangesPartition;
  const kind = walk.set.source === 'assignments' ? 'assignment' : 'answer';
  const target =
    query.externalUserId !== undefined
      ? userLogTargetOf(actor, partition, kind, query)
      : {
          ...feedLogChanges(kind, partition.type, actor.accountId, partition.visibility, query.range),
          ...(query.status !== undefined ? { matching: { name: 'status', value: query.status } } : {}),
        };
  const page = await feedLogPage(target, { limit: walk.limit, ...(token.k !== undefined ? { cursor: token.k } : {}) });
  const { type } = partition;
  const records =
    kind === 'answer'
      ? page.items.map((entry) => answerRow(type, entry.itemId, entry))
      : await assignmentRowsOf(
          walk,
          page.items.map((entry) => ({ ...entry, itemType: type })),
        );
  const next = nextOf(walk, token, page.cursor);
  return next ? { records, next } : { records };
}

/**
 * FEED-5, FEED-6: Assignments or ChecklistAnswers of a maker who sees owned items only: one Query
 * of `changes` for up to 25 of their items (the open class, their own kept), then one Query of
 * each item's collection, in parallel. `modifiedAt`, `status` and `externalUserId` are decided on the rows. While no
 * row was found and more of their items exist, the next items (at most 200 a request).
 */
async function walkedPage(walk: Walk, token: SkipToken): Promise<SourcePage> {
  const records: SourceRecord[] = [];
  let current = token;
  let examined = 0;
  for (;;) {
    const partition = walk.partitions[current.p] as ChangesPartition;
    const page = await changesPage(targetOf(walk.actor, partition, {}), {
      limit: itemsPerChildPage,
      ...(current.k !== undefined ? { cursor: current.k } : {}),
    });
    const rows = await Promise.all(
      page.items.map((item) =>
        walk.set.source === 'assignments'
          ? assignmentRecords(walk.actor, partition.type, item, walk.now)
          : answerRecords(walk.actor, partition.type, item),
      ),
    );
    const modifiedAt = walk.set.source === 'assignments' ? 'updatedAt' : 'answeredAt';
    records.push(
      ...rows
        .flat()
        .filter(
          (record) =>
            inRange(record[modifiedAt], walk.query.range) &&
            (walk.query.status === undefined || record.status === walk.query.status) &&
            (walk.query.externalUserId === undefined || record.externalUserId === walk.query.externalUserId),
        ),
    );
    examined += page.items.length;
    const next = nextOf(walk, current, page.cursor);
    if (!next) return { records };
    const walked = walk.partitions[next.p]?.ownedBy !== undefined;
    if (records.length > 0 || examined >= maxItemsExamined || !walked) return { records, next };
    current = next;
  }
}

/**
 * FEED-15: Assignments of one external user (`externalUserId eq`): ASG-3's Query of their
 * assignments (jobs then incidents; `status eq` a filter on it), each kept only when the actor may
 * see its item now (one BatchGetItem of the items' access facts per Query, as AuditEvents), then
 * the kept rows' access records when a link column is asked for. One list: the token's partition
 * is always the first (the actor's partitions only say whether they see anything at all).
 */
async function externalUserAssignmentRows(walk: Walk, token: SkipToken): Promise<SourcePage> {
  const { actor, query } = walk;
  const page = await externalUserAssignmentsPage(
    actor.accountId,
    query.externalUserId as string,
    query.status,
    { limit: walk.limit, ...(token.k !== undefined ? { cursor: token.k } : {}) },
    async (assignments) => {
      const visible = await visibleItems(
        actor,
        assignments.map((a) => ({ type: a.itemType, id: a.itemId })),
      );
      return assignments.map((a) => visible.has(`${a.itemType}/${a.itemId}`));
    },
  );
  const records = await assignmentRowsOf(walk, page.items);
  return page.cursor ? { records, next: { p: 0, k: page.cursor } } : { records };
}

/**
 * Assignments or ChecklistAnswers: from the log of the partition the token is in (FEED-13), or, for a maker who sees owned items only, through their items (FEED-5, FEED-6).
 * Either way only partitions the actor may see are read, so nothing of an item they may not see is.
 */
const childPage = (walk: Walk, token: SkipToken): Promise<SourcePage> =>
  (walk.partitions[token.p] as ChangesPartition).ownedBy === undefined ? logPage(walk, token) : walkedPage(walk, token);

/**
 * Assignments: {@link childPage} (with `externalUserId eq` and a `modifiedAt` range, the user's
 * partitions of the log: FEED-18), or one external user's from their own list (FEED-15).
 */
const assignmentsPage = (walk: Walk, token: SkipToken): Promise<SourcePage> =>
  walk.query.externalUserId !== undefined && !bounded(walk.query.range)
    ? externalUserAssignmentRows(walk, token)
    : childPage(walk, token);

const activityBound = (at: string, shiftMs: number) => new Date(Date.parse(at) + shiftMs).toISOString();

/**
 * FEED-9: AuditEvents: AUD-3's Query of the account's external activity (newest first), or with
 * `externalUserId eq` of that user's activity partition, its `modifiedAt` range the key condition,
 * each entry on an item kept only when the actor may see the item now (the same check either way);
 * a page left short by that is filled from further Queries. The activity view is the admin roles'
 * (403 AUDIT_DENIED otherwise).
 */
async function activityPage(walk: Walk, token: SkipToken): Promise<SourcePage> {
  const { actor, query } = walk;
  if (!isAdminRole(actor.effective.role)) {
    throw new ForbiddenError("The external activity needs an admin role; the key's maker has none", 'AUDIT_DENIED');
  }
  const { range } = query;
  const lower = [
    range.from !== undefined ? new Date(range.from).toISOString() : undefined,
    range.after !== undefined ? activityBound(range.after, 1) : undefined,
  ].filter((at): at is string => at !== undefined);
  const upper = [
    range.until !== undefined ? new Date(range.until).toISOString() : undefined,
    range.before !== undefined ? activityBound(range.before, -1) : undefined,
  ].filter((at): at is string => at !== undefined);
  const from = lower.sort().at(-1);
  const to = upper.sort().at(0);
  if (from !== undefined && to !== undefined && from > to) return { records: [] };
  const page = await activityEntries(
    actor.accountId,
    {
      ...(query.externalUserId !== undefined ? { externalUserId: query.externalUserId } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    },
    { limit: walk.limit, ...(token.k !== undefined ? { cursor: token.k } : {}) },
    async (entries) => {
      const refs = entries.flatMap((e) => (e.itemType && e.itemId ? [{ type: e.itemType, id: e.itemId }] : []));
      const visible = refs.length > 0 ? await visibleItems(actor, refs) : new Set<string>();
      return entries.map((e) => !(e.itemType && e.itemId) || visible.has(`${e.itemType}/${e.itemId}`));
    },
  );
  const records = page.items.map((entry) => ({
    eventId: entry.eventId,
    action: entry.action,
    at: entry.at,
    actorKind: entry.actor.kind,
    actorId: 'id' in entry.actor ? entry.actor.id : null,
    ...(entry.itemType && entry.itemId ? itemColumns(entry.itemType, entry.itemId) : {}),
    externalUserId: entry.externalUserId,
    subjectType: entry.subject?.type,
    subjectId: entry.subject?.id,
    details: JSON.stringify(entry.details),
  }));
  return page.cursor ? { records, next: { p: 0, k: page.cursor } } : { records };
}

/**
 * FEED-10: ExternalUsers: with a `modifiedAt` range, one Query of the account's external users by
 * modification time, the range its key condition (`status eq` a filter on it); without one, XU-1's
 * Query by name (of one status with `status eq`: its own partition). FEED-19: with
 * `externalUserId eq`, the user's record (one GetItem), kept when its status and time match.
 */
async function externalUsersPage(walk: Walk, token: SkipToken): Promise<SourcePage> {
  const { status, range, externalUserId } = walk.query;
  // The status names a partition: only a status's shape gets that far (an unknown one reads an empty one).
  if (status !== undefined && !/^[a-z_]{1,32}$/.test(status)) {
    throw new ODataQueryError(`No external user has the status ${status.slice(0, 32)}`, '$filter');
  }
  if (externalUserId !== undefined) {
    // One row at most: a token of this list has nothing after it.
    if (token.k !== undefined) throw invalidToken();
    const user = await externalUserOf(walk.actor.accountId, externalUserId);
    const kept = user && (status === undefined || user.status === status) && inRange(user.updatedAt, range);
    return { records: kept ? [user] : [] };
  }
  const page = { limit: walk.limit, ...(token.k !== undefined ? { cursor: token.k } : {}) };
  const found = Object.values(range).some((bound) => bound !== undefined)
    ? await externalUserChangesPage(walk.actor.accountId, range, status, page)
    : await externalUserEntries(walk.actor.accountId, status, page);
  return found.cursor ? { records: found.items, next: { p: 0, k: found.cursor } } : { records: found.items };
}

/** One page of one of a set's lists, from the skip token's place in it. */
type PageReader = (walk: Walk, token: SkipToken) => Promise<SourcePage>;

/**
 * How a kind of entity set is read: the `changes` partitions it walks (none: one list), a page of
 * one of its lists, and `$count`. Each set's route function names its reader, so it bundles that
 * set's reads alone (docs/feed.md, "Function size").
 */
export interface SetReader {
  partitions?: (actor: FeedActor, set: FeedEntitySet, query: FeedQuery) => Promise<ChangesPartition[]>;
  page: PageReader;
  count: (walk: Walk, page: PageReader) => Promise<number>;
}

/** `$count` of a set read page by page: every page walked (so exactly what the actor may see), up to 200. */
async function countByPages(walk: Walk, read: PageReader): Promise<number> {
  let count = 0;
  let token: SkipToken | undefined = { p: 0 };
  for (let pages = 0; token; pages++) {
    if (pages >= maxCountPages) {
      throw new ODataQueryError(`Too many ${walk.set.name} to count; narrow $filter on modifiedAt`, '$count');
    }
    const page: SourcePage = await read({ ...walk, limit: maxPageSize }, token);
    count += page.records.length;
    token = page.next;
  }
  return count;
}

/** `$count` of Jobs or Incidents: a Select COUNT Query of each partition. */
async function countChanges(walk: Walk): Promise<number> {
  const counts = await Promise.all(
    walk.partitions.map((partition) => changesCount(itemsTargetOf(walk.actor, partition, walk.query))),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}

/** Jobs and Incidents (FEED-4). */
export const itemsReader: SetReader = { partitions: partitionsOf, page: itemsPage, count: countChanges };
/** Assignments (FEED-5, FEED-13, FEED-15). */
export const assignmentsReader: SetReader = { partitions: partitionsOf, page: assignmentsPage, count: countByPages };
/** ChecklistAnswers (FEED-6, FEED-13). */
export const answersReader: SetReader = { partitions: partitionsOf, page: childPage, count: countByPages };
/** AuditEvents (FEED-9). */
export const activityReader: SetReader = { page: activityPage, count: countByPages };
/** ExternalUsers (FEED-10). */
export const externalUsersReader: SetReader = { page: externalUsersPage, count: countByPages };

const readers: Record<FeedEntitySet['source'], SetReader> = {
  items: itemsReader,
  assignments: assignmentsReader,
  answers: answersReader,
  activity: activityReader,
  externalUsers: externalUsersReader,
};

type EntitySetPage = { rows: Row[]; next?: { skiptoken: string; top?: number }; count?: number };

/** One page of any entity set, its reader chosen by the set (what a set's route function does with its own). */
export const entitySetPage = (actor: FeedActor, set: FeedEntitySet, query: FeedQuery): Promise<EntitySetPage> =>
  readEntitySet(actor, set, query, readers[set.source]);

/**
 * One page of an entity set (FEED-4 to FEED-10): one Query on the list the skip token is in (the
 * actor's visibility decides the lists; a confidential item, and whatever belongs to it, is only
 * in its privacy status's partition, read only for an actor granted it), at most 500 rows or what
 * `$top` leaves (Assignments and ChecklistAnswers walked through a maker's owned items: the rows of
 * up to 25 items); the next page's
 * token when there is more. `$count=true` adds a count of every row.
 */
export async function readEntitySet(
  actor: FeedActor,
  set: FeedEntitySet,
  query: FeedQuery,
  reader: SetReader,
): Promise<EntitySetPage> {
  const partitions = reader.partitions ? await reader.partitions(actor, set, query) : [];
  const lists = reader.partitions ? partitions.length : 1;
  const limit = Math.min(query.top ?? maxPageSize, maxPageSize);
  const walk: Walk = { actor, set, query, partitions, limit, now: new Date() };
  const count = query.count ? await reader.count(walk, reader.page) : undefined;
  const withCount = <T extends object>(page: T) => (count === undefined ? page : { ...page, count });
  if (query.skiptoken !== undefined && lists === 0) throw invalidToken();
  if (lists === 0 || limit === 0) return withCount({ rows: [] });
  const token = query.skiptoken !== undefined ? readToken(query.skiptoken, lists) : { p: 0 };
  let page: SourcePage;
  try {
    page = await reader.page(walk, token);
  } catch (error) {
    if ((error as { code?: string }).code === 'INVALID_CURSOR') throw invalidToken();
    throw error;
  }
  // A page of assignments or answers may hold more rows than `$top` leaves: the rest are not asked for.
  const records = query.top !== undefined ? page.records.slice(0, query.top) : page.records;
  const rows = records.map((record) => rowOf(set, record, query.select));
  const left = query.top !== undefined ? query.top - rows.length : undefined;
  if (!page.next || left === 0) return withCount({ rows });
  return withCount({ rows, next: { skiptoken: writeToken(page.next), ...(left !== undefined ? { top: left } : {}) } });
}
