import type { WorkItemType } from '#shared/data/keys';
import { ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { type AccountReferences, findAccountReferences } from '../../accounts/account-repository';
import {
  type Action,
  type Decision,
  decideCreate,
  decideExisting,
  type WorkItem,
} from '../../staff/permissions/access';
import {
  checkedPermissions,
  effectivePermissions,
  type Rights,
  type RightsOf,
} from '../../staff/permissions/effective-permissions';
import { staffUserNames } from '../../staff/staff-names-repository';
import { readMyPermissions } from '../../staff/staff-service';

/**
 * The caller as a permission decision needs them, read from DynamoDB: id, role and rights (every
 * module's, or those of the module a work item kind names: see `actorWith`).
 */
export interface Actor {
  accountId: string;
  userId: string;
  effective: Rights;
}

/**
 * One GetItem: the calling staff user and the rights `rightsOf` resolves, e.g. a work item kind's
 * module's (`kind.rights`), so a function deciding on jobs bundles only the Jobs module's rules.
 * A decision on a type whose rights were not resolved is a bug (an Error, not a refusal).
 */
export async function actorWith(caller: StaffCaller, rightsOf: RightsOf): Promise<Actor> {
  const me = await readMyPermissions(caller);
  return { accountId: caller.accountId, userId: me.id, effective: rightsOf(me.role, me.permissions) };
}

/** One GetItem: the calling staff user and their effective permissions (every module's rights, every module's settings checked). */
export const actorOf = (caller: StaffCaller): Promise<Actor> =>
  actorWith(caller, (role, stored) => effectivePermissions(role, checkedPermissions(stored)));

/** The item types whose owners, department and confidentiality decide access: jobs and work items. */
export type GovernedType = 'job' | WorkItemType;

/** What the permission model needs of a job or work item. */
export interface Governed {
  /** Projects: the id a specific-project grant lists (absent for a project not yet created). */
  id?: string;
  ownerIds: readonly string[];
  departmentId?: string;
  privacyStatusId?: string;
  /** Risks and risk assessments: the confidential flag. */
  confidential?: boolean;
  /** Risks: the status a decision on a new risk depends on (drafts only for most users). */
  status?: string;
}

/**
 * The permission decision of `action` by `actor` on the item as stored (or as a change would
 * leave it). One description serves every type: the model reads of each only what decides it
 * (`WorkItem`: the privacy status of jobs, incidents and logs; the id and confidential flag of
 * projects; the flag and a new risk's status of risks and assessments), so the other fields change
 * nothing. A new item's is `decideCreateOn`'s.
 */
export function decideOn(
  actor: Actor,
  type: GovernedType,
  action: Exclude<Action, 'create'>,
  item: Governed,
): Decision {
  return decideExisting(actor.effective, actor.userId, action, described(type, item));
}

/** The permission decision of creating the item, described as `decideOn` describes it. */
export function decideCreateOn(actor: Actor, type: GovernedType, item: Governed): Decision {
  return decideCreate(actor.effective, actor.userId, described(type, item));
}

const described = (type: GovernedType, item: Governed) =>
  ({
    type,
    id: item.id ?? '',
    ownerIds: item.ownerIds,
    confidential: item.confidential === true,
    ...(item.departmentId !== undefined ? { departmentId: item.departmentId } : {}),
    ...(item.privacyStatusId !== undefined ? { privacyStatusId: item.privacyStatusId } : {}),
    ...(item.status !== undefined ? { status: item.status } : {}),
  }) as WorkItem;

/** Throws the answer a refusal maps to: 404 NOT_FOUND (the item stays hidden) or 403 with its code. */
export function enforce(decision: Decision, label: string): void {
  if (decision.allowed) return;
  if (decision.status === 404) throw new NotFoundError(`No such ${label}`);
  throw new ForbiddenError(`You may not do this to this ${label}`, decision.code);
}

/**
 * An edit must leave the item within the editor's reach: the caller sees it now, so a change that
 * would take it away is a 403 (CONFIDENTIAL_DENIED for a privacy status they lack), not a 404.
 */
export function enforceEditAfter(actor: Actor, type: GovernedType, label: string, changed: Governed): void {
  const after = decideOn(actor, type, 'edit', changed);
  if (after.allowed) return;
  const code =
    after.status === 403
      ? after.code
      : changed.privacyStatusId || changed.confidential
        ? 'CONFIDENTIAL_DENIED'
        : 'EDIT_DENIED';
  throw new ForbiddenError(`You would not be allowed to edit the ${label} after this change`, code);
}

/** One problem with a field of a request body. */
export interface FieldIssue {
  path: string;
  code: string;
  message: string;
}

/**
 * Checks what a write refers to: owners must be active staff users of the account (one
 * BatchGetItem); a department or privacy status must exist, not archived, in the account (one
 * GetItem of the account, also made when `checkAccount` needs it). Both run in parallel and only
 * when needed, beside `more`. 400 naming each bad field otherwise. Answers the owners' names, in the order of
 * `ownerIds`, when it checked owners.
 */
export async function assertReferences(
  accountId: string,
  refs: { ownerIds?: readonly string[]; departmentId?: string; privacyStatusId?: string },
  checkAccount?: (account: AccountReferences | undefined) => FieldIssue[],
  /** The issues of a check made in parallel (e.g. the customer and site, `placeOnCustomerSite`), reported with these. */
  more?: Promise<FieldIssue[]>,
): Promise<{ ownerNames?: string[] }> {
  const needAccount =
    checkAccount !== undefined || refs.departmentId !== undefined || refs.privacyStatusId !== undefined;
  const [active, account, moreIssues] = await Promise.all([
    refs.ownerIds ? staffUserNames(accountId, refs.ownerIds) : undefined,
    needAccount ? findAccountReferences(accountId) : undefined,
    more ?? [],
  ]);
  const issues: FieldIssue[] = [];
  refs.ownerIds?.forEach((id, i) => {
    if (!active?.has(id))
      issues.push({ path: `body.ownerIds.${i}`, code: 'unknown_owner', message: `no active staff user ${id}` });
  });
  const live = (entries: { id: string; archived: boolean }[] | undefined, id: string) =>
    (entries ?? []).some((entry) => entry.id === id && !entry.archived);
  if (refs.departmentId !== undefined && !live(account?.departments, refs.departmentId)) {
    issues.push({
      path: 'body.departmentId',
      code: 'unknown_department',
      message: `no department ${refs.departmentId}`,
    });
  }
  if (refs.privacyStatusId !== undefined && !live(account?.privacyStatuses, refs.privacyStatusId)) {
    issues.push({
      path: 'body.privacyStatusId',
      code: 'unknown_privacy_status',
      message: `no privacy status ${refs.privacyStatusId}`,
    });
  }
  if (checkAccount) issues.push(...checkAccount(account));
  issues.push(...moreIssues);
  if (issues.length) throw new ValidationError('Some fields refer to things that are not valid here', issues);
  return active && refs.ownerIds ? { ownerNames: refs.ownerIds.map((id) => active.get(id) ?? '') } : {};
}

/** The references a PATCH introduces: only new owners lists, and departments or privacy statuses that change. */
export function changedReferences(
  current: Governed,
  body: { ownerIds?: readonly string[]; departmentId?: string | null; privacyStatusId?: string | null },
): { ownerIds?: readonly string[]; departmentId?: string; privacyStatusId?: string } {
  return {
    ...(body.ownerIds ? { ownerIds: body.ownerIds } : {}),
    ...(body.departmentId && body.departmentId !== current.departmentId ? { departmentId: body.departmentId } : {}),
    ...(body.privacyStatusId && body.privacyStatusId !== current.privacyStatusId
      ? { privacyStatusId: body.privacyStatusId }
      : {}),
  };
}
