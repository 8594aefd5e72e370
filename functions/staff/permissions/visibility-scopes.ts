import type { Caller } from './access';
import { effectivePermissions, type ItemType, type Rights, rightsFor } from './effective-permissions';

/** Item types listed account-wide. Task groups and tasks are listed per project, once the project is visible. */
export type ListedType = Exclude<ItemType, 'taskGroup' | 'task'>;

/**
 * One slice of what a caller may see of an item type. The slices of one answer never overlap, so a
 * list walks them one after another and concatenates the pages.
 */
export type VisibilityScope =
  /** Every item of the type. */
  | { kind: 'all' }
  /** Every non-confidential item. */
  | { kind: 'open' }
  /** The non-confidential items `ownerId` owns. */
  | { kind: 'openOwnedBy'; ownerId: string }
  /** These projects, when not confidential; skip those `exceptOwnedBy` owns (an openOwnedBy scope has them). */
  | { kind: 'openProjects'; projectIds: readonly string[]; exceptOwnedBy?: string }
  /** Every confidential item. */
  | { kind: 'confidential' }
  /** The confidential items with this privacy status (jobs, incidents, logs). */
  | { kind: 'privacyStatus'; privacyStatusId: string }
  /** These projects, when confidential. */
  | { kind: 'confidentialProjects'; projectIds: readonly string[] };

const withoutConfidentiality: ReadonlySet<ListedType> = new Set(['jobCategory']);

/**
 * What a caller may see of an item type, as disjoint scopes, so that a list page is served by one
 * Query on one sparse index partition with nothing read that is not returned (docs/performance.md: one
 * Query per page, read/returned ≤ 1.25). No scope means an empty list without any request.
 *
 * How the store maps each scope (key formats belong to the data layer's keys module; see
 * docs/data-model.md, "Work item lists"):
 * - all: the type's partition of every visibility class, which every item joins.
 * - open, confidential, privacyStatus: the partition of one visibility class: "open" for items
 *   with no privacy status or confidential flag, each privacy status (jobs, incidents, logs),
 *   "confidential" for flagged projects, risks and assessments. Each item joins exactly one class.
 * - openOwnedBy: items have several owners and an index entry has one key, so each (item, owner)
 *   pair is a list row in the item's collection carrying the list columns; the owner's rows of the
 *   open class hold exactly the scope (confidential access never depends on ownership).
 * - openProjects, confidentialProjects: the ids are on the user item (at most 50 per list), so a page
 *   is one BatchGetItem of up to 100 of them, dropping the ones of the other class or owned by
 *   `exceptOwnedBy`; that drop only happens after a project changed class, or is listed and owned.
 * A cursor names the scope it is in and that scope's last key; a page ends at a scope's end.
 * Owner and department filters pick rows of their own; status and date range are key conditions.
 */
export function visibilityScopesFor(
  effective: Pick<Rights, 'can'>,
  userId: string,
  type: ListedType,
): VisibilityScope[] {
  const see = rightsFor(effective, type).see;
  if (see.items === 'all' && (see.confidential === 'all' || withoutConfidentiality.has(type))) return [{ kind: 'all' }];
  const scopes: VisibilityScope[] = [];
  if (see.items === 'all') scopes.push({ kind: 'open' });
  if (see.items === 'owned') scopes.push({ kind: 'openOwnedBy', ownerId: userId });
  if (see.items !== 'all' && see.projects?.length) {
    scopes.push({
      kind: 'openProjects',
      projectIds: see.projects,
      ...(see.items === 'owned' ? { exceptOwnedBy: userId } : {}),
    });
  }
  if (see.confidential === 'all') scopes.push({ kind: 'confidential' });
  else if (Array.isArray(see.confidential)) {
    if (type === 'project') scopes.push({ kind: 'confidentialProjects', projectIds: see.confidential });
    else
      scopes.push(...see.confidential.map((privacyStatusId) => ({ kind: 'privacyStatus' as const, privacyStatusId })));
  }
  return scopes;
}

/** `visibilityScopesFor` from the caller's role and stored module permissions. */
export function visibilityScopes(caller: Caller, type: ListedType): VisibilityScope[] {
  return visibilityScopesFor(effectivePermissions(caller.role, caller.permissions), caller.userId, type);
}
