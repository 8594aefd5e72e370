import type { AssignableType } from '#shared/data/keys';
import type { Step } from '#shared/data/types';
import { ConflictError, ValidationError } from '#shared/errors';
import type { ExternalUser, ExternalUserRef } from '../external-users/external-user.schema';
import { hasAccess } from '../external-users/external-user-access';
import {
  findExternalUserByEmail,
  findExternalUsers,
  newExternalUserWrites,
} from '../external-users/external-user-repository';
import { newExternalUser } from '../external-users/external-user-service';
import {
  type AccessFacts,
  accessGrant,
  accessUpdate,
  checklistVersionChecks,
  findAcceptedTerms,
  itemSliceOf,
  readChecklistVersions,
  userSliceOf,
  userUnchangedCheck,
} from '../external-users/item-access-repository';
import type { AssigneeHooks, ItemWrite } from '../work/shared/work-item-service';
import type { DeleteGuard } from '../work/shared/work-item-store';
import { type AssignmentContext, assignWrite, revokeWrite } from './assignment-repository';

/**
 * The item a write assigns to: its access facts as the write leaves them, and how to read its
 * checklists' versions (none for an item the write creates).
 */
interface AssignedItem {
  state: { archived?: boolean; status?: string; dueAt?: string };
  checklists?: () => Promise<AccessFacts['checklists']>;
}

/** What a write of an item's `externalUsers` resolves to: the assignees' ids and the writes that go with the item's. */
export interface ResolvedAssignees {
  ids: string[];
  writes: Step[];
}

const issue = (index: number, code: string, message: string) => ({
  path: `body.externalUsers.${index}`,
  code,
  message,
});

/**
 * Resolves the whole new set of an item's external users against the current one: a reference
 * by id must name an external user of the account with access (active, not past the auto-disable
 * date) when it is added; a reference by address reuses the external user with that address (the
 * same checks) or makes a new one in the same transaction. Added assignees get an active
 * assignment (a revoked one is reactivated), removed ones have theirs revoked. Requests: for each
 * address, two GetItems (in parallel across addresses), then one BatchGetItem of the ids to add.
 * 400 naming each bad entry.
 */
export async function resolveAssignees(
  ctx: AssignmentContext,
  refs: readonly ExternalUserRef[],
  current: readonly string[],
  revokeReason: string | undefined,
  /** Defaults (a job category's): drop entries that cannot be assigned instead of refusing the write. */
  lenient: boolean,
  /** The item as the write leaves it (its access facts), and its checklists unless the write creates it. */
  item: AssignedItem,
): Promise<ResolvedAssignees> {
  const byAddress = await Promise.all(
    refs.map((ref) => ('email' in ref ? findExternalUserByEmail(ctx.accountId, ref.email) : undefined)),
  );
  const created: ExternalUser[] = [];
  const wanted = refs.map((ref, i): string => {
    if ('id' in ref) return ref.id;
    const found = byAddress[i];
    if (found) return found.id;
    // The same new address twice in one request makes one external user.
    const twin = created.find((user) => user.email === ref.email.toLowerCase());
    if (twin) return twin.id;
    const user = newExternalUser(ctx.actorId, ref, ctx.now);
    created.push(user);
    return user.id;
  });
  const ids = [...new Set(wanted)];
  const newIds = new Set(created.map((user) => user.id));
  const toCheck = ids.filter((id) => !current.includes(id) && !newIds.has(id));
  const found = toCheck.length ? await findExternalUsers(ctx.accountId, toCheck) : [];
  const known = new Map([...found, ...created].map((user) => [user.id, user]));
  const issues = wanted.flatMap((id, i) => {
    if (current.includes(id) || newIds.has(id)) return [];
    const user = known.get(id);
    if (!user) return [issue(i, 'unknown_external_user', `no external user ${id}`)];
    if (!hasAccess(user, ctx.now))
      return [
        issue(
          i,
          'external_user_without_access',
          `external user ${id} is ${user.status === 'active' ? 'past their auto-disable date' : user.status}`,
        ),
      ];
    return [];
  });
  if (issues.length && !lenient) throw new ValidationError('Some external users cannot be assigned', issues);
  const refused = new Set(issues.map((i) => wanted[Number(i.path.split('.').at(-1))]));
  const kept = ids.filter((id) => !refused.has(id));
  const added = kept.filter((id) => !current.includes(id));
  const removed = current.filter((id) => !kept.includes(id));
  return {
    ids: kept,
    writes: [
      ...created.flatMap((user) => newExternalUserWrites(ctx.accountId, user)),
      ...added.map((id) => assignWrite(ctx, known.get(id) as ExternalUser)),
      ...removed.map((id) => revokeWrite(ctx, id, revokeReason)),
      ...(await accessWrites(
        ctx,
        item,
        added.map((id) => known.get(id) as ExternalUser),
        newIds,
        removed,
      )),
    ],
  };
}

/**
 * The item access records' writes that go with the assignments' (ACS-3): each added assignee's
 * whole record (their state, the item's, the terms version they accepted and each checklist's
 * version), with checks that the user and the checklists are still as read; each removed one's
 * assignment state. Reads, only when someone is added: one BatchGetItem of the added users'
 * acceptances and (for an existing item) one Query of its checklists, in parallel.
 */
