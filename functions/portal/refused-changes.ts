import { randomUUID } from 'node:crypto';
import type { AssignableType } from '#shared/data/keys';
import { ForbiddenError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import { countMetric } from '#shared/metrics';
import { hasAssignment, recordRefusedChange } from './portal-repository';

const RECORD_SECONDS = 30 * 86_400;

/**
 * Refuses an external user's attempt to change an item (a crafted PATCH: the portal has no way to
 * change one) with 403 ITEM_CHANGE_REFUSED, after recording it for the audit trail: who, which
 * item, which fields, and whether they were assigned to it (one GetItem, then one PutItem). The record carries the attempt to the stream consumer and then expires.
 */
export async function refuseItemChange(
  caller: PortalCaller,
  type: AssignableType,
  itemId: string,
  body: Record<string, unknown>,
  now = new Date(),
): Promise<never> {
  const requestId = randomUUID();
  // Whether the item is one they were given (an assignment, active or not): then the attempt
  // belongs on its trail too; an id they merely named never reaches another item's trail.
  const assigned = await hasAssignment(caller, type, itemId);
  await recordRefusedChange(
    caller,
    requestId,
    {
      targetType: type,
      targetId: itemId,
      assigned,
      fields: Object.keys(body)
        .slice(0, 20)
        .map((name) => name.slice(0, 100)),
      at: now,
    },
    new Date(now.getTime() + RECORD_SECONDS * 1000),
  );
  countMetric('ItemChangeRefused');
  throw new ForbiddenError('External users cannot change a job or an incident', 'ITEM_CHANGE_REFUSED');
}
