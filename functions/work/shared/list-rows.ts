import type { RowFilter } from '#shared/data/keys';

/**
 * The list rows an item has besides itself, one per filter a list may ask for: each owner, its
 * department, each owner within its department, and each assigned external user. A row carries the list columns, so a list
 * page needs no follow-up reads.
 */
export function rowFilters(item: {
  ownerIds: readonly string[];
  departmentId?: string | undefined;
  externalUsers?: readonly string[] | undefined;
}): RowFilter[] {
  const { departmentId } = item;
  return [
    ...item.ownerIds.map((ownerId) => ({ ownerId })),
    ...(departmentId !== undefined ? [{ departmentId }] : []),
    ...(departmentId !== undefined ? item.ownerIds.map((ownerId) => ({ ownerId, departmentId })) : []),
    ...(item.externalUsers ?? []).map((externalUserId) => ({ externalUserId })),
  ];
}
