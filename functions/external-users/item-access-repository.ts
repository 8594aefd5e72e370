import * as z from 'zod/mini';
import {
  type AssignableType,
  assignment as assignmentKey,
  checklistVersion,
  externalUser,
  externalUserAssignments,
  itemAccess,
  itemChecklists,
  termsAcceptance,
  workItem,
} from '#shared/data/keys';
import {
  absentOr,
  batchGetItems,
  type Condition,
  conditionCheck,
  getItem,
  itemAbsent,
  maxTransactionItems,
  parseItem,
  presentAnd,
  putIf,
  queryAll,
  queryAllByPrefix,
  type Step,
  tryTransact,
  updateFields,
  updateIf,
} from '#shared/data/table';
import { ConflictError } from '#shared/errors';
import { lazySchema } from '#shared/lazy-schema';

/*
 * The item access record (`ItemAccess`, docs/data-model.md ACS-1 to ACS-4): one per (job or
 * incident, external user), in the item's collection, a copy of everything a portal write checks,
 * so the write's guard is one ConditionCheck of a record under 1 KB. The sources of truth stay
 * where they are (assignment, external user, item, checklist, terms acceptance); every writer that
 * changes one of the copied facts updates the copies in its own transaction (all fields top-level,
 * so an unconditional Update can set any slice, creating a partial record when there is none), and
 * counts `rev` on, so a rebuild from the sources (of a record missing or partial) lands only when
 * no writer came between its reads and its Put.
 */

/** Where an access record is: the item and the external user. */
export interface AccessPlace {
  type: AssignableType;
  accountId: string;
  itemId: string;
  externalUserId: string;
}

/** The field of the access record that holds one checklist's version (flat, so a fan-out never needs a parent map). */
export const checklistField = (checklistId: string) => `cl:${checklistId}`;

/** The record as stored; `cl:<checklistId>` fields (numbers) ride along. */
export const itemAccessSchema = /* @__PURE__ */ lazySchema(() =>
  z.looseObject({
    entity: z.literal('ItemAccess'),
    itemType: z.enum(['job', 'incident']),
    itemId: z.string(),
    externalUserId: z.string(),
    rev: z.number(),
    assignmentStatus: z.optional(z.string()),
    userStatus: z.optional(z.string()),
    autoDisableAt: z.optional(z.string()),
    userVersion: z.optional(z.number()),
    itemArchived: z.optional(z.boolean()),
    itemStatus: z.optional(z.string()),
    dueAt: z.optional(z.string()),
    termsVersion: z.optional(z.number()),
    viewedAt: z.optional(z.string()),
    /** When the external user last saved an answer to the item's checklists (the reports' "who answered last"). */
    answeredAt: z.optional(z.string()),
  }),
);
export type ItemAccess = z.infer<typeof itemAccessSchema>;

/** The copied facts, as a record holds them once complete. */
export interface AccessFacts {
  assignmentStatus: string;
  userStatus: string;
  autoDisableAt?: string | undefined;
  /** The external user record's version the user facts were copied at. */
  userVersion?: number | undefined;
  itemArchived: boolean;
  itemStatus: string;
  dueAt?: string | undefined;
  termsVersion?: number | undefined;
  /** Each checklist's version. */
  checklists: readonly { id: string; version: number }[];
}

/**
 * Whether the record holds every slice (assignment, user, item): one that a fan-out Update made
 * where there was none holds only its own, and is rebuilt from the sources before it is trusted.
 */
export const isComplete = (record: ItemAccess | undefined): record is ItemAccess & Omit<AccessFacts, 'checklists'> =>
  record !== undefined &&
  record.assignmentStatus !== undefined &&
  record.userStatus !== undefined &&
  record.itemArchived !== undefined &&
  record.itemStatus !== undefined;

/** A checklist's version as the record holds it, if it does. */
export const checklistVersionIn = (record: ItemAccess, checklistId: string): number | undefined => {
  const value = (record as Record<string, unknown>)[checklistField(checklistId)];
  return typeof value === 'number' ? value : undefined;
};

