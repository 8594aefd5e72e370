import * as z from 'zod/mini';
import { type AssignableType, assignment as assignmentKey, refusedChange, tableDefinition } from '#shared/data/keys';
import { getItem, itemAbsent, putIf } from '#shared/data/table';

/** Who did something in the portal, in their account. */
interface PortalUser {
  accountId: string;
  externalUserId: string;
}

const anyRecord = z.looseObject({ entity: z.string() });

/** One GetItem: whether the external user has an assignment to the item, active or not. */
export async function hasAssignment(user: PortalUser, type: AssignableType, itemId: string): Promise<boolean> {
  return (await getItem(assignmentKey(type, user.accountId, itemId, user.externalUserId), anyRecord)) !== undefined;
}

/**
 * One PutItem: the record of an external user's refused attempt to change an item (`requestId`
 * names it), which carries the attempt to the stream consumer; DynamoDB's TTL removes it at
 * `removeAt`.
 */
export async function recordRefusedChange(
  user: PortalUser,
  requestId: string,
  attempt: { targetType: AssignableType; targetId: string; assigned: boolean; fields: string[]; at: Date },
  removeAt: Date,
): Promise<void> {
  await putIf(
    {
      ...refusedChange(user.accountId, user.externalUserId, requestId),
      entity: 'RefusedChange',
      externalUserId: user.externalUserId,
      targetType: attempt.targetType,
      targetId: attempt.targetId,
      assigned: attempt.assigned,
      fields: attempt.fields,
      at: attempt.at.toISOString(),
      [tableDefinition.timeToLiveAttribute]: Math.floor(removeAt.getTime() / 1000),
    },
    itemAbsent,
  );
}
