import { segment } from './segments';
import type { PrimaryKey } from './table-definition';

/**
 * LNK-1, LNK-2: an e-mailed link, found by the SHA-256 of its token (never the token itself). The
 * one key without an account: a link's bearer has no account to name until the link is resolved,
 * and the hash (256 bits of a CSPRNG's token) is itself unguessable. The record names its account.
 */
export const link = (tokenHash: string): PrimaryKey => ({ pk: `LINK#${segment(tokenHash)}`, sk: 'LINK' });

/**
 * LNK-2: keys that never hold an item, read in place of a link's targets when the token is
 * unknown, so an unknown link costs the same requests as a known one (docs/security.md R10).
 */
export const absentLinkTargets = (): PrimaryKey[] =>
  ['ASSIGNMENT', 'ITEM', 'EXTUSER', 'ACCOUNT'].map((sk) => ({ pk: 'LINK#ABSENT', sk }));