/** The item's slice of the record (the job's or incident's state). */
export const itemSliceOf = (item: {
  archived?: boolean | undefined;
  status?: string | undefined;
  dueAt?: string | undefined;
}) => ({
  itemArchived: item.archived ?? false,
  itemStatus: item.status ?? '',
  dueAt: item.dueAt,
});

/** The external user's slice of the record. */
export const userSliceOf = (user: { status: string; autoDisableAt?: string | undefined; version?: number }) => ({
  userStatus: user.status,
  autoDisableAt: user.autoDisableAt,
  ...(user.version !== undefined ? { userVersion: user.version } : {}),
});

/** Whether two versions of an external user hold the same facts for their access records. */
export const sameUserFacts = (
  a: { status: string; autoDisableAt?: string | undefined },
  b: { status: string; autoDisableAt?: string | undefined },
) => a.status === b.status && a.autoDisableAt === b.autoDisableAt;

/**
 * One conditional UpdateItem (ACS-3, the stream's second pass): the user's facts as of their
 * record's `version` onto an existing access record, only where the record holds facts of an
 * older version (or of none): a late or replayed change never undoes a newer one. Answers whether
 * it wrote.
 */
export function followUser(
  place: AccessPlace,
  user: { status: string; autoDisableAt?: string | undefined; version: number },
): Promise<boolean> {
  const slice = userSliceOf(user);
  return updateIf(
    updateFields(keyOf(place), {
      set: slice,
      add: { rev: 1 },
      condition: presentAnd({
        expression: 'attribute_not_exists(#uv) OR #uv < :uv',
        names: { '#uv': 'userVersion' },
        values: { ':uv': user.version },
      }),
    }),
  );
}

const keyOf = (place: AccessPlace) => itemAccess(place.type, place.accountId, place.itemId, place.externalUserId);
const identity = (place: AccessPlace) => ({
  entity: 'ItemAccess',
  itemType: place.type,
  itemId: place.itemId,
  externalUserId: place.externalUserId,
});

/**
 * The Update (no condition) that sets `fields` on the access record, or makes a partial one with
 * them when there is none, counting `rev` on; a field given `undefined` is removed.
 */
export function accessUpdate(place: AccessPlace, fields: Record<string, unknown>): Step {
  return {
    name: 'itemAccess',
    write: updateFields(keyOf(place), { set: { ...identity(place), ...fields }, add: { rev: 1 } }),
  };
}

/** The fields of a complete record for `facts` (terms none accepted: removed). */
const factFields = (facts: AccessFacts): Record<string, unknown> => ({
  assignmentStatus: facts.assignmentStatus,
  userStatus: facts.userStatus,
  autoDisableAt: facts.autoDisableAt,
  userVersion: facts.userVersion,
  itemArchived: facts.itemArchived,
  itemStatus: facts.itemStatus,
  dueAt: facts.dueAt,
  termsVersion: facts.termsVersion,
  ...Object.fromEntries(facts.checklists.map((c) => [checklistField(c.id), c.version])),
});

/** The Update that writes every fact of the record (an assignment made or reactivated). */
export const accessGrant = (place: AccessPlace, facts: AccessFacts): Step => accessUpdate(place, factFields(facts));

/** What a portal write or view needs the copy to allow. */
export interface AccessDemand {
  now: Date;
  /** Item statuses that end or close access (for a write: finished and cancelled; for a view: cancelled). */
  refusedStatuses: readonly string[];
  /** Jobs, for a write: the due date still ahead. */
  dueAhead: boolean;
  /** For a write: the checklist's version it was validated against. */
  checklist?: { id: string; version: number };
  /** For a write: the account's current terms version, when it has terms. */
  termsVersion?: number | undefined;
}

