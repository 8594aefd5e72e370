import { inAccount, segment } from './segments';
import type { PrimaryKey } from './table-definition';

/** PTL-2: a refused attempt of an external user to change an item (its audit entry is "change refused"). */
export const refusedChange = (accountId: string, externalUserId: string, requestId: string): PrimaryKey =>
  inAccount(accountId, `EXTUSER#${segment(externalUserId)}#REFUSED#${segment(requestId)}`);
