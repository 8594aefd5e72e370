/**
 * The single table's keys. This module is the only place in FieldPass that knows a key's format,
 * a prefix or an index name (a test fails when a key string is built anywhere else).
 *
 * Every partition key starts with the account (tenant) id, which the caller's verified token
 * supplies, so no request can name another account's items.
 */

/** Shape of the single table: used by the CDK construct and by the local stack alike. */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  streamViewType: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    /** Account-wide lists ordered by a facet (e.g. staff users by name). */
    { indexName: 'lists', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Look-ups by an alternate identifier (e.g. a staff user by e-mail). */
    { indexName: 'lookups', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];

/** The attributes that hold a key; they never leave the data layer. */
export const keyAttributes = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;

export interface PrimaryKey {
  pk: string;
  sk: string;
}

/** The partition and the sort-key prefix one Query reads. */
export interface QueryTarget {
  index?: IndexName;
  partition: { name: string; value: string };
  sortKeyPrefix?: { name: string; value: string };
}

const SAFE_ID = /^[A-Za-z0-9_.@+-]{1,128}$/;

/**
 * Refuses an identifier that could break out of its key segment ('#' or control characters).
 * Ids come from tokens and from our own generator, so a failure here is a bug, not bad input;
 * routes validate path ids with `idSchema` first and answer 400.
 */
function segment(id: string): string {
  if (!SAFE_ID.test(id)) throw new Error('unsafe identifier in a key');
  return id;
}

const account = (accountId: string) => `ACC#${segment(accountId)}`;

export const keys = {
  account: (accountId: string): PrimaryKey => ({ pk: account(accountId), sk: 'ACCOUNT' }),

  staffUser: (accountId: string, userId: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `USER#${segment(userId)}`,
  }),

  /** Guard item that keeps a staff user's e-mail unique within the account. */
  staffUserEmail: (accountId: string, email: string): PrimaryKey => ({
    pk: account(accountId),
    sk: `USEREMAIL#${email.toLowerCase()}`,
  }),

  /** Index attributes a staff user item carries: listed by name in its account. */
  staffUserIndexes: (accountId: string, userId: string, sortName: string) => ({
    gsi1pk: `${account(accountId)}#USERS`,
    gsi1sk: `${sortName.toLowerCase()}#${segment(userId)}`,
  }),

  /** Staff users of an account, ordered by name: one Query on `lists`. */
  staffUsersByName: (accountId: string): QueryTarget => ({
    index: 'lists',
    partition: { name: 'gsi1pk', value: `${account(accountId)}#USERS` },
  }),
} as const;
