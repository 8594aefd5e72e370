import { effectivePermissions, type Reach, type Rights, rightsFor } from './effective-permissions';
import type { ModulePermissions } from './permission-settings';
import type { StaffRole } from './roles';

/** The signed-in staff user a decision is about: their role, id and stored module permissions. */
export interface Caller {
  role: StaffRole;
  userId: string;
  permissions: ModulePermissions;
}

/** The project a task group or task belongs to: its access decides theirs. */
export interface ProjectRef {
  id: string;
  ownerIds: readonly string[];
  confidential: boolean;
}

/**
 * What a decision needs to know about an item. Jobs, incidents and logs are confidential when they
 * have a privacy status; projects, risks and risk assessments have a confidential flag; task groups
 * and tasks carry their project; job categories have no owner and no confidentiality. For a
 * create, describe the item as it would be stored (for risks, with the status it would get).
 */
export type WorkItem =
  | { type: 'job' | 'incident' | 'log'; ownerIds: readonly string[]; departmentId?: string; privacyStatusId?: string }
  | { type: 'jobCategory' }
  | { type: 'project'; id: string; ownerIds: readonly string[]; confidential: boolean; departmentId?: string }
  | { type: 'taskGroup' | 'task'; project: ProjectRef; ownerIds?: readonly string[] }
  | { type: 'risk'; ownerIds: readonly string[]; confidential: boolean; status?: string; departmentId?: string }
  | { type: 'riskAssessment'; ownerIds: readonly string[]; confidential: boolean; departmentId?: string };

export type Action = 'see' | 'edit' | 'changeStatus' | 'archive' | 'delete' | 'create';

/** Stable codes for a refused write; the route layer answers 403 with them. */
export type ForbiddenCode =
  | 'EDIT_DENIED'
  | 'STATUS_CHANGE_DENIED'
  | 'ARCHIVE_DENIED'
  | 'DELETE_DENIED'
  | 'CREATE_DENIED'
  | 'MODULE_ACCESS_REQUIRED'
  | 'CONFIDENTIAL_DENIED'
  | 'RISK_DRAFT_ONLY';

/**
 * Allowed, or why not: 404 NOT_FOUND when the caller may not see the item (whatever the action, so
 * a refusal never reveals that it exists), else 403 with a code saying what is missing.
 */
export type Decision =
  | { allowed: true }
  | { allowed: false; status: 404; code: 'NOT_FOUND' }
  | { allowed: false; status: 403; code: ForbiddenCode };

const allowed: Decision = { allowed: true };
const notFound: Decision = { allowed: false, status: 404, code: 'NOT_FOUND' };
const forbidden = (code: ForbiddenCode): Decision => ({ allowed: false, status: 403, code });

const refusal: Record<Exclude<Action, 'see' | 'create'>, ForbiddenCode> = {
  edit: 'EDIT_DENIED',
  changeStatus: 'STATUS_CHANGE_DENIED',
  archive: 'ARCHIVE_DENIED',
  delete: 'DELETE_DENIED',
};

/** The facts a reach is checked against. */
interface Target {
  id?: string;
  ownerIds: readonly string[];
  confidential: boolean;
  /** What a confidential grant lists: the privacy status, or the project id. */
  grantKey?: string;
}

function targetOf(item: WorkItem): Target {
  switch (item.type) {
    case 'job':
    case 'incident':
    case 'log':
      return {
        ownerIds: item.ownerIds,
        confidential: item.privacyStatusId !== undefined,
        grantKey: item.privacyStatusId,
      };
    case 'jobCategory':
      return { ownerIds: [], confidential: false };
    case 'project':
      return { id: item.id, ownerIds: item.ownerIds, confidential: item.confidential, grantKey: item.id };
    case 'taskGroup':
    case 'task':
      return targetOf({ type: 'project', ...item.project });
    default:
      return { ownerIds: item.ownerIds, confidential: item.confidential };
  }
}

/**
 * Whether a reach covers a target. A confidential item is covered only by a confidential grant
 * (ownership and the non-confidential scope do not matter), so there is no view-only access to it.
 */
function covers(reach: Reach, target: Target, userId: string): boolean {
  if (target.confidential) {
    if (reach.confidential === 'all') return true;
    return (
      Array.isArray(reach.confidential) && target.grantKey !== undefined && reach.confidential.includes(target.grantKey)
    );
  }
  if (reach.items === 'all') return true;
  if (reach.items === 'owned' && target.ownerIds.includes(userId)) return true;
  return target.id !== undefined && (reach.projects ?? []).includes(target.id);
}

/** Whether a caller may create the item (`decideFor`'s `create`). */
export function decideCreate(effective: Pick<Rights, 'can'>, userId: string, item: WorkItem): Decision {
  const rights = rightsFor(effective, item.type);
  const target = targetOf(item);
  if (item.type === 'taskGroup' || item.type === 'task') {
    // A new task group or task goes into a project: the project must be visible, then manageable.
    if (!covers(rights.see, target, userId)) return notFound;
    return covers(rights.create, target, userId) ? allowed : forbidden('CREATE_DENIED');
  }
  if (!rights.access) return forbidden('MODULE_ACCESS_REQUIRED');
  // Who owns a new item does not matter (users raise items for others); confidentiality does.
  if (!covers(rights.create, { ...target, ownerIds: [] }, userId)) {
    return forbidden(target.confidential && rights.create.items === 'all' ? 'CONFIDENTIAL_DENIED' : 'CREATE_DENIED');
  }
  if (item.type === 'risk' && rights.createDraftOnly && item.status !== 'draft') return forbidden('RISK_DRAFT_ONLY');
  return allowed;
}

/**
 * Decides one action of a caller on one item, from their effective permissions or the rights of
 * the item's module (`decideFor`), or from their role and stored permissions (`decide`). Edits that change an item's privacy status,
 * confidential flag or project need two decisions: edit on the item as it is and as it would be.
 * A route deciding several items computes `effectivePermissions` once (≈ 20 µs) and calls this
 * for each (≈ 0.1 µs).
 */
export function decideFor(effective: Pick<Rights, 'can'>, userId: string, action: Action, item: WorkItem): Decision {
  return action === 'create' ? decideCreate(effective, userId, item) : decideExisting(effective, userId, action, item);
}

/**
 * `decideFor` an item that exists (every action but `create`): apart, so a function that only
 * changes items does not bundle the rules of creating them, nor one that creates them these.
 */
export function decideExisting(
  effective: Pick<Rights, 'can'>,
  userId: string,
  action: Exclude<Action, 'create'>,
  item: WorkItem,
): Decision {
  const rights = rightsFor(effective, item.type);
  const target = targetOf(item);
  if (!covers(rights.see, target, userId)) return notFound;
  if (action === 'see') return allowed;
  return covers(rights[action], target, userId) ? allowed : forbidden(refusal[action]);
}

/** `decideFor` from the caller's role and stored module permissions. */
export function decide(caller: Caller, action: Action, item: WorkItem): Decision {
  return decideFor(effectivePermissions(caller.role, caller.permissions), caller.userId, action, item);
}
