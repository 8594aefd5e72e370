import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { type AssignableType, keys, portalKeys, tableDefinition } from '#shared/data/keys';
import { getItem, putIf } from '#shared/data/table';
import { ForbiddenError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import { countMetric } from '#shared/metrics';

const RECORD_SECONDS = 30 * 86_400;
const anyRecord = z.looseObject({ entity: z.string() });

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
  const assigned = await getItem(keys.assignment(type, caller.accountId, itemId, caller.externalUserId), anyRecord);
  await putIf(
    {
      ...portalKeys.refusedChange(caller.accountId, caller.externalUserId, requestId),
      entity: 'RefusedChange',
      externalUserId: caller.externalUserId,
      targetType: type,
      targetId: itemId,
      assigned: assigned !== undefined,
      fields: Object.keys(body)
        .slice(0, 20)
        .map((name) => name.slice(0, 100)),
      at: now.toISOString(),
      [tableDefinition.timeToLiveAttribute]: Math.floor(now.getTime() / 1000) + RECORD_SECONDS,
    },
    { expression: 'attribute_not_exists(pk)', names: {} },
  );
  countMetric('ItemChangeRefused');
  throw new ForbiddenError('External users cannot change a job or an incident', 'ITEM_CHANGE_REFUSED');
}