function allowCondition(demand: AccessDemand): Condition {
  const statuses = Object.fromEntries(demand.refusedStatuses.map((status, i) => [`:closed${i}`, status]));
  const parts = [
    '#as = :active',
    '#us = :active',
    '(attribute_not_exists(#ad) OR #ad > :now)',
    '#ia = :false',
    Object.keys(statuses).length
      ? `attribute_exists(#is) AND NOT (#is IN (${Object.keys(statuses).join(', ')}))`
      : 'attribute_exists(#is)',
  ];
  const names: Record<string, string> = {
    '#as': 'assignmentStatus',
    '#us': 'userStatus',
    '#ad': 'autoDisableAt',
    '#ia': 'itemArchived',
    '#is': 'itemStatus',
  };
  const values: Record<string, unknown> = {
    ':active': 'active',
    ':now': demand.now.toISOString(),
    ':false': false,
    ...statuses,
  };
  if (demand.dueAhead) {
    parts.push('#due > :now');
    names['#due'] = 'dueAt';
  }
  if (demand.checklist) {
    parts.push('#cl = :cl');
    names['#cl'] = checklistField(demand.checklist.id);
    values[':cl'] = demand.checklist.version;
  }
  if (demand.termsVersion !== undefined) {
    parts.push('#tv = :tv');
    names['#tv'] = 'termsVersion';
    values[':tv'] = demand.termsVersion;
  }
  return presentAnd({ expression: parts.join(' AND '), names, values });
}

/**
 * The guard of a portal write: one ConditionCheck (step `access`) that the copy allows it, the
 * record returned when it does not (to say why). An answer's guard is instead an Update under the
 * same condition that notes `answeredAt` on the record: a transaction bills both alike (twice the
 * record's size), so the reports' "who answered last" costs the autosave nothing.
 */
export const accessCheck = (place: AccessPlace, demand: AccessDemand, noted?: { answeredAt: string }): Step => ({
  name: 'access',
  write: noted
    ? updateFields(keyOf(place), { set: { ...noted, lastChange: 'answer' }, condition: allowCondition(demand) })
    : conditionCheck(keyOf(place), allowCondition(demand)),
});

/**
 * One conditional UpdateItem: notes that the external user viewed the item at `now`, landing only
 * while the copy allows access and their last view is before `visitStart` (or there is none);
 * answers whether it landed. The audit trail's `item_viewed` comes from it.
 */
export async function markViewed(place: AccessPlace, demand: AccessDemand, visitStart: Date): Promise<boolean> {
  const allow = allowCondition(demand);
  return updateIf(
    updateFields(keyOf(place), {
      // `lastChange` lets the stream consumer's filter pass views and drop answers' notes.
      set: { viewedAt: demand.now.toISOString(), lastChange: 'view' },
      condition: {
        expression: `${allow.expression} AND (attribute_not_exists(#viewedAt) OR #viewedAt < :visitStart)`,
        names: { ...allow.names, '#viewedAt': 'viewedAt' },
        values: { ...allow.values, ':visitStart': visitStart.toISOString() },
      },
    }),
  );
}

/**
 * One conditional UpdateItem that moves a monotone fact of the copy (a checklist's version, the
 * terms version accepted) up to `value`, never down, and only on a record that exists.
 */
export async function raiseAccessFact(place: AccessPlace, field: string, value: number): Promise<boolean> {
  return updateIf(
    updateFields(keyOf(place), {
      set: { [field]: value },
      add: { rev: 1 },
      condition: presentAnd({
        expression: '(attribute_not_exists(#f) OR #f < :v)',
        names: { '#f': field },
        values: { ':v': value },
      }),
    }),
  );
}

/** One GetItem (consistent): the access record, if any. */
export function findAccessRecord(place: AccessPlace): Promise<ItemAccess | undefined> {
  return getItem(keyOf(place), itemAccessSchema);
}

/** The access record as parsed from a stored item (e.g. what a refused check returned). */
export const storedAccess = (stored: Record<string, unknown>): ItemAccess => parseItem(itemAccessSchema, stored);

const anyRecord = /* @__PURE__ */ lazySchema(() => z.looseObject({ entity: z.string() }));
const statusFacts = /* @__PURE__ */ lazySchema(() =>
  z.object({
    status: z.optional(z.string()),
    version: z.optional(z.number()),
    autoDisableAt: z.optional(z.string()),
    archived: z.optional(z.boolean()),
    dueAt: z.optional(z.string()),
    termsVersion: z.optional(z.number()),
  }),
);
const checklistFacts = /* @__PURE__ */ lazySchema(() => z.object({ id: z.string(), version: z.number() }));

