import type { OwnerPairFilter, RowFilter } from '#shared/data/keys';

/**
 * The list rows an item has besides itself, one per filter a list may ask for: each owner, its
 * department, each owner within its department, each assigned external user, and its customer,
 * its site and its site's tree (the master site: the site's parent, or the site itself). A row
 * carries the list columns, so a list page needs no follow-up reads.
 */
export function rowFilters(item: {
  ownerIds: readonly string[];
  departmentId?: string | undefined;
  externalUsers?: readonly string[] | undefined;
  customerId?: string | undefined;
  siteId?: string | undefined;
  siteTreeId?: string | undefined;
}): RowFilter[] {
  const { departmentId } = item;
  return [
    ...item.ownerIds.map((ownerId) => ({ ownerId })),
    ...(departmentId !== undefined ? [{ departmentId }] : []),
    ...(departmentId !== undefined ? item.ownerIds.map((ownerId) => ({ ownerId, departmentId })) : []),
    ...(item.externalUsers ?? []).map((externalUserId) => ({ externalUserId })),
    ...(['customerId', 'siteId', 'siteTreeId'] as const)
      .filter((name) => item[name])
      .map((name) => ({ [name]: item[name] })),
  ];
}

/**
 * The (owner, X) rows of an open job or incident (WRK-8): per owner, one per assigned external
 * user, one per other owner, one for its customer and one for its site, so a caller who sees just
 * their own items, filtering by an external user, another owner, a customer or a site, reads one
 * partition that holds exactly those (WRK-6). Confidential items have none: the scope that reads
 * them (openOwnedBy) is of open items only. Kept by the stream consumer, not the item's
 * transaction: owners × (external users + owners + 1) (up to 10 × 31) would not fit in its 100 actions.
 */
export function ownerPairFilters(item: {
  ownerIds: readonly string[];
  externalUsers?: readonly string[] | undefined;
  customerId?: string | undefined;
  siteId?: string | undefined;
  privacyStatusId?: string | undefined;
}): OwnerPairFilter[] {
  if (item.privacyStatusId !== undefined) return [];
  return item.ownerIds.flatMap((ownerId) => [
    ...(item.externalUsers ?? []).map((externalUserId) => ({ ownerId, externalUserId })),
    ...item.ownerIds.filter((other) => other !== ownerId).map((coOwnerId) => ({ ownerId, coOwnerId })),
    ...(['customerId', 'siteId'] as const)
      .filter((name) => item[name])
      .map((name) => ({ ownerId, [name]: item[name] })),
  ]);
}
