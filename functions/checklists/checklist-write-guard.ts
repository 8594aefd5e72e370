import type { AssignableType } from '#shared/data/keys';
import type { Step } from '#shared/data/types';
import { ConflictError, ForbiddenError, NotFoundError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import { TtlCache } from '#shared/ttl-cache';
import { accessRevoked } from '../external-users/external-user-access';
import {
  checklistField,
  checklistVersionIn,
  findAcceptedTermsOf,
  findChecklistVersion,
  type ItemAccess,
  isComplete,
  raiseAccessFact,
  rebuildAccessRecord,
} from '../external-users/item-access-repository';
import { decideOnCopy, openPortalItem } from '../links/portal-access';
import type { Checklist, ChecklistItem } from './checklist.schema';
import { isFor } from './checklist-progress';
import {
  accessPlaceOf,
  type ChecklistItemPlace,
  findChecklistDefinition,
  type WriteGuard,
  writeBehindGuard,
} from './checklist-write-repository';

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

/** What to do about a refusal of the guard's check, decided from the access record it returned. */
type GuardVerdict = 'rebuild' | 'raiseChecklist' | 'raiseTerms' | 'stale' | 'again' | Error;

/**
 * Why the access record refused a write (pure): a missing or partial record is rebuilt; a
 * restrictive fact refuses (403 ACCESS_REVOKED, or 409 ITEM_READ_ONLY with the access state); a
 * checklist or terms version behind the one demanded may be a copy that lags (checked against its
 * source, then raised); one ahead of it means the function's definition is stale (read again).
 */
function verdictOn(
  caller: PortalCaller,
  type: AssignableType,
  access: ItemAccess | undefined,
  guard: WriteGuard,
): GuardVerdict {
  if (!isComplete(access)) return 'rebuild';
  const state = decideOnCopy(type, access, 'copied', guard.now);
  if (state.state === 'revoked') return accessRevoked(caller, 'assignment, external user or item no longer active');
  if (state.state !== 'open') return new ConflictError(state.message, { access: state }, 'ITEM_READ_ONLY');
  const copied = checklistVersionIn(access, guard.checklistId);
  if (copied === undefined || copied < guard.checklistVersion) return 'raiseChecklist';
  if (copied > guard.checklistVersion) return 'stale';
  if (guard.termsVersion !== undefined && access.termsVersion !== guard.termsVersion) {
    return access.termsVersion === undefined || access.termsVersion < guard.termsVersion ? 'raiseTerms' : 'stale';
  }
  return 'again';
}

const termsNotAccepted = () => new ForbiddenError('Accept the Terms & Conditions to continue', 'TERMS_NOT_ACCEPTED');

/**
 * Sends the write (or writes) behind the guard, in one TransactWriteItems with one ConditionCheck
 * of the external user's item access record: the assignment and the external user still active,
 * the item still open (not archived or finished; a job before its due date), the checklist still
 * the version validated against, and the current terms accepted. Answers 'done', or 'stale' when
 * the checklist (or the terms) changed meanwhile (read them again and retry); a refusal throws
 * why: 403 ACCESS_REVOKED, 409 ITEM_READ_ONLY (with the access state), 403 TERMS_NOT_ACCEPTED, or
 * what `writeRefused` makes of a write's own failed condition (given the stored item). An answer's
 * write (`answering`) also notes its time on the record (the reports' "who answered last"). A record
 * that is missing or partial is rebuilt from the sources, and a copied checklist or terms version
 * found behind its source is raised, each then retried (at most twice in all).
 */
export async function guardedWrite(
  caller: PortalCaller,
  type: AssignableType,
  itemId: string,
  definition: Definition,
  write: Step | Step[],
  now: Date,
  writeRefused: (stored: Record<string, unknown> | undefined) => Error,
  answering = false,
): Promise<'done' | 'stale'> {
  const guard: WriteGuard = {
    accountId: caller.accountId,
    externalUserId: caller.externalUserId,
    type,
    itemId,
    checklistId: definition.checklist.id,
    checklistVersion: definition.checklist.version,
    termsVersion: definition.termsVersion,
    now,
    answering,
  };
  const place = accessPlaceOf(guard);
  const writes = Array.isArray(write) ? write : [write];
  for (let attempt = 0; attempt < 3; attempt++) {
    const refusal = await writeBehindGuard(guard, writes);
    if (!refusal) return 'done';
    if (!refusal.failed.has('access')) throw writeRefused(refusal.stored);
    const verdict = verdictOn(caller, type, refusal.access, guard);
    if (verdict instanceof Error) throw verdict;
    if (verdict === 'stale') return 'stale';
    if (verdict === 'rebuild') {
      const rebuilt = await rebuildAccessRecord(place, refusal.access);
      if (!rebuilt) throw accessRevoked(caller, 'no assignment, external user or item to copy');
      const after = verdictOn(caller, type, rebuilt, guard);
      if (after instanceof Error) throw after;
    } else if (verdict === 'raiseChecklist') {
      const current = await findChecklistVersion(place, guard.checklistId);
      if (current === undefined) return 'stale';
      await raiseAccessFact(place, checklistField(guard.checklistId), current);
    } else if (verdict === 'raiseTerms') {
      const accepted = await findAcceptedTermsOf(caller.accountId, caller.externalUserId);
      if (accepted === undefined || accepted < (guard.termsVersion ?? 0)) throw termsNotAccepted();
      await raiseAccessFact(place, 'termsVersion', accepted);
    }
  }
  throw new ConflictError('Your access to this item changed at the same moment; try again');
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