async function accessWrites(
  ctx: AssignmentContext,
  item: AssignedItem,
  added: readonly ExternalUser[],
  createdIds: ReadonlySet<string>,
  removed: readonly string[],
): Promise<Step[]> {
  const place = (externalUserId: string) => ({
    type: ctx.type,
    accountId: ctx.accountId,
    itemId: ctx.itemId,
    externalUserId,
  });
  const revoked = removed.map((id) => accessUpdate(place(id), { assignmentStatus: 'revoked' }));
  if (added.length === 0) return revoked;
  const existing = added.filter((user) => !createdIds.has(user.id));
  const [accepted, checklists] = await Promise.all([
    findAcceptedTerms(
      ctx.accountId,
      existing.map((user) => user.id),
    ),
    item.checklists?.() ?? [],
  ]);
  const itemSlice = itemSliceOf(item.state);
  return [
    ...added.map((user) =>
      accessGrant(place(user.id), {
        assignmentStatus: 'active',
        ...userSliceOf(user),
        ...itemSlice,
        termsVersion: accepted.get(user.id),
        checklists,
      }),
    ),
    ...existing.map((user) => userUnchangedCheck(ctx.accountId, user)),
    ...checklistVersionChecks(ctx.type, ctx.accountId, ctx.itemId, checklists),
    ...revoked,
  ];
}

/** How a write of an existing item reads its checklists' versions (`readChecklistVersions`). */
type ChecklistReader = typeof readChecklistVersions;

/**
 * The `resolve` step of jobs and incidents for their `externalUsers`: when a write gives the set,
 * the item stores the assignees' ids and the assignment writes join its transaction. A write of
 * an existing item reads its checklists through `checklistsOf` (a new item has none); the hooks of
 * creates pass none, so their functions do not bundle that Query.
 */
export async function withAssignees<F extends { externalUsers?: string[] }>(
  type: AssignableType,
  write: ItemWrite<{ externalUsers?: string[] }>,
  fields: F,
  checklistsOf?: ChecklistReader,
): Promise<{ fields: F; writes: Step[] }> {
  if (write.externalUsers === undefined) return { fields, writes: [] };
  const { accountId, itemId } = write;
  if (write.current && !checklistsOf) throw new Error('assigning to an existing item needs its checklists read');
  const { ids, writes } = await resolveAssignees(
    { type, accountId, itemId, actorId: write.actorId, now: write.now },
    write.externalUsers,
    write.current?.externalUsers ?? [],
    write.revokeReason,
    write.defaults === true,
    {
      state: fields as AssignedItem['state'],
      ...(write.current && checklistsOf ? { checklists: () => checklistsOf(type, accountId, itemId) } : {}),
    },
  );
  return { fields: { ...fields, externalUsers: ids }, writes };
}

/**
 * The `resolve` step of revoking one assignee (`revokeAssignment`): what `withAssignees` gives for
 * the item's set without them (their assignment revoked with the write's reason, their access
 * record marked revoked, the others kept in order), without its lookups and its code for added
 * assignees, which a revocation never has.
 */
export function withoutAssignee(type: AssignableType, externalUserId: string) {
  return async <F extends { externalUsers?: string[] }>(
    write: ItemWrite<{ externalUsers?: string[] }>,
    fields: F,
  ): Promise<{ fields: F; writes: Step[] }> => {
    const { accountId, itemId } = write;
    const kept = (write.current?.externalUsers ?? []).filter((id) => id !== externalUserId);
    return {
      fields: { ...fields, externalUsers: [...new Set(kept)] },
      writes: [
        revokeWrite(
          { type, accountId, itemId, actorId: write.actorId, now: write.now },
          externalUserId,
          write.revokeReason,
        ),
        accessUpdate({ type, accountId, itemId, externalUserId }, { assignmentStatus: 'revoked' }),
      ],
    };
  };
}

/**
 * The delete guard of jobs and incidents: deleting the item revokes its active assignments in the
 * same transaction (reason "deleted"), so no assignment stays active for an item that is gone;
 * the records stay as history.
 */
export function revokeAllOnDelete(type: AssignableType) {
  return (
    accountId: string,
    item: { id: string; externalUsers?: string[] },
    by: { actorId: string; now: Date },
  ): DeleteGuard => ({
    writes: (item.externalUsers ?? []).flatMap((id) => [
      revokeWrite(
        { type, accountId, itemId: item.id, actorId: by.actorId, now: by.now },
        id,
        `the ${type} was deleted`,
      ),
      accessUpdate({ type, accountId, itemId: item.id, externalUserId: id }, { assignmentStatus: 'revoked' }),
    ]),
    refused: () => new ConflictError(`The ${type}'s assignments changed at the same moment; try again`),
  });
}

/**
 * The assignee hooks of jobs or incidents (see `AssigneeHooks` in work): `withAssignees`. Their
 * deletes name `revokeAllOnDelete` themselves (item-writes/job-writes.ts, incident-writes.ts).
 */
export function assigneeHooks(type: AssignableType): AssigneeHooks {
  return { resolve: (write, fields) => withAssignees(type, write, fields, readChecklistVersions) };
}

/**
 * `assigneeHooks` for creating an item only: it has no checklists to read (a change through them
 * is a bug, refused).
 */
export function newItemAssigneeHooks(type: AssignableType): AssigneeHooks {
  return { resolve: (write, fields) => withAssignees(type, write, fields) };
}
