import * as z from 'zod/mini';
import { type AssignableType, auditKeys } from '#shared/data/keys';
import { createItem, type Page, queryKept, queryPage } from '#shared/data/table';
import { ConflictError } from '#shared/errors';
import { type AuditEntry, type AuditEvent, auditEntrySchema } from './audit-event';

const stored = z.extend(auditEntrySchema, { entity: z.literal('AuditEntry') });
const view = ({ entity: _e, ...entry }: z.infer<typeof stored>): AuditEntry => entry;

/**
 * Files one event, keyed by its stream record: a record delivered again finds its entry there and
 * adds none (R19). Answers false for such a repeat.
 */
export async function recordAuditEvent(
  event: AuditEvent,
  record: { at: Date; sequenceNumber: string; eventId: string },
): Promise<boolean> {
  const at = record.at.toISOString();
  const target = { accountId: event.accountId, ...(event.item ? { item: event.item } : {}) };
  try {
    await createItem(
      {
        ...auditKeys.entry(target, at, record.sequenceNumber),
        ...(event.externalUserId
          ? auditKeys.entryIndexes(target, event.externalUserId, at, record.sequenceNumber)
          : {}),
        entity: 'AuditEntry',
        at,
        action: event.action,
        actor: event.actor,
        ...(event.item ? { itemType: event.item.type, itemId: event.item.id } : {}),
        ...(event.externalUserId ? { externalUserId: event.externalUserId } : {}),
        details: event.details,
        eventId: record.eventId,
      },
      'recorded already',
    );
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}

const page = async (result: Promise<Page<z.infer<typeof stored>>>) => {
  const { items, cursor } = await result;
  return { items: items.map(view), ...(cursor ? { cursor } : {}) };
};

/** One page of an item's trail, newest first: one Query of its collection. */
export const itemTrailPage = (
  type: AssignableType,
  accountId: string,
  itemId: string,
  options: { limit: number; cursor?: string },
) => page(queryPage(auditKeys.itemTrail(type, accountId, itemId), stored, { ...options, newestFirst: true }));

/**
 * One page of the account's external user activity, newest first, of the entries `keep` keeps:
 * one Query of one index, and more from where it stopped while the page is not full.
 */
export const externalActivityPage = (
  accountId: string,
  filter: { externalUserId?: string; itemType?: AssignableType; from?: string; to?: string },
  options: { limit: number; cursor?: string },
  keep: (entries: AuditEntry[]) => Promise<boolean[]>,
) =>
  page(
    queryKept(auditKeys.externalActivity(accountId, filter), stored, { ...options, newestFirst: true }, (entries) =>
      keep(entries.map(view)),
    ),
  );
