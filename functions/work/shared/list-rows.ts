import type { RowFilter } from '#shared/data/keys';

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
 * The (owner, external user) rows of an open job or incident (WRK-8): one per owner and assigned
 * external user, so a caller who sees just their own items, filtering by an external user, reads
 * one partition that holds exactly those (WRK-6). Confidential items have none: the scope that
 * reads them (openOwnedBy) is of open items only. Kept by the stream consumer, not the item's
 * transaction: owners × external users (up to 10 × 20) would not fit in its 100 actions.
 */
export function ownerAssigneeFilters(item: {
  ownerIds: readonly string[];
  externalUsers?: readonly string[] | undefined;
  privacyStatusId?: string | undefined;
}): { ownerId: string; externalUserId: string }[] {
  if (item.privacyStatusId !== undefined) return [];
  return item.ownerIds.flatMap((ownerId) =>
    (item.externalUsers ?? []).map((externalUserId) => ({ ownerId, externalUserId })),
  );
}
