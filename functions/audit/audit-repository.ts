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
  type PrimaryKey,
} from '#shared/data/keys';
import { batchPutItems, maxBatchWriteItems, type Page, queryKept, queryPage } from '#shared/data/table';
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

/** The stream record an entry is filed for: its time, and what keys the entry to it. */
export interface AuditRecordRef {
  at: Date;
  sequenceNumber: string;
  eventId: string;
}

/** The item of one event's entry, keyed by its stream record (see `recordAuditEvents`). */
function entryItem(event: AuditEvent, record: AuditRecordRef) {
  const at = record.at.toISOString();
  const target = { accountId: event.accountId, ...(event.item ? { item: event.item } : {}) };
  return withinMaxSize({
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
  });
}

/**
 * How `recordAuditEvents` retries what DynamoDB leaves unprocessed (under load): up to `attempts`
 * requests per group, waiting before each retry a random time up to `baseMs` × 2^(retry − 1),
 * at most `capMs` ("full jitter", as the SDK's standard retries).
 */
export const auditWriteRetries = { attempts: 6, baseMs: 50, capMs: 1000 };

const backoff = (retry: number) =>
  new Promise((resolve) =>
    setTimeout(resolve, Math.random() * Math.min(auditWriteRetries.capMs, auditWriteRetries.baseMs * 2 ** (retry - 1))),
  );

/** Writes one group of at most 25 items, retrying the unprocessed; answers those still unwritten, and why. */
async function putGroup(items: (PrimaryKey & Record<string, unknown>)[]) {
  let pending = items;
  try {
    for (let attempt = 1; pending.length > 0 && attempt <= auditWriteRetries.attempts; attempt++) {
      if (attempt > 1) await backoff(attempt - 1);
      pending = await batchPutItems(pending);
    }
  } catch (error) {
    return { unwritten: pending, error: error as Error };
  }
  const error =
    pending.length > 0 ? new Error('DynamoDB left audit entries of a BatchWriteItem unprocessed') : undefined;
  return { unwritten: pending, error };
}

const keyOf = (item: PrimaryKey) => `${item.pk}\u0000${item.sk}`;

/**
 * Files the events, each keyed by its stream record: BatchWriteItem of 25 entries at a time, the
 * requests of one call in parallel (a stream batch of 100 records is at most 4), the entries
 * DynamoDB leaves unprocessed retried with backoff (`auditWriteRetries`). The order they are
 * written in does not matter: an item's trail sorts by the entries' keys (time, then sequence
 * number, R20). A record delivered again puts the same item under the same key, which changes
 * nothing (R19); the same record twice in one call is written once. The entry leaves out what its
 * keys hold (see `fromKeys`) and keeps `itemType`, which the activity's item type filter reads.
 *
 * Answers the positions in `writes` whose entry may not be written (its request failed, or it was
 * still unprocessed after the last attempt), in order, empty when every one was; and the first
 * cause.
 */
export async function recordAuditEvents(
  writes: readonly { event: AuditEvent; record: AuditRecordRef }[],
): Promise<{ unwritten: number[]; error?: Error }> {
  const byKey = new Map<string, { item: PrimaryKey & Record<string, unknown>; positions: number[] }>();
  writes.forEach(({ event, record }, position) => {
    const item = entryItem(event, record);
    const key = keyOf(item);
    const same = byKey.get(key);
    if (same) same.positions.push(position);
    else byKey.set(key, { item, positions: [position] });
  });
  const items = [...byKey.values()].map(({ item }) => item);
  const groups: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += maxBatchWriteItems) groups.push(items.slice(i, i + maxBatchWriteItems));
  const outcomes = await Promise.all(groups.map(putGroup));
  const unwritten = outcomes
    .flatMap((outcome) => outcome.unwritten)
    .flatMap((item) => byKey.get(keyOf(item))?.positions ?? [])
    .sort((a, b) => a - b);
  const error = outcomes.find((outcome) => outcome.error)?.error;
  return { unwritten, ...(error ? { error } : {}) };
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
