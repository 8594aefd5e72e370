import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import type { AssignableType } from '#shared/data/keys';
import type { Step } from '#shared/data/types';
import { ConflictError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import type { AccountReferences } from '../../accounts/account-repository';
import type { ExternalUserRef } from '../../external-users/external-user.schema';
import type { RightsOf } from '../../staff/permissions/effective-permissions';
import { visibilityScopesFor } from '../../staff/permissions/visibility-scopes';
import {
  type Actor,
  actorWith,
  assertReferences,
  changedReferences,
  decideCreateOn,
  decideOn,
  enforce,
  enforceEditAfter,
  type FieldIssue,
} from './work-item-access';
import { listRequestOf, referencePage, searchOf, workListPage } from './work-item-list';
import {
  type DeleteGuard,
  insertWorkItem,
  queryWorkItemPartition,
  type Refusal,
  removeWorkItem,
  replaceWorkItem,
  type StoredWorkItem,
  type WorkItemDefinition,
  type WorkItemStore,
  workItemSummaryOf,
} from './work-item-store';

/** The bookkeeping fields the service sets. */
export interface Bookkeeping {
  id: string;
  archived: boolean;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** A work item type as its service needs it: stored how, listed by which query fields. */
export interface WorkItemKind<T extends StoredWorkItem & Bookkeeping, S> extends WorkItemDefinition<T, S> {
  store: WorkItemStore<T, S>;
  /**
   * The rights of the type's module (e.g. `jobsModuleRights`), which every decision on its items
   * reads: a function of one type resolves its own module's permissions, not every module's.
   */
  rights: RightsOf;
  /** Date-time fields, stored normalised to ISO-8601 UTC so text order is time order. */
  dateFields: readonly (keyof T & string)[];
  /** Names of the list's date range query fields (for error messages). */
  rangeFields: { from: string; to: string };
  /**
   * Steps the delete's own transaction adds: conditions the item's contents must meet (a project
   * must have no tasks left) and writes that close what refers to it (assignments are revoked).
   */
  deleteGuard?: (accountId: string, item: T, by: { actorId: string; now: Date }) => DeleteGuard;
  /**
   * Completes and checks what a write takes from other items, after the permission check, and
   * gives the writes that go in the item's transaction (a job's category: it must exist and be
   * current, and a new job without owners takes its default owners; the external users assigned:
   * see `resolveAssignees`). 400 naming the field otherwise.
   */
  resolve?: <F extends Omit<T, keyof Bookkeeping>>(
    write: ItemWrite<T>,
    fields: F,
  ) => Promise<{ fields: F; writes: Step[] }>;
  /**
   * Jobs, incidents and logs as they are created, changed and deleted: the customer and site they
   * name (see `customerSiteHooks`). A write that names them, or a delete of an item that does,
   * through a kind without them is a bug (it would leave the counts wrong), refused as one.
   */
  customerSite?: CustomerSiteHooks;
}

/** The customer and site an item names, and the master site of the site's tree. */
export interface CustomerSite {
  customerId?: string | undefined;
  siteId?: string | undefined;
  siteTreeId?: string | undefined;
}

/** What a write asks of them: an id to name, null to stop naming one, undefined to keep it. */
export interface CustomerSiteRequest {
  customerId?: string | null | undefined;
  siteId?: string | null | undefined;
}

/** The customer and site of an item's writes; filled in by work/shared/customer-site.ts. */
export interface CustomerSiteHooks {
  /** What the item names after the write, and what is wrong with it (a kind that only deletes has none). */
  place?(
    accountId: string,
    current: CustomerSite | undefined,
    request: CustomerSiteRequest,
  ): Promise<{ placed: CustomerSite; issues: FieldIssue[] }>;
  /** The steps that keep the counts of what the item names, in its own transaction. */
  steps(accountId: string, before?: CustomerSite, after?: CustomerSite): Step[];
  /** What a failure of those steps answers. */
  refusal: Refusal;
}

/**
 * The kind's customer and site hooks, for a write or delete that `involves` a customer or site
 * (none otherwise); through a kind without them, a bug that would leave the counts wrong.
 */
function hooksFor(kind: { customerSite?: CustomerSiteHooks }, involves: boolean): CustomerSiteHooks | undefined {
  if (involves && !kind.customerSite) throw new Error('no customer and site hooks');
  return involves ? kind.customerSite : undefined;
}

/** What a write is about, for `WorkItemKind.resolve`. */
export interface ItemWrite<T> {
  accountId: string;
  itemId: string;
  actorId: string;
  now: Date;
  /** The stored item, on a change. */
  current?: T;
  /** The whole new set of assigned external users, when the write gives one. */
  externalUsers?: readonly ExternalUserRef[];
  /** Why assignees the write removes lose their assignment. */
  revokeReason?: string;
  /** `externalUsers` are defaults (a job category's): those who cannot be assigned are left out. */
  defaults?: boolean;
}

/**
 * The hook through which the external users of a job or an incident join its writes: filled in by
 * the assignments capability (`assigneeHooks`), which sits above work, so work never imports it.
 * `resolve` turns a write's `externalUsers` into the stored ids and the assignment writes of the
 * item's transaction. (A delete revokes the item's assignments through the `deleteGuard` its
 * route names, `revokeAllOnDelete`: the writes that create and change items do not carry it.)
 */
export interface AssigneeHooks {
  resolve<F extends { externalUsers?: string[] }>(
    write: ItemWrite<{ externalUsers?: string[] }>,
    fields: F,
  ): Promise<{ fields: F; writes: Step[] }>;
}

/**
 * Whether items of `type` keep their owners' names (jobs and incidents, which external users see:
 * the portal shows the names without reading the staff users).
 */
const isAssignable = (type: string): type is AssignableType => type === 'job' || type === 'incident';

/** Account-dependent validation of a write (e.g. severity against the account's scale), or none. */
export type AccountCheck = ((account: AccountReferences | undefined) => FieldIssue[]) | undefined;

const normalised = <T>(kind: { dateFields: readonly string[] }, fields: T): T => {
  const out = { ...fields } as Record<string, unknown>;
  for (const field of kind.dateFields) {
    if (typeof out[field] === 'string') out[field] = new Date(out[field] as string).toISOString();
  }
  return out as T;
};

/**
 * Creates an item: the caller needs the module's create right (403 MODULE_ACCESS_REQUIRED,
 * CREATE_DENIED or CONFIDENTIAL_DENIED otherwise); owners, department, privacy status, customer
 * and site (`placeOnCustomerSite`) and `checkAccount` must pass (400). Requests: the caller's
 * GetItem, then the owners' BatchGetItem, the account's GetItem and the customer's and site's
 * BatchGetItem in parallel (the latter two only when needed), then one TransactWriteItems.
 * `id` is new unless given (an import's rows have ids derived from the import, so a retried row
 * meets its item's create-if-absent condition: 409 "This <type> id exists already").
 */
export async function createWorkItem<T extends StoredWorkItem & Bookkeeping, S>(
  kind: WorkItemKind<T, S>,
  caller: StaffCaller,
  fields: Omit<T, keyof Bookkeeping>,
  checkAccount: AccountCheck,
  clock: Clock = systemClock,
  externalUsers?: readonly ExternalUserRef[],
  id: string = randomUUID(),
): Promise<T> {
  const actor = await actorWith(caller, kind.rights);
  enforce(decideCreateOn(actor, kind.type, fields), kind.label);
  const when = clock();
  let writes: Step[] = [];
  if (kind.resolve) {
    const write = { accountId: actor.accountId, itemId: id, actorId: actor.userId, now: when };
    ({ fields, writes } = await kind.resolve({ ...write, ...(externalUsers ? { externalUsers } : {}) }, fields));
  }
  const hooks = hooksFor(kind, 'customerId' in fields || 'siteId' in fields);
  const place = hooks?.place?.(actor.accountId, undefined, fields);
  const { ownerNames } = await assertReferences(
    actor.accountId,
    {
      ownerIds: fields.ownerIds,
      ...(fields.departmentId !== undefined ? { departmentId: fields.departmentId } : {}),
      ...(fields.privacyStatusId !== undefined ? { privacyStatusId: fields.privacyStatusId } : {}),
    },
    checkAccount,
    place?.then((placement) => placement.issues),
  );
  const placement = await place;
  if (placement) fields = { ...fields, ...placement.placed };
  const now = when.toISOString();
  const item = {
    id,
    ...normalised(kind, fields),
    ...(ownerNames && isAssignable(kind.type) ? { ownerNames } : {}),
    archived: false,
    version: 1,
    createdBy: actor.userId,
    createdAt: now,
    updatedBy: actor.userId,
    updatedAt: now,
  } as T;
  const counts = hooks?.steps(actor.accountId, undefined, item) ?? [];
  await insertWorkItem(kind, actor.accountId, item, [...writes, ...counts], hooks?.refusal);
  return item;
}

/** An item the caller may see (404 otherwise, whether or not it exists). Two GetItems in parallel. */
export async function getWorkItem<T extends StoredWorkItem & Bookkeeping, S>(
  kind: WorkItemKind<T, S>,
  caller: StaffCaller,
  id: string,
): Promise<T> {
  const [actor, item] = await Promise.all([actorWith(caller, kind.rights), kind.store.require(caller.accountId, id)]);
  enforce(decideOn(actor, kind.type, 'see', item), kind.label);
  return item;
}

/** Applies a PATCH body: undefined keeps a field, null removes an optional one. */
function applyChanges<T extends StoredWorkItem & Bookkeeping>(
  kind: { dateFields: readonly string[] },
  item: T,
  body: Record<string, unknown>,
): T {
  const { version: _version, ...fields } = body;
  const next = { ...item } as Record<string, unknown>;
  for (const [field, value] of Object.entries(normalised(kind, fields))) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next as T;
}

/**
 * Changes an item if `body.version` is current (409 with the current item otherwise). The caller
 * must see it (404) and edit it before and after the change (403); changing status needs the
 * status right; an archived item cannot change (409 <TYPE>_ARCHIVED). Requests: the caller's and
 * the item's GetItems in parallel, the owners' BatchGetItem and the account's GetItem when the
 * body introduces owners, a department, a privacy status or `checkAccount` is given, then one
 * TransactWriteItems.
 */
export async function updateWorkItem<T extends StoredWorkItem & Bookkeeping, S>(
  kind: WorkItemKind<T, S>,
  caller: StaffCaller,
  id: string,
  body: ItemChanges,
  checkAccount: (current: T) => AccountCheck,
  clock: Clock = systemClock,
): Promise<T> {
  const { actor, current } = await loadForEdit(kind, caller, id);
  // Permission first: a refused change answers 403 whatever version it names.
  authoriseChange(kind, actor, current, body);
  if (body.version !== current.version) {
    throw new ConflictError('This was changed by someone else; reload and try again', { current });
  }
  return writeChange(kind, actor, current, body, checkAccount(current), clock);
}

/** The fields a change may give (besides the type's own), and the version it was read at. */
export interface ItemChanges {
  version: number;
  status?: string;
  ownerIds?: string[];
  departmentId?: string | null;
  privacyStatusId?: string | null;
  externalUsers?: readonly ExternalUserRef[];
  /** Jobs, incidents and logs: the customer and site (see `placeOnCustomerSite`). */
  customerId?: string | null;
  siteId?: string | null;
}

/**
 * The caller and an item they may edit that is not archived: two GetItems in parallel; 404 when
 * hidden, 403 without edit access, 409 <TYPE>_ARCHIVED.
 */
export async function loadForEdit<T extends StoredWorkItem & Bookkeeping, S>(
  kind: WorkItemKind<T, S>,
  caller: StaffCaller,
  id: string,
): Promise<{ actor: Actor; current: T }> {
  const [actor, current] = await Promise.all([
    actorWith(caller, kind.rights),
    kind.store.require(caller.accountId, id),
  ]);
  enforce(decideOn(actor, kind.type, 'edit', current), kind.label);
  if (current.archived) {
    throw new ConflictError(
      `An archived ${kind.label} cannot be changed`,
      undefined,
      `${kind.label.toUpperCase().replaceAll(' ', '_')}_ARCHIVED`,
    );
  }
  return { actor, current };
}

/**
 * The item as the change would leave it, if the actor may make the change: the status right for a
 * new status, and edit access to the result (403 otherwise). Makes no request.
 */
function authoriseChange<T extends StoredWorkItem & Bookkeeping, S>(
  kind: WorkItemKind<T, S>,
  actor: Actor,
  current: T,
  body: Omit<ItemChanges, 'version'> & { version?: number; revokeReason?: string },
): T {
  if (body.status !== undefined && body.status !== current.status) {
    enforce(decideOn(actor, kind.type, 'changeStatus', current), kind.label);
  }
  const { externalUsers: _assignees, revokeReason: _reason, version: _version, ...fields } = body;
  const changed = applyChanges(kind, current, fields);
  enforceEditAfter(actor, kind.type, kind.label, changed);
  return changed;
}

/**
 * Writes a change of an item the actor may edit, read at `current` (409 if it changed since): the
 * status right for a new status, edit access to the result, references and `resolve`, then one
 * TransactWriteItems with the item, its rows and whatever `resolve` adds.
 */
export async function writeChange<T extends StoredWorkItem & Bookkeeping, S>(
  kind: WorkItemKind<T, S>,
  actor: Actor,
  current: T,
  body: Omit<ItemChanges, 'version'> & { revokeReason?: string },
  accountCheck: AccountCheck,
  clock: Clock = systemClock,
): Promise<T> {
  let changed = authoriseChange(kind, actor, current, body);
  const { externalUsers, revokeReason, ...fields } = body;
  const now = clock();
  let writes: Step[] = [];
  if (kind.resolve) {
    const write = { accountId: actor.accountId, itemId: current.id, actorId: actor.userId, now, current };
    ({ fields: changed, writes } = await kind.resolve(
      { ...write, ...(externalUsers ? { externalUsers } : {}), ...(revokeReason ? { revokeReason } : {}) },
      changed,
    ));
  }
  const refs = changedReferences(current, fields);
  const hooks = hooksFor(kind, 'customerId' in fields || 'siteId' in fields);
  const place = hooks?.place?.(actor.accountId, current, fields);
  const { ownerNames } =
    Object.keys(refs).length > 0 || accountCheck || place
      ? await assertReferences(
          actor.accountId,
          refs,
          accountCheck,
          place?.then((placement) => placement.issues),
        )
      : {};
  if (ownerNames && isAssignable(kind.type)) changed = { ...changed, ownerNames };
  const placement = await place;
  if (placement) changed = { ...changed, ...placement.placed };
  const next = { ...changed, version: current.version + 1, updatedBy: actor.userId, updatedAt: now.toISOString() };
  const counts = hooks?.steps(actor.accountId, current, next) ?? [];
  await replaceWorkItem(kind, actor.accountId, current, next, [...writes, ...counts], hooks?.refusal);
  return next;
}

/**
 * Archives an item (Control Admin or admin roles): it moves to the archived lists; with
 * `archived` false, restores it to the current ones (the same access). Idempotent.
 */
export async function archiveWorkItem<T extends StoredWorkItem & Bookkeeping, S>(
  kind: WorkItemKind<T, S>,
  caller: StaffCaller,
  id: string,
  clock: Clock = systemClock,
  archived = true,
): Promise<T> {
  const [actor, current] = await Promise.all([
    actorWith(caller, kind.rights),
    kind.store.require(caller.accountId, id),
  ]);
  enforce(decideOn(actor, kind.type, 'archive', current), kind.label);
  if (current.archived === archived) return current;
  const next = {
    ...current,
    archived,
    version: current.version + 1,
    updatedBy: actor.userId,
    updatedAt: clock().toISOString(),
  };
  await replaceWorkItem(kind, actor.accountId, current, next);
  return next;
}

/** Deletes an item and its list rows (Control Admin or admin roles) in one transaction. */
export async function deleteWorkItem<T extends StoredWorkItem & Bookkeeping, S>(
  kind: WorkItemKind<T, S>,
  caller: StaffCaller,
  id: string,
): Promise<void> {
  const [actor, current] = await Promise.all([
    actorWith(caller, kind.rights),
    kind.store.require(caller.accountId, id),
  ]);
  enforce(decideOn(actor, kind.type, 'delete', current), kind.label);
  const by = { actorId: actor.userId, now: systemClock() };
  const guard = kind.deleteGuard?.(actor.accountId, current, by);
  // The customer it named is named by one item fewer (their counts cannot fail: what is named stays).
  const counts = hooksFor(kind, current.customerId !== undefined)?.steps(actor.accountId, current) ?? [];
  await removeWorkItem(
    kind,
    actor.accountId,
    current,
    by,
    counts.length > 0
      ? {
          writes: [...(guard?.writes ?? []), ...counts],
          refused: guard?.refused ?? (() => new ConflictError('Try again')),
        }
      : guard,
  );
}

/**
 * One page of the items the caller may see, for the route's list query (its date range fields
 * are the kind's `rangeFields`): the caller's GetItem, then one Query on the partition of the
 * visibility scope the cursor is in (none when the caller may see nothing).
 */
export async function listWorkItems<T extends StoredWorkItem & Bookkeeping, S>(
  kind: WorkItemKind<T, S>,
  caller: StaffCaller,
  query: object,
): Promise<{ items: S[]; cursor?: string }> {
  const request = listRequestOf(query, kind.rangeFields);
  const search = searchOf(request);
  if (search?.kind === 'reference') {
    // WRK-9: the item by its reference, then the list's own rules decide whether it shows.
    const [actor, item] = await Promise.all([
      actorWith(caller, kind.rights),
      kind.store.find(caller.accountId, search.id),
    ]);
    const seen = item && decideOn(actor, kind.type, 'see', item).allowed ? item : undefined;
    return referencePage(
      { scopes: visibilityScopesFor(actor.effective, actor.userId, kind.type), rangeFields: kind.rangeFields },
      request,
      seen ? { item: { ...seen, sortAt: kind.sortAt(seen) }, row: workItemSummaryOf(kind, seen) } : undefined,
    );
  }
  const actor = await actorWith(caller, kind.rights);
  return workListPage(kind.type, actor, request, kind.rangeFields, (target, page, rowSearch) =>
    queryWorkItemPartition(kind, target, page, rowSearch),
  );
}
