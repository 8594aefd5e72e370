import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { systemClock } from '#shared/clock';
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { isAdminRole } from '../staff/permissions/roles';
import { readMe } from '../staff/staff-service';
import type { CreateFeedKeyBody } from './feed-key.contract';
import type { FeedKeyView, StoredFeedKey } from './feed-key.schema';
import {
  feedKeyView,
  findFeedKey,
  insertFeedKey,
  listAccountFeedKeys,
  revokeStoredFeedKey,
} from './feed-key-repository';

/** The start of every feed key: `fpk_<account id, hex>_<key id>_<secret>`. */
export const feedKeyPrefix = 'fpk_';

/** SHA-256 of a key's secret, hex: the secret is 256 random bits, so a fast hash is enough (no guessing). */
export const secretHashOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

async function asAdmin(caller: StaffCaller) {
  const me = await readMe(caller);
  if (!isAdminRole(me.role)) throw new ForbiddenError('Feed keys need an admin role', 'FEED_KEYS_DENIED');
  return me;
}

/**
 * A new key of the caller's account (admins only: 403 FEED_KEYS_DENIED): 256 random bits, answered
 * once as `fpk_<id>_<secret>`; only the secret's SHA-256 is stored. The key acts as its maker.
 */
export async function createFeedKey(
  caller: StaffCaller,
  body: CreateFeedKeyBody,
  clock = systemClock,
): Promise<FeedKeyView & { key: string }> {
  const me = await asAdmin(caller);
  if (body.validUntil !== undefined && Date.parse(body.validUntil) <= clock().getTime()) {
    throw new ValidationError('validUntil must be in the future', [
      { path: 'body.validUntil', code: 'in_the_past', message: 'must be in the future' },
    ]);
  }
  const id = randomUUID();
  const secret = randomBytes(32).toString('hex');
  const now = clock().toISOString();
  const stored: StoredFeedKey = {
    entity: 'FeedKey',
    accountId: caller.accountId,
    id,
    name: body.name,
    status: 'active',
    createdBy: me.id,
    createdAt: now,
    ...(body.validUntil !== undefined ? { validUntil: new Date(body.validUntil).toISOString() } : {}),
    secretHash: secretHashOf(secret),
    version: 1,
  };
  await insertFeedKey(stored);
  return {
    ...feedKeyView(stored),
    key: `${feedKeyPrefix}${Buffer.from(caller.accountId, 'utf8').toString('hex')}_${id}_${secret}`,
  };
}

/** The account's feed keys without their secrets (admins only). */
export async function listFeedKeys(caller: StaffCaller): Promise<{ items: FeedKeyView[] }> {
  await asAdmin(caller);
  return { items: (await listAccountFeedKeys(caller.accountId)).map(feedKeyView) };
}

/** Revokes a key of the account (admins only; 404 for another account's or an unknown id). */
export async function revokeFeedKey(caller: StaffCaller, keyId: string, clock = systemClock): Promise<FeedKeyView> {
  const me = await asAdmin(caller);
  const key = await findFeedKey(caller.accountId, keyId);
  if (!key) throw new NotFoundError('No such feed key');
  if (key.status === 'revoked') return feedKeyView(key);
  const at = clock().toISOString();
  if (!(await revokeStoredFeedKey(key, me.id, at))) {
    throw new ConflictError('The feed key was being changed at the same moment; try again');
  }
  return feedKeyView({ ...key, status: 'revoked', revokedBy: me.id, revokedAt: at, version: key.version + 1 });
}

/** A key as sent, split into its account, id and secret; undefined when it is not one of ours. */
export function parseFeedKey(text: string): { accountId: string; id: string; secret: string } | undefined {
  const match =
    /^fpk_((?:[0-9a-f]{2}){1,128})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([0-9a-f]{64})$/.exec(
      text,
    );
  if (!match) return undefined;
  const accountId = Buffer.from(match[1] as string, 'hex').toString('utf8');
  // Only an id a key segment takes (the account's own ids are such); anything else is not a key.
  if (!/^[A-Za-z0-9_.@+-]{1,128}$/.test(accountId)) return undefined;
  return { accountId, id: match[2] as string, secret: match[3] as string };
}

const refused = () => new UnauthorizedError('A valid feed key is required', 'FEED_KEY_INVALID');

/**
 * The key's record when `text` is a live key of any account: known, its secret's hash equal in
 * constant time, not revoked, not expired. Every refusal is the same 401, which never repeats the key.
 */
export async function liveFeedKey(text: string, now: Date): Promise<StoredFeedKey> {
  const parsed = parseFeedKey(text);
  if (!parsed) throw refused();
  const key = await findFeedKey(parsed.accountId, parsed.id);
  const presented = Buffer.from(secretHashOf(parsed.secret), 'hex');
  const stored = Buffer.from(key?.secretHash ?? '00'.repeat(32), 'hex');
  const equal = stored.length === presented.length && timingSafeEqual(stored, presented);
  if (!key || !equal || key.status !== 'active') throw refused();
  if (key.validUntil !== undefined && Date.parse(key.validUntil) <= now.getTime()) throw refused();
  return key;
}
