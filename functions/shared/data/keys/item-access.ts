import { type AssignableType, inCollection, segment } from './segments';
import type { PrimaryKey } from './table-definition';

/**
 * ACS-1, ACS-2, ACS-3, ACS-4, PTL-1, RPT-2: one external user's access to one job or incident, in the
 * item's collection: a small copy of what every portal write and load checks (the assignment's,
 * the external user's and the item's state, each checklist's version, the terms version the user
 * accepted) and when the user last viewed the item.
 */
export const itemAccess = (
  type: AssignableType,
  accountId: string,
  itemId: string,
  externalUserId: string,
): PrimaryKey => inCollection(type, accountId, itemId, `ACCESS#${segment(externalUserId)}`);
