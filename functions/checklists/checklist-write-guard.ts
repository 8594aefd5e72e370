import type { AssignableType } from '#shared/data/keys';
import type { Step } from '#shared/data/types';
import { ConflictError, ForbiddenError, NotFoundError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import { TtlCache } from '#shared/ttl-cache';
import { accessRevoked } from '../external-users/external-user-access';
import { decideAccess } from '../links/link-state';
import { openPortalItem } from '../links/portal-access';
import type { Checklist, ChecklistItem } from './checklist.contract';
import { isFor } from './checklist-progress';
import { type ChecklistItemPlace, findChecklistDefinition, writeBehindGuard } from './checklist-write-repository';

/**
 * What autosave validates against, kept per warm function for a minute: the checklist (whose
 * version the write checks, so a changed checklist is read again) and the account's current terms
 * version (whose acceptance the write checks).
 */
export interface Definition {
  checklist: Checklist;
  termsVersion?: number;
}
const definitions = new TtlCache<Definition>({ ttlMs: 60_000, maxEntries: 500 });

async function loadDefinition(
  type: AssignableType,
  accountId: string,
  itemId: string,
  checklistId: string,
  fresh: boolean,
): Promise<Definition | undefined> {
  const cacheKey = `${accountId}/${type}/${itemId}/${checklistId}`;
  const cached = fresh ? undefined : definitions.get(cacheKey);
  if (cached) return cached;
  const definition = await findChecklistDefinition(type, accountId, itemId, checklistId);
  if (!definition) return undefined;
  definitions.set(cacheKey, definition);
  return definition;
}

/**
 * The checklist item a portal write is about, for this external user: 404 for an unknown
 * checklist or item (an unknown item is looked for again in a fresh read first), 403
 * NOT_YOUR_CHECKLIST for a checklist named for others.
 *
 * Those answers are given only to someone who may reach the item: before either, the item's
 * access is checked (one BatchGetItem, on this refusal path only), so on an item the caller is
 * not assigned to a missing checklist answers 403 ACCESS_REVOKED exactly as an existing one does,
 * and the answers say nothing of what exists there.
 */
export async function openChecklistItem(
  caller: PortalCaller,
  type: AssignableType,
  itemId: string,
  checklistId: string,
  checklistItemId: string,
  fresh: boolean,
): Promise<{ definition: Definition; item: ChecklistItem } | 'stale'> {
  const definition = await loadDefinition(type, caller.accountId, itemId, checklistId, fresh);
  const refuse = async (error: Error): Promise<never> => {
    await openPortalItem(caller, type, itemId, new Date());
    throw error;
  };
  if (!definition) return refuse(new NotFoundError('No such checklist on this item', 'CHECKLIST_NOT_FOUND'));
  if (!isFor(definition.checklist, caller.externalUserId)) {
    return refuse(new ForbiddenError('This checklist is for other external users', 'NOT_YOUR_CHECKLIST'));
  }
  const item = definition.checklist.sections.flatMap((s) => s.items).find((i) => i.id === checklistItemId);
  if (item) return { definition, item };
  if (!fresh) return 'stale';
  return refuse(new NotFoundError('No such item in this checklist', 'CHECKLIST_ITEM_NOT_FOUND'));
}

/**
 * Sends the write (or writes) behind the guard's checks, in one TransactWriteItems: the assignment
 * and the external user still active, the item still open (not archived or finished; a job before
 * its due date), the checklist still the version validated against, and the current terms
 * accepted. Answers 'done', or 'stale' when the checklist changed meanwhile (read it again and
 * retry); any other failed check throws why: 403 ACCESS_REVOKED, 409 ITEM_READ_ONLY (with the
 * access state), 403 TERMS_NOT_ACCEPTED, or what `writeRefused` makes of a write's own failed
 * condition (given the stored item).
 */
export async function guardedWrite(
  caller: PortalCaller,
  type: AssignableType,
  itemId: string,
  definition: Definition,
  write: Step | Step[],
  now: Date,
  writeRefused: (stored: Record<string, unknown> | undefined) => Error,
): Promise<'done' | 'stale'> {
  const refusal = await writeBehindGuard(
    {
      accountId: caller.accountId,
      externalUserId: caller.externalUserId,
      type,
      itemId,
      checklistId: definition.checklist.id,
      checklistVersion: definition.checklist.version,
      termsVersion: definition.termsVersion,
      now,
    },
    Array.isArray(write) ? write : [write],
  );
  if (!refusal) return 'done';
  const { failed } = refusal;
  if (failed.has('assignment') || failed.has('externalUser')) {
    throw accessRevoked(caller, 'assignment or external user ended before the write');
  }
  if (failed.has('item')) {
    const access = refusal.item
      ? decideAccess(
          type,
          {
            assignment: { entity: 'Assignment', status: 'active' },
            externalUser: { entity: 'ExternalUser', status: 'active' },
            item: refusal.item,
          },
          now,
        )
      : undefined;
    if (!access || access.state === 'revoked') throw accessRevoked(caller, 'item archived, cancelled or gone');
    throw new ConflictError(access.message, { access }, 'ITEM_READ_ONLY');
  }
  if (failed.has('checklistVersion')) return 'stale';
  if (failed.has('termsAcceptance')) {
    throw new ForbiddenError('Accept the Terms & Conditions to continue', 'TERMS_NOT_ACCEPTED');
  }
  throw writeRefused(refusal.stored);
}

/**
 * Runs `attempt` with the checklist item as cached, and once more with a fresh read when the
 * checklist changed meanwhile (or the attempt asks to retry after a race it lost).
 */
export async function withChecklistItem<T>(
  caller: PortalCaller,
  place: ChecklistItemPlace,
  attempt: (opened: { definition: Definition; item: ChecklistItem }) => Promise<T | 'retry'>,
): Promise<T> {
  for (const fresh of [false, true]) {
    const opened = await openChecklistItem(
      caller,
      place.type,
      place.itemId,
      place.checklistId,
      place.checklistItemId,
      fresh,
    );
    if (opened === 'stale') continue;
    const outcome = await attempt(opened);
    if (outcome !== 'retry') return outcome;
  }
  throw new ConflictError('The checklist changed meanwhile: reload it', undefined, 'CHECKLIST_CHANGED');
}