/**
 * One Query of the item's checklists part of its collection (answers and all: only on the rare
 * paths that make a record whole): each checklist's id and version.
 */
export async function readChecklistVersions(
  type: AssignableType,
  accountId: string,
  itemId: string,
): Promise<{ id: string; version: number }[]> {
  const records = await queryAllByPrefix(itemChecklists(type, accountId, itemId), anyRecord);
  return records.flatMap((record) => {
    if (record.entity !== 'Checklist') return [];
    const { id, version } = parseItem(checklistFacts, record);
    return [{ id, version }];
  });
}

/**
 * The ConditionChecks that the checklists' versions are still those read (their small version
 * records): with an assignment's full copy, so a checklist changed meanwhile fails the write
 * rather than leave the copy behind it.
 */
export const checklistVersionChecks = (
  type: AssignableType,
  accountId: string,
  itemId: string,
  checklists: readonly { id: string; version: number }[],
): Step[] =>
  checklists.map((c) => ({
    name: 'checklistVersion',
    write: conditionCheck(checklistVersion(type, accountId, itemId, c.id), {
      expression: '#version = :version',
      names: { '#version': 'version' },
      values: { ':version': c.version },
    }),
  }));

/**
 * The ConditionCheck that an external user is still active at the version read: with an
 * assignment's full copy, so a user disabled meanwhile fails the write rather than leave the copy
 * saying active.
 */
export const userUnchangedCheck = (accountId: string, user: { id: string; version: number }): Step => ({
  name: 'externalUserUnchanged',
  write: conditionCheck(externalUser(accountId, user.id), {
    expression: '#version = :version AND #status = :active',
    names: { '#version': 'version', '#status': 'status' },
    values: { ':version': user.version, ':active': 'active' },
  }),
});

/** One BatchGetItem: the newest terms version each of these external users accepted (none: left out). */
export async function findAcceptedTerms(accountId: string, externalUserIds: readonly string[]) {
  const accepted = new Map<string, number>();
  if (externalUserIds.length === 0) return accepted;
  const found = await batchGetItems(
    externalUserIds.map((id) => termsAcceptance(accountId, id)),
    z.object({ externalUserId: z.string(), termsVersion: z.number() }),
    ['externalUserId', 'termsVersion'],
  );
  for (const record of found) accepted.set(record.externalUserId, record.termsVersion);
  return accepted;
}

/** One GetItem (consistent): the newest terms version the external user accepted, if any. */
export async function findAcceptedTermsOf(accountId: string, externalUserId: string): Promise<number | undefined> {
  return (await findAcceptedTerms(accountId, [externalUserId])).get(externalUserId);
}

/** One GetItem (consistent): a checklist's version, from its small version record. */
export async function findChecklistVersion(place: AccessPlace, checklistId: string): Promise<number | undefined> {
  const found = await getItem(
    checklistVersion(place.type, place.accountId, place.itemId, checklistId),
    z.object({ version: z.number() }),
  );
  return found?.version;
}

/**
 * The facts as the sources hold them now: one BatchGetItem of the assignment, the external user,
 * the item and the user's newest terms acceptance, then (only when there is an assignment, so an
 * id the user merely names costs one read) one Query of the item's checklists. Undefined when
 * there is no assignment, user or item to copy.
 */
