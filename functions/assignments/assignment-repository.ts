import * as z from 'zod/mini';
import { type AssignableType, keys } from '#shared/data/keys';
import { getItem, queryPage, type TransactItem, updateWrite } from '#shared/data/table';
import type { ExternalUser } from '../external-users/external-user.contract';
import { type Assignment, assignmentSchema } from './assignment.contract';

const stored = z.extend(assignmentSchema, { entity: z.literal('Assignment') });
const withoutEntity = ({ entity: _entity, ...assignment }: z.infer<typeof stored>): Assignment => assignment;

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
 * reactivated (its revocation fields removed, its version counted on).
 */
export function assignWrite(ctx: AssignmentContext, user: ExternalUser): TransactItem {
  const now = ctx.now.toISOString();
  return updateWrite(keys.assignment(ctx.type, ctx.accountId, ctx.itemId, user.id), {
    set: {
      entity: 'Assignment',
      ...keys.assignmentIndexes(ctx.type, ctx.accountId, ctx.itemId, user.id),
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
    },
    initial: { createdAt: now },
    remove: ['revokedBy', 'revokedAt', 'revokedReason'],
  });
}

/** The write that revokes an active assignment, keeping who did it, when and why. */
export function revokeWrite(ctx: AssignmentContext, externalUserId: string, reason?: string): TransactItem {
  const now = ctx.now.toISOString();
  return updateWrite(keys.assignment(ctx.type, ctx.accountId, ctx.itemId, externalUserId), {
    set: {
      status: 'revoked',
      revokedBy: ctx.actorId,
      revokedAt: now,
      updatedAt: now,
      ...(reason ? { revokedReason: reason } : {}),
    },
    expect: { status: 'active' },
  });
}

/** One Query: the item's assignments (at most 20 active, with the revoked ones kept). */
export async function listItemAssignments(type: AssignableType, accountId: string, itemId: string) {
  const page = await queryPage(keys.itemAssignments(type, accountId, itemId), stored, { limit: 100 });
  return page.items.map(withoutEntity);
}

/** One Query: an external user's assignments, jobs then incidents. */
export async function listAssignmentsOf(accountId: string, externalUserId: string) {
  const page = await queryPage(keys.externalUserAssignments(accountId, externalUserId), stored, { limit: 100 });
  return page.items.map(withoutEntity);
}

/** One GetItem (consistent): the assignment of an external user to an item, or undefined. */
export async function findAssignment(
  type: AssignableType,
  accountId: string,
  itemId: string,
  externalUserId: string,
): Promise<Assignment | undefined> {
  const found = await getItem(keys.assignment(type, accountId, itemId, externalUserId), stored);
  return found && withoutEntity(found);
}
