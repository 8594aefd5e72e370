import type { Verification } from './types';

/*
 * What the browser keeps, in localStorage: the verification of a link (its ID token, until the
 * 24 hours are over) and answers not yet saved. Keys name a link by a hash of its token, never
 * the token itself.
 */

const prefix = 'fieldpass.portal';

/** A short, stable name for the link: the first 32 hex digits of SHA-256 of its token. */
export async function linkKey(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest)]
    .slice(0, 16)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

function read<T>(key: string): T | undefined {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled (private mode): the page still works, it just forgets on reload.
  }
}

/** The link's verification while it lasts; an expired one is removed and answers undefined. */
export function loadVerification(link: string, now = Date.now()): Verification | undefined {
  const stored = read<Verification>(`${prefix}.verification.${link}`);
  if (!stored) return undefined;
  if (!(Date.parse(stored.verifiedUntil) > now)) {
    forgetVerification(link);
    return undefined;
  }
  return stored;
}

export const saveVerification = (link: string, verification: Verification) =>
  write(`${prefix}.verification.${link}`, verification);

export const forgetVerification = (link: string) => localStorage.removeItem(`${prefix}.verification.${link}`);

/** An answer the server has not confirmed yet: sent again, with the same request id, until it lands. */
export interface PendingAnswer {
  checklistId: string;
  itemId: string;
  value: unknown;
  /** The answer version the edit was made on. */
  version: number;
  requestId: string;
}

const pendingKey = (itemType: string, itemId: string) => `${prefix}.pending.${itemType}.${itemId}`;

export function loadPending(itemType: string, itemId: string): Record<string, PendingAnswer> {
  return read<Record<string, PendingAnswer>>(pendingKey(itemType, itemId)) ?? {};
}

export function savePending(itemType: string, itemId: string, key: string, pending: PendingAnswer | undefined): void {
  const all = loadPending(itemType, itemId);
  if (pending) all[key] = pending;
  else delete all[key];
  if (Object.keys(all).length) write(pendingKey(itemType, itemId), all);
  else localStorage.removeItem(pendingKey(itemType, itemId));
}
