import { type Clock, systemClock } from '#shared/clock';
import type { AssignableType } from '#shared/data/keys';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { type ExternalUserRef, maxAssignees } from '../external-users/external-user.schema';
import { findExternalUserByEmail } from '../external-users/external-user-repository';
import { requireExternalUser } from '../external-users/external-user-service';
import { type AssignableKind, assignableReads } from '../work/assignable-reads';
import { actorOf, decideOn } from '../work/shared/work-item-access';
import { getWorkItem, loadForEdit, writeChange } from '../work/shared/work-item-service';
import { assigneeHooks, withoutAssignee } from './assignees';
import type { Assignment } from './assignment.contract';
import {
  assignmentsOfPage,
  findAssignedItems,
  findAssignment,
  listItemAssignments,
  requestNewLink,
} from './assignment-repository';

/**
 * The kind that adds or revokes one assignment: the item's reads with its external users'
 * resolution. Such a write changes no other field, so a job's category checks (made only when a
 * write sets the category, see `jobKind`) would never run here and are not bundled.
 */
const kindOf = (type: AssignableType) =>
  ({ ...assignableReads[type], resolve: assigneeHooks(type).resolve }) as AssignableKind<'job'>;

/**
 * The kind that only reads an item of the type (listing its assignments, a new link): without the
 * write hooks, so those functions bundle none of the item writes' modules.
 */
const readsOf = (type: AssignableType) => assignableReads[type] as typeof assignableReads.job;

/** The assignments of an item the caller may see (404 otherwise): two GetItems in parallel, then one Query. */
export async function listAssignments(type: AssignableType, caller: StaffCaller, itemId: string) {
  await getWorkItem(readsOf(type), caller, itemId);
  return { items: await listItemAssignments(type, caller.accountId, itemId) };
}

/** The assignment just written (a consistent read, so it shows the write). */
async function written(type: AssignableType, accountId: string, itemId: string, externalUserId: string) {
  const assignment = await findAssignment(type, accountId, itemId, externalUserId);
  if (!assignment) throw new Error('the assignment was not written');
  return assignment;
}

/**
 * Assigns an external user to an item the caller may edit: an existing one, or a new one made
 * inline (an existing external user with that address is reused); a revoked assignment is
 * reactivated. The item and the assignment change in one transaction, conditional on the item's
 * version as read (409 if it changed meanwhile: try again). 409 ALREADY_ASSIGNED for an active
 * assignee; 400 when the item has the most external users it may have.
 */
export async function addAssignment(
  type: AssignableType,
  caller: StaffCaller,
  itemId: string,
  ref: ExternalUserRef,
  clock?: Clock,
): Promise<Assignment> {
  const kind = kindOf(type);
  const { actor, current } = await loadForEdit(kind, caller, itemId);
  const assigned = current.externalUsers ?? [];
  const existing = 'id' in ref ? ref.id : (await findExternalUserByEmail(caller.accountId, ref.email))?.id;
  if (existing !== undefined && assigned.includes(existing)) {
    throw new ConflictError('This external user is assigned already', undefined, 'ALREADY_ASSIGNED');
  }
  if (assigned.length >= maxAssignees) {
    throw new ValidationError(`A ${type} has at most ${maxAssignees} external users`, [
      { path: 'body', code: 'too_many_external_users', message: `at most ${maxAssignees} external users` },
    ]);
  }
  // An address already looked up is passed on by id, so it is not looked up again.
  const refs: ExternalUserRef[] = [...assigned.map((id) => ({ id })), existing !== undefined ? { id: existing } : ref];
  const next = await writeChange(kind, actor, current, { externalUsers: refs }, undefined, clock);
  const added = (next.externalUsers ?? []).find((id) => !assigned.includes(id));
  if (!added) throw new Error('the assignment was not added');
  return written(type, caller.accountId, itemId, added);
}

/**
 * Removes an external user from an item the caller may edit: the assignment is revoked (kept,
 * with who, when and why) and the item's `externalUsers` loses them, in one transaction.
 * 404 when they are not assigned now.
 */
export async function revokeAssignment(
  type: AssignableType,
  caller: StaffCaller,
  itemId: string,
  externalUserId: string,
  reason: string | undefined,
  clock?: Clock,
): Promise<Assignment> {
  // The item's set without them: their revocation only (see `withoutAssignee`).
  const kind = {
    ...assignableReads[type],
    resolve: withoutAssignee(type, externalUserId),
  } as AssignableKind<'job'>;
  const { actor, current } = await loadForEdit(kind, caller, itemId);
  const assigned = current.externalUsers ?? [];
  if (!assigned.includes(externalUserId)) throw new NotFoundError(`This external user is not assigned to the ${type}`);
  const refs = assigned.filter((id) => id !== externalUserId).map((id) => ({ id }));
  await writeChange(
    kind,
    actor,
    current,
    { externalUsers: refs, ...(reason ? { revokeReason: reason } : {}) },
    undefined,
    clock,
  );
  return written(type, caller.accountId, itemId, externalUserId);
}

/**
 * Asks for a new link for an external user assigned to an item the caller may edit: the previous
 * link stops working at once, and the stream consumer e-mails the new one (`emailStatus` is
 * `pending` until then). Two GetItems in parallel, then one conditional UpdateItem; 404 when they
 * are not assigned now.
 */
export async function resendLink(
  type: AssignableType,
  caller: StaffCaller,
  itemId: string,
  externalUserId: string,
  clock: Clock = systemClock,
): Promise<Assignment> {
  const { actor, current } = await loadForEdit(readsOf(type), caller, itemId);
  const notAssigned = () => new NotFoundError(`This external user is not assigned to the ${type}`);
  if (!(current.externalUsers ?? []).includes(externalUserId)) throw notAssigned();
  const ctx = { type, accountId: caller.accountId, itemId, actorId: actor.userId, now: clock() };
  await requestNewLink(ctx, externalUserId, notAssigned);
  return written(type, caller.accountId, itemId, externalUserId);
}

/**
 * A page of an external user's assignments to the jobs and incidents the caller may see (any
 * staff user): the caller's and the external user's GetItems in parallel, then per Query of the
 * assignments one BatchGetItem of their items' access fields. Assignments to items the caller may
 * not see are left out, so nothing about them shows, and the page is filled from further Queries
 * when they were (never short while more exist); the cursor continues after its last assignment.
 */
export async function listExternalUserAssignments(
  caller: StaffCaller,
  externalUserId: string,
  query: { limit?: number | undefined; cursor?: string | undefined },
) {
  const [actor] = await Promise.all([actorOf(caller), requireExternalUser(caller.accountId, externalUserId)]);
  const page = { limit: query.limit ?? 50, ...(query.cursor ? { cursor: query.cursor } : {}) };
  return assignmentsOfPage(caller.accountId, externalUserId, page, async (assignments) => {
    const items = await findAssignedItems(caller.accountId, assignments);
    const byId = new Map(items.map((item) => [item.id, item]));
    return assignments.map((a) => {
      const item = byId.get(a.itemId);
      return item !== undefined && decideOn(actor, a.itemType, 'see', item).allowed;
    });
  });
}
