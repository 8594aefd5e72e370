import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import {
  type AssignableType,
  assignmentIndexes,
  assignment as assignmentKey,
  externalUserAssignments,
  itemAssignments,
  workItem,
} from '#shared/data/keys';
import {
  batchGetItems,
  getItem,
  type Page,
  presentAnd,
  queryKept,
  queryPage,
  type Step,
  updateFields,
  updateOne,
} from '#shared/data/table';
import { lazySchema } from '#shared/lazy-schema';
import type { ExternalUser } from '../external-users/external-user.schema';
import { type Assignment, assignmentSchema } from './assignment.schema';

/**
 * The stored record: the API's fields, plus the link bookkeeping that never leaves the data layer:
 * the id of the current link request (new on each activation and resend), the hash of the link
 * made for it, and the request whose e-mail was sent (so a replayed stream record sends nothing).
 */
const stored = /* @__PURE__ */ lazySchema(() =>
  z.extend(assignmentSchema, {
    entity: z.literal('Assignment'),
    linkRequestId: z.optional(z.string()),
    linkHash: z.optional(z.string()),
    sentLinkRequestId: z.optional(z.string()),
  }),
);

/** The record as the API shows it: no link bookkeeping. */
const withoutEntity = ({
  entity: _entity,
  linkRequestId: _request,
  linkHash: _hash,
  sentLinkRequestId: _sent,
  ...assignment
}: z.infer<typeof stored>): Assignment => assignment;

/** The fields that say where a link's e-mail is; each new link request starts them afresh. */
const deliveryFields = ['linkHash', 'linkIssuedAt', 'emailSentAt', 'emailFailedAt', 'emailError'] as const;

/** `fields` removed from the record (`updateFields` removes a field set to `undefined`). */
const removed = (fields: readonly string[]) => Object.fromEntries(fields.map((field) => [field, undefined]));

/** The assignment exists and is active. */
const isActive = /* @__PURE__ */ presentAnd({
  expression: '#status = :active',
  names: { '#status': 'status' },
  values: { ':active': 'active' },
});

/** A new link request: a fresh id for the stream consumer to act on, its e-mail pending, no link yet. */
const linkRequest = (actorId: string, now: string) => ({
  linkRequestId: randomUUID(),
  linkRequestedBy: actorId,
  linkRequestedAt: now,
  emailStatus: 'pending',
});

/** An assignment change: who did it and when. */
export interface AssignmentContext {
  type: AssignableType;
  accountId: string;
  itemId: string;
  actorId: string;
  now: Date;
}

/**
 * The write that makes `user`'s assignment to the item active: a new record, or the revoked one
 * reactivated (its revocation fields removed, its version counted on), with a new link request:
 * the stream consumer e-mails a fresh link, and whatever link the record had stops working.
 */
export function assignWrite(ctx: AssignmentContext, user: ExternalUser): Step {
  const now = ctx.now.toISOString();
  const write = updateFields(assignmentKey(ctx.type, ctx.accountId, ctx.itemId, user.id), {
    set: {
      entity: 'Assignment',
      ...assignmentIndexes(ctx.type, ctx.accountId, ctx.itemId, user.id),
      itemType: ctx.type,
      itemId: ctx.itemId,
      externalUserId: user.id,
      givenName: user.givenName,
      familyName: user.familyName,
      email: user.email,
      status: 'active',
      assignedBy: ctx.actorId,
      assignedAt: now,
      updatedAt: now,
      ...linkRequest(ctx.actorId, now),
      createdAt: now,
      ...removed(['revokedBy', 'revokedAt', 'revokedReason', ...deliveryFields]),
    },
    ifAbsent: ['createdAt'],
    add: { version: 1 },
  });
  return { name: 'assignment', write };
}

/**
 * One conditional UpdateItem that asks for a new link for an active assignment: the previous link
 * stops working at once (its hash leaves the record), and the stream consumer e-mails a new one.
 * Throws what `notActive` makes unless the assignment is active.
 */
export async function requestNewLink(
  ctx: AssignmentContext,
  externalUserId: string,
  notActive: () => Error,
): Promise<void> {
  const now = ctx.now.toISOString();
  const write = updateFields(assignmentKey(ctx.type, ctx.accountId, ctx.itemId, externalUserId), {
    set: { updatedAt: now, ...linkRequest(ctx.actorId, now), ...removed(deliveryFields) },
    add: { version: 1 },
    condition: isActive,
  });
  await updateOne(write, notActive);
}

/** The write that revokes an active assignment, keeping who did it, when and why. */
export function revokeWrite(ctx: AssignmentContext, externalUserId: string, reason?: string): Step {
  const now = ctx.now.toISOString();
  const write = updateFields(assignmentKey(ctx.type, ctx.accountId, ctx.itemId, externalUserId), {
    set: {
      status: 'revoked',
      revokedBy: ctx.actorId,
      revokedAt: now,
      updatedAt: now,
      ...(reason ? { revokedReason: reason } : {}),
      // The link is dead with the assignment; a later re-add makes a new one.
      linkHash: undefined,
    },
    add: { version: 1 },
    condition: isActive,
  });
  return { name: 'assignment', write };
}

/** One Query: the item's assignments (at most 20 active, with the revoked ones kept). */
export async function listItemAssignments(type: AssignableType, accountId: string, itemId: string) {
  const page = await queryPage(itemAssignments(type, accountId, itemId), stored, { limit: 100 });
  return page.items.map(withoutEntity);
}

/**
 * A page of an external user's assignments, jobs then incidents, of those `keep` keeps: one Query
 * of `limit`, and another from where it stopped while the page is not full and more exist.
 */
export async function assignmentsOfPage(
  accountId: string,
  externalUserId: string,
  page: { limit: number; cursor?: string },
  keep: (assignments: Assignment[]) => Promise<boolean[]>,
): Promise<Page<Assignment>> {
  const found = await queryKept(externalUserAssignments(accountId, externalUserId), stored, page, (items) =>
    keep(items.map(withoutEntity)),
  );
  return { items: found.items.map(withoutEntity), ...(found.cursor ? { cursor: found.cursor } : {}) };
}

/** One GetItem (consistent): the assignment of an external user to an item, or undefined. */
export async function findAssignment(
  type: AssignableType,
  accountId: string,
  itemId: string,
  externalUserId: string,
): Promise<Assignment | undefined> {
  const found = await getItem(assignmentKey(type, accountId, itemId, externalUserId), stored);
  return found && withoutEntity(found);
}

const governed = /* @__PURE__ */ lazySchema(() =>
  z.object({
    id: z.string(),
    ownerIds: z.array(z.string()),
    departmentId: z.optional(z.string()),
    privacyStatusId: z.optional(z.string()),
  }),
);

/** One BatchGetItem: the fields that decide who may see the assignments' items, of those found. */
export function findAssignedItems(accountId: string, assignments: readonly Assignment[]) {
  return batchGetItems(
    assignments.map((a) => workItem(a.itemType, accountId, a.itemId)),
    governed,
    ['id', 'ownerIds', 'departmentId', 'privacyStatusId'],
  );
}
