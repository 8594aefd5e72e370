import * as z from 'zod/mini';
import {
  type AssignableType,
  type OwnerPairFilter,
  ownerPairRowIndexes,
  ownerPairRowKey,
  ownerPairRows,
  type PrimaryKey,
  workItem,
  workItemRow,
} from '#shared/data/keys';
import { absentOr, deleteIf, getItem, itemPresent, presentAnd, putIf, queryEachPage } from '#shared/data/table';
import { lazySchema } from '#shared/lazy-schema';
import { ownerPairFilters } from './list-rows';

// The data access of the (owner, X) rows (WRK-8): what the stream consumer reads of a
// job or incident and writes beside it. The item is read whole but its description (the rows
// carry the list columns), through a loose schema, so the consumer carries no item contract.

const itemSchema = lazySchema(() => {
  const text = z.optional(z.string());
  return z.looseObject({
    id: z.string(),
    ownerIds: z.array(z.string()),
    externalUsers: z.optional(z.array(z.string())),
    customerId: text,
    siteId: text,
    departmentId: text,
    privacyStatusId: text,
    archived: z.boolean(),
    status: z.string(),
    dueAt: text,
    raisedAt: text,
    version: z.number(),
  });
});

const rowSchema = lazySchema(() => z.object({ rowKey: z.string(), version: z.number() }));

const entities: Record<AssignableType, string> = { job: 'JobListRow', incident: 'IncidentListRow' };

/** What one run wrote: rows put and rows deleted. */
export interface OwnerPairSync {
  put: number;
  deleted: number;
}

const concurrency = 25;

/**
 * WRK-8: makes an item's (owner, X) rows what the item says now. One GetItem of the item and one
 * Query of its rows beginning with `OWNER` (both consistent; its owner rows are skipped), then one PutItem per row that is missing or
 * behind the item's version (condition: absent or older, so a late run never writes an older
 * state over a newer one) and one DeleteItem per row the item no longer has (condition: not newer
 * than the item read; unconditional when the item is gone). Idempotent: a second run writes nothing.
 */
export async function syncOwnerPairRows(type: AssignableType, accountId: string, id: string): Promise<OwnerPairSync> {
  const [item, existing] = await Promise.all([
    getItem(workItem(type, accountId, id), itemSchema),
    rowsOf(type, accountId, id),
  ]);
  const wanted = new Map<string, OwnerPairFilter>();
  for (const filter of item ? ownerPairFilters(item) : []) {
    wanted.set(workItemRow(type, accountId, id, filter).sk, filter);
  }
  const writes: { kind: keyof OwnerPairSync; run: () => Promise<boolean> }[] = [];
  if (item) {
    const { description: _description, ...summary } = item;
    const sortAt = (type === 'job' ? item.dueAt : item.raisedAt) ?? item.id;
    const facts = {
      id,
      sortAt,
      archived: item.archived,
      status: item.status,
      departmentId: item.departmentId,
      visibility: { kind: 'open' as const },
    };
    for (const [sk, filter] of wanted) {
      if (existing.get(sk) === item.version) continue;
      const row = {
        ...summary,
        ...workItemRow(type, accountId, id, filter),
        ...ownerPairRowIndexes(type, accountId, filter, facts),
        entity: entities[type],
      };
      const older = absentOr({ expression: '#v < :v', names: { '#v': 'version' }, values: { ':v': item.version } });
      writes.push({ kind: 'put', run: () => putIf(row, older) });
    }
  }
  for (const sk of existing.keys()) {
    if (wanted.has(sk)) continue;
    const key = ownerPairRowKey(type, accountId, id, sk) as PrimaryKey;
    const notNewer = item
      ? presentAnd({ expression: '#v <= :v', names: { '#v': 'version' }, values: { ':v': item.version } })
      : itemPresent;
    writes.push({ kind: 'deleted', run: () => deleteIf(key, notNewer) });
  }
  const outcome: OwnerPairSync = { put: 0, deleted: 0 };
  for (let i = 0; i < writes.length; i += concurrency) {
    const chunk = writes.slice(i, i + concurrency);
    const landed = await Promise.all(chunk.map((write) => write.run()));
    chunk.forEach((write, j) => {
      if (landed[j]) outcome[write.kind] += 1;
    });
  }
  return outcome;
}

/** The item's (owner, X) rows by sort key, with the item version each was written at: Queries of its collection. */
async function rowsOf(type: AssignableType, accountId: string, id: string) {
  const rows = new Map<string, number>();
  await queryEachPage(
    ownerPairRows(type, accountId, id),
    rowSchema,
    { limit: 1000, consistent: true, fromKeys: (stored) => ({ rowKey: stored.sk }) },
    (items) => {
      for (const row of items) if (ownerPairRowKey(type, accountId, id, row.rowKey)) rows.set(row.rowKey, row.version);
    },
  );
  return rows;
}
