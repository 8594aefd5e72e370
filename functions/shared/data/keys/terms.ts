import { accountPartition, inAccount, segment, startingWith } from './segments';
import type { PrimaryKey, QueryTarget } from './table-definition';

/** A terms version in a sort key: six digits, so text order is number order. */
const versionNumber = (version: number) => String(version).padStart(6, '0');

/** CHK-3, TRM-1, TRM-3, PTL-1: the account's current Terms & Conditions (a copy of the newest version). */
export const currentTerms = (accountId: string): PrimaryKey => inAccount(accountId, 'TERMS');

/** TRM-1: one published version of the account's terms; never changed or removed. */
export const termsVersion = (accountId: string, version: number): PrimaryKey =>
  inAccount(accountId, `TERMS#${versionNumber(version)}`);

/** TRM-2: every published version of the account's terms, by number: one Query of the account's partition. */
export const termsVersions = (accountId: string): QueryTarget => startingWith(accountPartition(accountId), 'TERMS#');

/** CHK-3, TRM-3, PTL-1, CLP-1: the newest terms version an external user accepted (read on every portal item request). */
export const termsAcceptance = (accountId: string, externalUserId: string): PrimaryKey =>
  inAccount(accountId, `EXTUSER#${segment(externalUserId)}#TERMS`);

/** TRM-3: the record of an external user accepting one version; kept for good. */
export const termsAcceptanceOf = (accountId: string, externalUserId: string, version: number): PrimaryKey =>
  inAccount(accountId, `EXTUSER#${segment(externalUserId)}#TERMS#${versionNumber(version)}`);
