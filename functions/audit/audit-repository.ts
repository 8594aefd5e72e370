import * as z from 'zod/mini';
import { itemSize, valueSize } from '#shared/data/item-size';
import {
  type AssignableType,
  auditEntry,
  auditEntryFromKeys,
  auditEntryIndexes,
  auditSettingIndexes,
  externalActivity,
  itemTrail,
} from '#shared/data/keys';
import { createItem, type Page, queryKept, queryPage } from '#shared/data/table';
import { ConflictError } from '#shared/errors';
import { lazySchema } from '#shared/lazy-schema';
import { type AuditEntry, type AuditEvent, auditEntrySchema } from './audit-event';

const stored = /* @__PURE__ */ lazySchema(() => z.extend(auditEntrySchema, { entity: z.literal('AuditEntry') }));
const view = ({ entity: _e, ...entry }: z.infer<typeof stored>): AuditEntry => entry;
/** What an entry does not store because its keys say it: time, item id, external user. */
const fromKeys = auditEntryFromKeys;

/**
 * The most an entry may take: 1 KB is one write unit, for the entry and for each of its two index
 * copies (both project the whole entry), so an entry costs at most 3 WRU.
 */
export const maxEntryBytes = 1024;

/** `text` cut to at most `bytes` bytes of UTF-8, ending in '…' (never in half a character). */
function cut(text: string, bytes: number): string {
  let kept = '';
  let size = 3; // '…'
  for (const char of text) {
    size += Buffer.byteLength(char);
    if (size > bytes) break;
    kept += char;
  }
  return `${kept}…`;
}

/** The details with each value larger than `cap` bytes cut to it, and named in `truncated` with its full length. */
function capped(details: Record<string, unknown>, cap: number): Record<string, unknown> {
  const truncated: Record<string, number> = {};
  const kept = Object.fromEntries(
    Object.entries(details).map(([name, value]) => {
      if (valueSize(value) <= cap) return [name, value];
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      truncated[name] = text.length;
      return [name, cut(text, cap)];
    }),
  );
  return Object.keys(truncated).length > 0 ? { ...kept, truncated } : kept;
}

/**
 * Keeps an entry within `maxEntryBytes`. Every value is kept whole when it fits, as it does for
 * every event but long texts (an answer with its old and new value of about 120 characters each
 * fits). When it does not, the longest detail values are cut to one common length, the largest
 * that fits: each cut value (a non-text one as its JSON) ends in '…' and `details.truncated`
 * names it with its full length in characters. The answer, comment or record itself keeps the
 * current value whole.
 */
function withinMaxSize<E extends { details: Record<string, unknown> }>(entry: E): E {
  if (itemSize(entry) <= maxEntryBytes) return entry;
  let best: E | undefined;
  let [low, high] = [0, maxEntryBytes];
  while (low <= high) {
    const cap = Math.floor((low + high) / 2);
    const candidate = { ...entry, details: capped(entry.details, cap) };
    if (itemSize(candidate) <= maxEntryBytes) {
      best = candidate;
      low = cap + 1;
    } else {
      high = cap - 1;
    }
  }
  return best ?? { ...entry, details: capped(entry.details, 0) };
}

/**
 * Files one event, keyed by its stream record: a record delivered again finds its entry there and
 * adds none (R19). Answers false for such a repeat. The entry leaves out what its keys hold (see
 * `fromKeys`) and keeps `itemType`, which the activity's item type filter reads.
 */
export async function recordAuditEvent(
  event: AuditEvent,
  record: { at: Date; sequenceNumber: string; eventId: string },
): Promise<boolean> {
  const at = record.at.toISOString();
  const target = { accountId: event.accountId, ...(event.item ? { item: event.item } : {}) };
  try {
    await createItem(
      withinMaxSize({
        ...auditEntry(target, at, record.sequenceNumber),
        ...(event.externalUserId
          ? auditEntryIndexes(target, event.externalUserId, at, record.sequenceNumber)
          : event.subject
            ? auditSettingIndexes(target, at, record.sequenceNumber)
            : {}),
        entity: 'AuditEntry',
        action: event.action,
        actor: event.actor,
        ...(event.item ? { itemType: event.item.type } : {}),
        ...(event.subject ? { subject: event.subject } : {}),
        details: event.details,
        eventId: record.eventId,
      }),
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
) => page(queryPage(itemTrail(type, accountId, itemId), stored, { ...options, newestFirst: true, fromKeys }));

/**
 * One page of the account's external user activity, newest first, of the entries `keep` keeps:
 * one Query of one index (the item type a filter of that Query), and more from where it stopped
 * while the page is not full.
 */
export const externalActivityPage = (
  accountId: string,
  filter: { externalUserId?: string; itemType?: AssignableType; from?: string; to?: string },
  options: { limit: number; cursor?: string },
  keep: (entries: AuditEntry[]) => Promise<boolean[]>,
) =>
  page(
    queryKept(externalActivity(accountId, filter), stored, { ...options, newestFirst: true, fromKeys }, (entries) =>
      keep(entries.map(view)),
    ),
  );
