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
  const { departmentId, customerId, siteId, siteTreeId } = item;
  return [
    ...item.ownerIds.map((ownerId) => ({ ownerId })),
    ...(departmentId !== undefined ? [{ departmentId }] : []),
    ...(departmentId !== undefined ? item.ownerIds.map((ownerId) => ({ ownerId, departmentId })) : []),
    ...(item.externalUsers ?? []).map((externalUserId) => ({ externalUserId })),
    ...(customerId !== undefined ? [{ customerId }] : []),
    ...(siteId !== undefined ? [{ siteId }] : []),
    ...(siteTreeId !== undefined ? [{ siteTreeId }] : []),
  ];
}
