import * as z from 'zod/mini';
import { type AssignableType, checklistKeys, keys, termsKeys } from '#shared/data/keys';
import { batchGetItems, conditionCheck, parseItem, type TransactItem, transactWrite } from '#shared/data/table';
import { ConflictError, ForbiddenError, NotFoundError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import { TtlCache } from '#shared/ttl-cache';
import { accessRevoked } from '../external-users/external-user-access';
import { accessTargetSchema, cancelled, decideAccess, finished } from '../links/link-state';
import { openPortalItem } from '../links/portal-access';
import { termsRecordSchema } from '../terms/terms-repository';
import { type Checklist, type ChecklistItem, checklistSchema } from './checklist.contract';
import { isFor } from './checklist-progress';
import { checklistOf } from './checklist-repository';

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

const anyRecord = z.looseObject({ entity: z.string() });

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
  const found = await batchGetItems(
    [checklistKeys.checklist(type, accountId, itemId, checklistId), termsKeys.currentTerms(accountId)],
    anyRecord,
  );
  const checklist = found.find((r) => r.entity === 'Checklist');
  const terms = found.find((r) => r.entity === 'CurrentTerms');
  if (!checklist) return undefined;
  const definition: Definition = {
    checklist: checklistOf(parseItem(checklistRecord, checklist)),
    ...(terms ? { termsVersion: parseItem(termsRecordSchema, terms).termsVersion } : {}),
  };
  definitions.set(cacheKey, definition);
  return definition;
}

const checklistRecord = z.extend(checklistSchema, { entity: z.literal('Checklist') });

/**
 * The checks every portal write to a checklist makes, in its own transaction: the assignment and
 * the external user still active, the item still open (not archived or finished; a job before its
 * due date), the checklist still the version validated against, and the current terms accepted.
 */
export function guardChecks(
  caller: PortalCaller,
  type: AssignableType,
  itemId: string,
  definition: Definition,
  now: Date,
): TransactItem[] {
  const { accountId, externalUserId } = caller;
  const at = now.toISOString();
  // The statuses after which the link state is completed or revoked: no more writes.
  const closed = [...finished[type], ...cancelled[type]];
  const statuses = Object.fromEntries(closed.map((status, i) => [`:done${i}`, status]));
  const itemCondition =
    `attribute_exists(pk) AND #archived = :false AND NOT (#status IN (${Object.keys(statuses).join(', ')}))` +
    (type === 'job' ? ' AND #dueAt > :now' : '');
  const checks: TransactItem[] = [
    conditionCheck(keys.assignment(type, accountId, itemId, externalUserId), {
      expression: '#status = :active',
      names: { '#status': 'status' },
      values: { ':active': 'active' },
    }),
    conditionCheck(keys.externalUser(accountId, externalUserId), {
      expression: '#status = :active AND (attribute_not_exists(#auto) OR #auto > :now)',
      names: { '#status': 'status', '#auto': 'autoDisableAt' },
      values: { ':active': 'active', ':now': at },
    }),
    conditionCheck(keys.workItem(type, accountId, itemId), {
      expression: itemCondition,
      names: { '#archived': 'archived', '#status': 'status', ...(type === 'job' ? { '#dueAt': 'dueAt' } : {}) },
      values: { ':false': false, ...statuses, ...(type === 'job' ? { ':now': at } : {}) },
    }),
    conditionCheck(checklistKeys.checklistVersion(type, accountId, itemId, definition.checklist.id), {
      expression: '#version = :version',
      names: { '#version': 'version' },
      values: { ':version': definition.checklist.version },
    }),
  ];
  if (definition.termsVersion !== undefined) {
    checks.push(
      conditionCheck(termsKeys.termsAcceptance(accountId, externalUserId), {
        expression: '#terms = :terms',
        names: { '#terms': 'termsVersion' },
        values: { ':terms': definition.termsVersion },
      }),
    );
  }
  return checks;
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
 * Sends the guard's checks and the write (or writes) in one TransactWriteItems. Answers 'done', or
 * 'stale' when the checklist changed meanwhile (read it again and retry); any other failed check
 * throws why: 403 ACCESS_REVOKED, 409 ITEM_READ_ONLY (with the access state), 403
 * TERMS_NOT_ACCEPTED, or what `writeRefused` makes of a write's own failed condition (given the
 * stored item and which write it was).
 */
export async function guardedWrite(
  caller: PortalCaller,
  type: AssignableType,
  checks: TransactItem[],
  write: TransactItem | TransactItem[],
  now: Date,
  writeRefused: (stored: Record<string, unknown> | undefined, write: number) => Error,
): Promise<'done' | 'stale'> {
  const writes = [...checks, ...(Array.isArray(write) ? write : [write])];
  const failures = await transactWrite(writes, (failed) => new WriteRefused(failed)).then(
    () => undefined,
    (error: unknown) => {
      if (error instanceof WriteRefused) return error.failed;
      throw error;
    },
  );
  if (!failures) return 'done';
  const failed = (index: number) => failures.some((f) => f.index === index);
  const itemOf = (index: number) => failures.find((f) => f.index === index)?.item;
  if (failed(0) || failed(1)) throw accessRevoked(caller, 'assignment or external user ended before the write');
  if (failed(2)) {
    const stored = itemOf(2);
    const access = stored
      ? decideAccess(
          type,
          {
            assignment: { entity: 'Assignment', status: 'active' },
            externalUser: { entity: 'ExternalUser', status: 'active' },
            item: parseItem(accessTargetSchema, stored),
          },
          now,
        )
      : undefined;
    if (!access || access.state === 'revoked') throw accessRevoked(caller, 'item archived, cancelled or gone');
    throw new ConflictError(access.message, { access }, 'ITEM_READ_ONLY');
  }
  if (failed(3)) return 'stale';
  if (checks.length === 5 && failed(4)) {
    throw new ForbiddenError('Accept the Terms & Conditions to continue', 'TERMS_NOT_ACCEPTED');
  }
  const refused = failures.find((f) => f.index >= checks.length)?.index ?? checks.length;
  throw writeRefused(itemOf(refused), refused - checks.length);
}

/** A refused transaction's failed steps, carried out of `transactWrite`. */
class WriteRefused extends Error {
  constructor(readonly failed: { index: number; item?: Record<string, unknown> }[]) {
    super('write refused');
  }
}

/** Where a portal write to a checklist goes: the item, the checklist, the checklist item. */
export interface ChecklistItemPlace {
  type: AssignableType;
  itemId: string;
  checklistId: string;
  checklistItemId: string;
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
