import { type AssignableType, inAccount, segment } from './segments';
import type { PrimaryKey } from './table-definition';

/**
 * PTL-1: when an external user last opened a job or incident in the portal (its audit entry is
 * "item viewed").
 */
export const itemView = (type: AssignableType, accountId: string, itemId: string, externalUserId: string): PrimaryKey =>
  inAccount(accountId, `EXTUSER#${segment(externalUserId)}#VIEW#${type === 'job' ? 'JOB' : 'INC'}#${segment(itemId)}`);

/** PTL-2: a refused attempt of an external user to change an item (its audit entry is "change refused"). */
export const refusedChange = (accountId: string, externalUserId: string, requestId: string): PrimaryKey =>
  inAccount(accountId, `EXTUSER#${segment(externalUserId)}#REFUSED#${segment(requestId)}`);
