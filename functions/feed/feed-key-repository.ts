import { feedKey, feedKeyIndexes, feedKeys } from '#shared/data/keys';
import { createItem, getItem, presentAnd, queryAll, type UpdateItem, updateIf, updateWhen } from '#shared/data/table';
import { type FeedKeyView, type StoredFeedKey, storedFeedKeySchema } from './feed-key.schema';

// The data access of feed keys (docs/data-model.md FEED-1 to FEED-3).

/** The key as the API shows it: no hash, no bookkeeping. */
export const feedKeyView = ({ entity: _e, accountId: _a, secretHash: _h, ...view }: StoredFeedKey): FeedKeyView => view;

/** FEED-2: one PutItem of a new key (never over another). */
export async function insertFeedKey(key: StoredFeedKey): Promise<void> {
  await createItem(
    { ...feedKey(key.accountId, key.id), ...feedKeyIndexes(key.accountId, key.id, key.createdAt), ...key },
    'A feed key with this id exists already',
  );
}

/** FEED-3: one GetItem (strongly consistent, so a revocation holds from the next request on). */
export function findFeedKey(accountId: string, keyId: string): Promise<StoredFeedKey | undefined> {
  return getItem(feedKey(accountId, keyId), storedFeedKeySchema);
}

/** FEED-1: the account's keys, oldest first (a handful per account: one Query, continued past 1 MB). */
export async function listAccountFeedKeys(accountId: string): Promise<StoredFeedKey[]> {
  return queryAll(feedKeys(accountId), storedFeedKeySchema);
}

/** FEED-2: one UpdateItem: revokes the key if it is still at the version read (false when it was changed meanwhile). */
export function revokeStoredFeedKey(key: StoredFeedKey, by: string, at: string): Promise<boolean> {
  const step = updateWhen(
    feedKey(key.accountId, key.id),
    { status: 'revoked', revokedBy: by, revokedAt: at },
    presentAnd({ expression: '#v = :v', names: { '#v': 'version' }, values: { ':v': key.version } }),
  ) as UpdateItem;
  return updateIf(step);
}

/**
 * FEED-3: one UpdateItem, at most once per key and hour: notes the hour the key is used in (the
 * stream consumer audits the change as `feed_key_used`). Conditional on the hour not being noted
 * yet, so two requests of the same hour note it once.
 */
export function noteFeedKeyUse(key: StoredFeedKey, hour: string): Promise<boolean> {
  const step = updateWhen(
    feedKey(key.accountId, key.id),
    { usedHour: hour },
    presentAnd({
      expression: '(attribute_not_exists(#h) OR #h < :h)',
      names: { '#h': 'usedHour' },
      values: { ':h': hour },
    }),
  ) as UpdateItem;
  return updateIf(step);
}
