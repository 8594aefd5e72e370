import type { Verification } from './types';

/*
 * What the browser keeps, in localStorage: one verification per person (the ID token, until its
 * 24 hours are over), which link opens which item for whom, and answers not yet saved. Keys name a
 * link by a hash of its token, never the token itself, and a person by the token's subject.
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

/** A person's verification: the ID token and when its 24 hours end. */
export interface PersonVerification {
  idToken: string;
  verifiedUntil: string;
}

/** What the page knows of a link once opened: whose it is and the item it opens. */
interface LinkRecord {
  person: string;
  item: Verification['item'];
}

const personPrefix = `${prefix}.person.`;
const personKey = (person: string) => `${personPrefix}${person}`;
const linkRecordKey = (link: string) => `${prefix}.link.${link}`;
/** Where a verification was kept per link before it was kept per person. */
const oldLinkKey = (link: string) => `${prefix}.verification.${link}`;

/**
 * The person an ID token verifies: its subject (`sub`, else `cognito:username`), read without
 * checking the token, only to find the person's verification again; the API checks every call.
 */
export function personOf(idToken: string): string | undefined {
  const payload = idToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(
      payload
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(payload.length / 4) * 4, '='),
    );
    const claims = JSON.parse(json) as Record<string, unknown>;
    const subject = claims.sub ?? claims['cognito:username'];
    return typeof subject === 'string' && /^[\w.@+-]{1,128}$/.test(subject) ? subject : undefined;
  } catch {
    return undefined;
  }
}

/** The person's verification while it lasts; an expired one is removed and answers undefined. */
function loadPerson(person: string, now: number): PersonVerification | undefined {
  const stored = read<PersonVerification>(personKey(person));
  if (!stored) return undefined;
  if (!(Date.parse(stored.verifiedUntil) > now)) {
    localStorage.removeItem(personKey(person));
    return undefined;
  }
  return stored;
}

/** Every verification still running on this browser (usually one person's), newest first. */
export function livePersonVerifications(now = Date.now()): PersonVerification[] {
  const people: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(personPrefix)) people.push(key.slice(personPrefix.length));
  }
  return people
    .map((person) => loadPerson(person, now))
    .filter((v): v is PersonVerification => v !== undefined)
    .sort((a, b) => b.verifiedUntil.localeCompare(a.verifiedUntil));
}

/** A verification kept per link (before one per person), moved to the person's. */
function migrateOldVerification(link: string): void {
  const old = read<Verification>(oldLinkKey(link));
  if (!old) return;
  localStorage.removeItem(oldLinkKey(link));
  saveVerification(link, old);
}

/** The link's verification: the person's it belongs to, while it lasts, with the link's item. */
export function loadVerification(link: string, now = Date.now()): Verification | undefined {
  migrateOldVerification(link);
  const record = read<LinkRecord>(linkRecordKey(link));
  if (!record) return undefined;
  const person = loadPerson(record.person, now);
  return person ? { ...person, item: record.item } : undefined;
}

/** Keeps the verification as its person's, and the link as theirs, opening `verification.item`. */
export function saveVerification(link: string, verification: Verification): void {
  const person = personOf(verification.idToken);
  if (!person) return;
  write(personKey(person), { idToken: verification.idToken, verifiedUntil: verification.verifiedUntil });
  write(linkRecordKey(link), { person, item: verification.item } satisfies LinkRecord);
}

/** Forgets the verification of the person whose ID token this is (it is over: 401). */
export function forgetPerson(idToken: string): void {
  const person = personOf(idToken);
  if (person) localStorage.removeItem(personKey(person));
}

/** Forgets the verification the link was opened with (it is over: 401); the link stays the person's. */
export function forgetVerification(link: string): void {
  const record = read<LinkRecord>(linkRecordKey(link));
  if (record) localStorage.removeItem(personKey(record.person));
  localStorage.removeItem(oldLinkKey(link));
}

/** Forgets the link (its access ended); the person's verification stays for their other links. */
export function forgetLinkRecord(link: string): void {
  localStorage.removeItem(linkRecordKey(link));
  localStorage.removeItem(oldLinkKey(link));
}

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

/** A client's session (signed in with account and address, no link): whose it is and the account. */
export interface ClientSession extends PersonVerification {
  person: string;
  account: string;
  /** A staff user's read-only impersonation session (this tab only): nothing it loads is kept. */
  impersonating?: string;
}

const clientKey = `${prefix}.client`;
const cachePrefix = (person: string) => `${prefix}.cache.${person}.`;

/** Keeps a client's verification as the person's, and remembers that this browser's client is them. */
export function saveClientSession(account: string, verification: PersonVerification): ClientSession | undefined {
  const person = personOf(verification.idToken);
  if (!person) return undefined;
  const kept = { idToken: verification.idToken, verifiedUntil: verification.verifiedUntil };
  write(personKey(person), kept);
  write(clientKey, { person, account });
  return { ...kept, person, account };
}

/** The client's session while its verification lasts. */
export function loadClientSession(now = Date.now()): ClientSession | undefined {
  const client = read<{ person: string; account: string }>(clientKey);
  if (!client) return undefined;
  const person = loadPerson(client.person, now);
  return person ? { ...person, ...client } : undefined;
}

/** The account the client last signed in to, even after the verification ended (to ask for a new code). */
export const lastClientAccount = (): string | undefined => read<{ account: string }>(clientKey)?.account;

/** Forgets what the client's screens keep of this person: what they loaded (and, `signOut`, who they are). */
export function forgetClientData(person: string, signOut: boolean): void {
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(cachePrefix(person))) keys.push(key);
  }
  for (const key of keys) localStorage.removeItem(key);
  if (signOut) {
    localStorage.removeItem(personKey(person));
    localStorage.removeItem(clientKey);
  }
}

/** What a client screen last loaded from `path`, and when: shown again while offline. */
export interface Cached<T> {
  at: number;
  body: T;
}

export const loadCached = <T>(person: string, path: string): Cached<T> | undefined =>
  read<Cached<T>>(`${cachePrefix(person)}${path}`);

export function saveCached(person: string, path: string, body: unknown, at = Date.now()): void {
  write(`${cachePrefix(person)}${path}`, { at, body });
}
