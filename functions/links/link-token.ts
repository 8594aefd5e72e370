import { createHash, randomBytes } from 'node:crypto';

/** Bytes of randomness in a link token: 256 bits, twice R7's (docs/security.md) minimum of 128. */
const tokenBytes = 32;

/** A link token as it appears in an e-mailed link: 43 base64url characters. */
export const linkTokenPattern = /^[A-Za-z0-9_-]{43}$/;

/** The SHA-256 of a token, base64url: the only form in which a token is stored (R7). */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/**
 * A new link token from the operating system's CSPRNG, and its hash. The token goes into one
 * e-mail and nowhere else: not the table, not a log line (R7, R11).
 */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(tokenBytes).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

/**
 * The link an e-mail carries: the token in the URL fragment, which browsers never send to a
 * server nor put in a Referer header (R8). `portalUrl` comes from configuration, never a request.
 */
export function linkUrl(portalUrl: string, token: string): string {
  return `${portalUrl.replace(/\/+$/, '')}/#/l/${token}`;
}