export async function readAccessFacts(place: AccessPlace): Promise<AccessFacts | undefined> {
  const { type, accountId, itemId, externalUserId } = place;
  const found = await batchGetItems(
    [
      assignmentKey(type, accountId, itemId, externalUserId),
      externalUser(accountId, externalUserId),
      workItem(type, accountId, itemId),
      termsAcceptance(accountId, externalUserId),
    ],
    anyRecord,
  );
  const byEntity = (entity: string) => {
    const record = found.find((r) => r.entity === entity);
    return record ? parseItem(statusFacts, record) : undefined;
  };
  const assignment = byEntity('Assignment');
  const user = byEntity('ExternalUser');
  const item = byEntity(type === 'job' ? 'Job' : 'Incident');
  const accepted = byEntity('TermsAcceptance');
  if (!assignment?.status || !user?.status || !item) return undefined;
  const checklists = await readChecklistVersions(type, accountId, itemId);
  return {
    assignmentStatus: assignment.status,
    ...userSliceOf({
      status: user.status,
      autoDisableAt: user.autoDisableAt,
      ...(user.version !== undefined ? { version: user.version } : {}),
    }),
    ...itemSliceOf(item),
    termsVersion: accepted?.termsVersion,
    checklists,
  };
}

/**
 * Makes a missing or partial access record whole from the sources (this also migrates data
 * written before the records existed): reads them, then one PutItem conditioned on the record's
 * `rev` as read (or on its absence), so a writer that came between wins and the rebuild starts
 * again (once). A complete record is left as it is, whatever it says: a restrictive fact
 * (revoked, disabled, closed) is never "repaired" towards access. Answers the record, or
 * undefined when there is no assignment, user or item to copy.
 */
export async function rebuildAccessRecord(
  place: AccessPlace,
  read: ItemAccess | undefined | 'unread',
): Promise<ItemAccess | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const current = attempt === 0 && read !== 'unread' ? read : await findAccessRecord(place);
    if (isComplete(current)) return current;
    const facts = await readAccessFacts(place);
    if (!facts) return undefined;
    const record = { ...identity(place), ...factFields(facts), rev: (current?.rev ?? 0) + 1 };
    const landed = await putIf(
      { ...keyOf(place), ...stripUndefined(record) },
      current
        ? absentOr({ expression: '#rev = :rev', names: { '#rev': 'rev' }, values: { ':rev': current.rev } })
        : itemAbsent,
    );
    if (landed) return parseItem(itemAccessSchema, stripUndefined(record));
  }
  throw new ConflictError('Your access to this item changed at the same moment; try again');
}

const stripUndefined = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

/** An item an external user is assigned to (active or not), from their assignments' index. */
export interface AssignedItem {
  type: AssignableType;
  itemId: string;
}

/**
 * The items an external user has assignments to, active or revoked (the `lists` index of their
 * assignments, ASG-3: eventually consistent): one Query per 1,000.
 */
export async function findAssignedItemsOf(accountId: string, externalUserId: string): Promise<AssignedItem[]> {
  const assignments = await queryAll(
    externalUserAssignments(accountId, externalUserId),
    z.object({ itemType: z.enum(['job', 'incident']), itemId: z.string() }),
  );
  return assignments.map((a) => ({ type: a.itemType, itemId: a.itemId }));
}

/**
 * The writes that set `fields` on each of an external user's access records, split so the first
 * part fits one transaction beside `room` other steps and the rest in transactions of 100.
 */
export function userFanOut(
  accountId: string,
  externalUserId: string,
  items: readonly AssignedItem[],
  fields: Record<string, unknown>,
  room: number,
): { first: Step[]; rest: Step[][] } {
  const steps = items.map((item) =>
    accessUpdate({ type: item.type, accountId, itemId: item.itemId, externalUserId }, fields),
  );
  const firstSize = Math.max(0, maxTransactionItems - room);
  const rest: Step[][] = [];
  for (let i = firstSize; i < steps.length; i += maxTransactionItems) {
    rest.push(steps.slice(i, i + maxTransactionItems));
  }
  return { first: steps.slice(0, firstSize), rest };
}

/** Unconditional Updates in transactions of 100, each tried up to three times (a concurrent transaction cancels one). */
export async function writeChunks(chunks: readonly Step[][]): Promise<void> {
  for (const chunk of chunks) {
    if (chunk.length === 0) continue;
    let failed = await tryTransact(chunk);
    for (let attempt = 1; failed && attempt < 3; attempt++) failed = await tryTransact(chunk);
    if (failed) throw new ConflictError('The access records changed at the same moment; try again');
  }
}
