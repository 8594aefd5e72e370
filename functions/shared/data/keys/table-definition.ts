/**
 * The attribute whose epoch seconds expire a record (the table's time to live), apart from
 * `tableDefinition` so a function writing it does not bundle the table's whole shape.
 */
export const timeToLiveAttribute = 'expiresAt';

/** Shape of the single table: used by the CDK construct and by the local stack alike. */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute,
  streamViewType: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    /** Account-wide lists ordered by a facet (e.g. staff users by name). */
    { indexName: 'lists', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /**
     * Visibility classes: an item type's items of one class (e.g. jobs without privacy status,
     * confidential jobs) in one partition, so a list scope is one Query that reads only what it returns.
     */
    { indexName: 'visibility', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** The per-status twins of the two above: a status filter reads only the items of that status. */
    { indexName: 'listsByStatus', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    { indexName: 'visibilityByStatus', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
    /**
     * Jobs and incidents by modification time, per visibility class (the Power BI feed, FEED-4):
     * only the item record (and a deleted item's tombstone) carries its keys (not its list rows); it projects `indexProjections`'s
     * attributes only (no description), so an item write pays about 1 WRU for it (2 when its time moves).
     */
    { indexName: 'changes', partitionKey: 'gsi5pk', sortKey: 'gsi5sk' },
  ],
} as const;

/**
 * The indexes that project only some attributes (every other index projects whole items), apart
 * from `tableDefinition` so Lambda bundles leave them out (the stream consumer's feed log copies
 * `changes`'s columns into each external user's item entry, FEED-17). CloudFormation takes at most
 * 20 per index.
 */
export const indexProjections: Readonly<Partial<Record<string, readonly string[]>>> = {
  changes: [
    'id',
    'title',
    'status',
    'dueAt',
    'raisedAt',
    'severity',
    'categoryId',
    'location',
    'ownerIds',
    'ownerNames',
    'departmentId',
    'privacyStatusId',
    'customerId',
    'siteId',
    'archived',
    'externalUsers',
    'createdAt',
    'createdBy',
    'updatedAt',
    'updatedBy',
  ],
};

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];

/** The attributes of the table's primary key (`tableDefinition`'s): no update may change them. */
export const primaryKeyAttributes: readonly string[] = ['pk', 'sk'];

/** The attributes that hold a key; they never leave the data layer. */
export const keyAttributes = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
  'gsi5pk',
  'gsi5sk',
] as const;

export interface PrimaryKey {
  pk: string;
  sk: string;
}

/**
 * The partition one Query reads, and optionally a key condition on its sort key: a prefix, or an
 * inclusive range.
 */
export interface QueryTarget {
  index?: IndexName;
  partition: { name: string; value: string };
  sortKeyPrefix?: { name: string; value: string };
  sortKeyRange?: { name: string; from?: string; to?: string };
  /**
   * Only the items whose list attribute `name` holds `value`: a FilterExpression, so the Query may
   * read more than it returns. Used for one case only (see work-item-list.ts).
   */
  containing?: { name: string; value: string };
  /**
   * Only the items whose attribute `name` is `value`: a FilterExpression too, read like `containing`
   * (the activity's item type filter, see keys/audit.ts).
   */
  matching?: { name: string; value: string };
  /**
   * Only the items whose attribute `name` does not start with `value`: a FilterExpression too (the
   * staff users' search by address leaving out those its name part showed, STF-8).
   */
  notStartingWith?: { name: string; value: string };
}

/**
 * A Query target of one partition and at most a sort-key prefix, e.g. a part of an item's
 * collection: what `queryAllByPrefix` reads, with none of the other targets' conditions.
 */
export type PrefixTarget = Pick<QueryTarget, 'index' | 'partition' | 'sortKeyPrefix'> & {
  [K in Exclude<keyof QueryTarget, 'index' | 'partition' | 'sortKeyPrefix'>]?: never;
};
