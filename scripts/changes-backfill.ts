import { ScanCommand, type ScanCommandInput, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { putFeedLogEntry } from '../functions/feed/feed-log-repository';
import {
  type AssignableType,
  account,
  accountIdOf,
  assignableOf,
  changesRecordOf,
  externalUserIndexes,
  externalUserRecordOf,
  staffUserEmailIndexes,
  staffUserStatusIndexes,
  type VisibilityClass,
  workItemChangeIndexes,
} from '../functions/shared/data/keys';
import { dynamo } from '../functions/shared/data/table';
import { feedLogSourceOf, putItemEntriesNow } from '../functions/streams/feed-log-entries';
import { syncOwnerPairRows } from '../functions/work/shared/owner-pair-rows-repository';

/** What a run did: records read, keys added, and records left as they were because they changed meanwhile. */
export interface BackfillOutcome {
  scanned: number;
  updated: number;
  changedMeanwhile: number;
}

const concurrency = 25;

/**
 * Where a backfill runs: a table, or one account of it (a staged rollout, an account checked
 * first; a test's own data). An account's records are those whose partition is the account's or
 * starts with it (`ACC#<id>` and `ACC#<id>#…`).
 */
export type BackfillTarget = string | { tableName: string; accountId?: string };

const tableOf = (target: BackfillTarget) => (typeof target === 'string' ? target : target.tableName);

/**
 * Every page of a Scan of the table (an operator's one-off, never a request path), 1,000 items
 * read a page, with the items the filter kept and how many it read. With an account, the filter
 * keeps that account's records only (the Scan still reads the table: it is the writes and reads
 * per record kept that an account saves).
 */
async function* scanPages(
  target: BackfillTarget,
  scan: Omit<ScanCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
): AsyncGenerator<{ items: Record<string, unknown>[]; scanned: number }> {
  const accountId = typeof target === 'string' ? undefined : target.accountId;
  const scoped = accountId
    ? {
        ...scan,
        FilterExpression: `(${scan.FilterExpression}) AND (pk = :backfillAccount OR begins_with(pk, :backfillAccountKeys))`,
        ExpressionAttributeValues: {
          ...scan.ExpressionAttributeValues,
          ':backfillAccount': account(accountId).pk,
          ':backfillAccountKeys': `${account(accountId).pk}#`,
        },
      }
    : scan;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({
        ...scoped,
        TableName: tableOf(target),
        Limit: 1000,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    yield { items: page.Items ?? [], scanned: page.ScannedCount ?? 0 };
    start = page.LastEvaluatedKey;
  } while (start);
}

/**
 * One backfill UpdateItem under its condition (the keys still missing, the record as read): true
 * when it wrote, false when the condition failed (a write in between already did it, or changed
 * the record); any other error is thrown.
 */
async function updateIfStill(tableName: string, update: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
  try {
    await dynamo.send(new UpdateCommand({ ...update, TableName: tableName }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/**
 * FEED-8: adds the `changes` index keys (the Power BI feed's) to every job, incident and job or
 * incident tombstone written before the index existed. Pages the whole table (a Scan: an
 * operator's one-off, never a request path), and gives each record without `gsi5pk` its keys with
 * one UpdateItem conditional on the key still missing and the record's time as read, so a write in
 * between wins (it adds the keys itself) and a second run changes nothing. A tombstone's keys
 * take its deletion's time (what the feed shows as its modification).
 */
export async function backfillChanges(
  target: BackfillTarget,
  log: (line: string) => void = () => {},
): Promise<BackfillOutcome> {
  const tableName = tableOf(target);
  const outcome: BackfillOutcome = { scanned: 0, updated: 0, changedMeanwhile: 0 };
  for await (const page of scanPages(target, {
    FilterExpression: 'attribute_not_exists(gsi5pk)',
    ProjectionExpression: 'pk, sk, id, updatedAt, deletedAt, privacyStatusId',
  })) {
    outcome.scanned += page.scanned;
    const pending = page.items.flatMap((item) => {
      const record = changesRecordOf(item);
      const at = record?.tombstone ? item.deletedAt : item.updatedAt;
      return record && typeof at === 'string' && typeof item.id === 'string' ? [{ item, record, at }] : [];
    });
    for (let i = 0; i < pending.length; i += concurrency) {
      const results = await Promise.all(pending.slice(i, i + concurrency).map((p) => addKeys(tableName, p)));
      for (const added of results) {
        if (added) outcome.updated += 1;
        else outcome.changedMeanwhile += 1;
      }
    }
    log(`scanned ${outcome.scanned}, keys added to ${outcome.updated}, changed meanwhile ${outcome.changedMeanwhile}`);
  }
  return outcome;
}

async function addKeys(
  tableName: string,
  {
    item,
    record,
    at,
  }: { item: Record<string, unknown>; record: NonNullable<ReturnType<typeof changesRecordOf>>; at: string },
): Promise<boolean> {
  const visibility: VisibilityClass =
    typeof item.privacyStatusId === 'string'
      ? { kind: 'privacyStatus', privacyStatusId: item.privacyStatusId }
      : { kind: 'open' };
  const keys = workItemChangeIndexes(record.type, record.accountId, { id: String(item.id), updatedAt: at, visibility });
  return updateIfStill(tableName, {
    Key: { pk: item.pk, sk: item.sk },
    UpdateExpression: 'SET gsi5pk = :pk, gsi5sk = :sk',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi5pk) AND #t = :at',
    ExpressionAttributeNames: { '#t': record.tombstone ? 'deletedAt' : 'updatedAt' },
    ExpressionAttributeValues: {
      ':pk': keys.gsi5pk,
      ':sk': keys.gsi5sk,
      ':at': at,
    },
  });
}

/** What the rows' backfill did: open jobs and incidents with (owner, X) rows found, rows put and deleted. */
export interface OwnerPairBackfill {
  scanned: number;
  items: number;
  put: number;
  deleted: number;
}

const types: Record<string, AssignableType> = { Job: 'job', Incident: 'incident' };

/**
 * WRK-8 for data written before the (owner, X) rows: pages the table (a Scan, an operator's
 * one-off) for open jobs and incidents with an external user, another owner, a customer or a site
 * and gives each its rows with the stream consumer's own sync, which writes only what is missing or behind (a second run writes
 * nothing, and a change in between is synced by the consumer anyway).
 */
export async function backfillOwnerPairRows(
  target: BackfillTarget,
  log: (line: string) => void = () => {},
): Promise<OwnerPairBackfill> {
  const outcome: OwnerPairBackfill = { scanned: 0, items: 0, put: 0, deleted: 0 };
  for await (const page of scanPages(target, {
    FilterExpression:
      '#e IN (:job, :incident) AND attribute_not_exists(privacyStatusId) AND ' +
      '(size(externalUsers) > :none OR size(ownerIds) > :one OR attribute_exists(customerId) OR attribute_exists(siteId))',
    ExpressionAttributeNames: { '#e': 'entity' },
    ExpressionAttributeValues: { ':job': 'Job', ':incident': 'Incident', ':none': 0, ':one': 1 },
    ProjectionExpression: 'pk, #e, id',
  })) {
    outcome.scanned += page.scanned;
    const pending = page.items.flatMap((item) => {
      const type = types[String(item.entity)];
      const accountId = accountIdOf(item.pk);
      return type && accountId && typeof item.id === 'string' ? [{ type, accountId, id: item.id }] : [];
    });
    for (let i = 0; i < pending.length; i += concurrency) {
      const results = await Promise.all(
        pending.slice(i, i + concurrency).map((p) => syncOwnerPairRows(p.type, p.accountId, p.id)),
      );
      for (const result of results) {
        outcome.items += 1;
        outcome.put += result.put;
        outcome.deleted += result.deleted;
      }
    }
    log(`scanned ${outcome.scanned}, items with (owner, X) rows ${outcome.items}, rows put ${outcome.put}`);
  }
  return outcome;
}

/**
 * FEED-7 for tombstones written before they kept who deleted them under `updatedBy` (the name
 * `changes` projects): pages the table for job and incident tombstones without it and copies
 * `deletedBy` with one UpdateItem each, conditional on it still missing (a second run changes nothing).
 */
export async function backfillTombstoneModifiedBy(
  target: BackfillTarget,
): Promise<{ scanned: number; updated: number }> {
  const tableName = tableOf(target);
  const outcome = { scanned: 0, updated: 0 };
  for await (const page of scanPages(target, {
    FilterExpression: 'sk = :deleted AND attribute_exists(gsi5pk) AND attribute_not_exists(updatedBy)',
    ExpressionAttributeValues: { ':deleted': 'DELETED' },
    ProjectionExpression: 'pk, sk, deletedBy',
  })) {
    outcome.scanned += page.scanned;
    for (const item of page.items) {
      if (typeof item.deletedBy !== 'string') continue;
      if (
        await updateIfStill(tableName, {
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET updatedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(updatedBy)',
          ExpressionAttributeValues: { ':by': item.deletedBy },
        })
      )
        outcome.updated += 1;
    }
  }
  return outcome;
}

/**
 * FEED-11: adds the external users' place by modification time (`visibility`'s
 * `ACC#<a>#EXTUSERS#CHANGES`, FEED-10) to every external user written before it. Pages the table
 * (a Scan, an operator's one-off) for external users without `gsi2pk` and gives each its keys with
 * one UpdateItem conditional on the key still missing and `updatedAt` as read, so a write in
 * between wins (it puts the keys itself) and a second run changes nothing.
 */
export async function backfillExternalUserChanges(
  target: BackfillTarget,
  log: (line: string) => void = () => {},
): Promise<BackfillOutcome> {
  const tableName = tableOf(target);
  const outcome: BackfillOutcome = { scanned: 0, updated: 0, changedMeanwhile: 0 };
  for await (const page of scanPages(target, {
    FilterExpression: '#e = :user AND attribute_not_exists(gsi2pk)',
    ExpressionAttributeNames: { '#e': 'entity', '#s': 'status' },
    ExpressionAttributeValues: { ':user': 'ExternalUser' },
    ProjectionExpression: 'pk, sk, givenName, familyName, #s, updatedAt',
  })) {
    outcome.scanned += page.scanned;
    const pending = page.items.flatMap((item) => {
      const user = externalUserRecordOf(item);
      return user && typeof item.updatedAt === 'string' ? [{ item, user, at: item.updatedAt }] : [];
    });
    for (let i = 0; i < pending.length; i += concurrency) {
      const results = await Promise.all(
        pending.slice(i, i + concurrency).map(async ({ item, user, at }) => {
          const name = `${String(item.familyName)} ${String(item.givenName)}`;
          const keys = externalUserIndexes(
            user.accountId,
            user.id,
            name,
            String(item.status),
            new Date(at).toISOString(),
          );
          return updateIfStill(tableName, {
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: 'SET gsi2pk = :pk, gsi2sk = :sk',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi2pk) AND updatedAt = :at',
            ExpressionAttributeValues: { ':pk': keys.gsi2pk, ':sk': keys.gsi2sk, ':at': at },
          });
        }),
      );
      for (const added of results) {
        if (added) outcome.updated += 1;
        else outcome.changedMeanwhile += 1;
      }
    }
    log(`external users: scanned ${outcome.scanned}, keys added to ${outcome.updated}`);
  }
  return outcome;
}

/**
 * STF-8 for staff users written before they were listed by address: pages the table for staff
 * users without `gsi3pk` and gives each its address keys with one UpdateItem, conditional on them
 * still missing (a second run changes nothing). Not audited: the stream consumer records only a
 * staff user's deliverability changes.
 */
export async function backfillStaffUserEmailKeys(
  target: BackfillTarget,
): Promise<{ scanned: number; updated: number }> {
  const tableName = tableOf(target);
  const outcome = { scanned: 0, updated: 0 };
  for await (const page of scanPages(target, {
    FilterExpression: 'entity = :entity AND attribute_not_exists(gsi3pk)',
    ExpressionAttributeValues: { ':entity': 'StaffUser' },
    ProjectionExpression: 'pk, sk, id, accountId, email',
  })) {
    outcome.scanned += page.scanned;
    for (const item of page.items) {
      if (typeof item.id !== 'string' || typeof item.accountId !== 'string' || typeof item.email !== 'string') continue;
      const keys = staffUserEmailIndexes(item.accountId, item.id, item.email);
      if (
        await updateIfStill(tableName, {
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET gsi3pk = :pk, gsi3sk = :sk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi3pk)',
          ExpressionAttributeValues: { ':pk': keys.gsi3pk, ':sk': keys.gsi3sk },
        })
      )
        outcome.updated += 1;
    }
  }
  return outcome;
}

/**
 * STF-2, STF-8 with `status`, for staff users written before the lists of one status: pages the
 * table for staff users without `gsi4pk` and gives each its place in its status's lists (by name
 * and by address) with one UpdateItem, conditional on them still missing and the status and name
 * as read (a change in between puts them itself); a second run changes nothing. Not audited, as
 * above.
 */
export async function backfillStaffUserStatusKeys(
  target: BackfillTarget,
): Promise<{ scanned: number; updated: number }> {
  const tableName = tableOf(target);
  const outcome = { scanned: 0, updated: 0 };
  for await (const page of scanPages(target, {
    FilterExpression: 'entity = :entity AND attribute_not_exists(gsi4pk)',
    ExpressionAttributeValues: { ':entity': 'StaffUser' },
    ProjectionExpression: 'pk, sk, id, accountId, email, #status, givenName, familyName',
    ExpressionAttributeNames: { '#status': 'status' },
  })) {
    outcome.scanned += page.scanned;
    for (const item of page.items) {
      const fields = ['id', 'accountId', 'email', 'status', 'givenName', 'familyName'] as const;
      if (!fields.every((name) => typeof item[name] === 'string')) continue;
      const { id, accountId, email, status, givenName, familyName } = item as Record<(typeof fields)[number], string>;
      const keys = staffUserStatusIndexes(accountId, { id, status, email, sortName: `${familyName} ${givenName}` });
      if (
        await updateIfStill(tableName, {
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET gsi4pk = :pk4, gsi4sk = :sk4, gsi2pk = :pk2, gsi2sk = :sk2',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(gsi4pk) AND #status = :status AND givenName = :given AND familyName = :family',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pk4': keys.gsi4pk,
            ':sk4': keys.gsi4sk,
            ':pk2': keys.gsi2pk,
            ':sk2': keys.gsi2sk,
            ':status': status,
            ':given': givenName,
            ':family': familyName,
          },
        })
      )
        outcome.updated += 1;
    }
  }
  return outcome;
}

/**
 * FEED-14: the feed's log entries (FEED-12, FEED-13) of assignments and answers written before the
 * stream consumer kept them, and their external users' keys (FEED-17); and each job's or
 * incident's entry for every external user ever assigned to it (an assignment, active or revoked,
 * says who), as the item is now. Pages the table (a Scan, an operator's one-off) for assignments
 * and answers and puts each one's entry with the consumer's own write: conditional on no entry, one
 * copied from an older state, or one of the same state without the user's key, so a change in
 * between wins and a second run writes nothing.
 */
export async function backfillFeedLog(
  target: BackfillTarget,
  log: (line: string) => void = () => {},
): Promise<{ scanned: number; written: number; itemEntries: number }> {
  const outcome = { scanned: 0, written: 0, itemEntries: 0 };
  for await (const page of scanPages(target, {
    FilterExpression: '#e IN (:assignment, :answer)',
    ExpressionAttributeNames: { '#e': 'entity' },
    ExpressionAttributeValues: { ':assignment': 'Assignment', ':answer': 'ChecklistAnswer' },
  })) {
    outcome.scanned += page.scanned;
    const pending = page.items.flatMap((item) => {
      const source = feedLogSourceOf(item.entity, item.pk, item);
      return source ? [source] : [];
    });
    for (let i = 0; i < pending.length; i += concurrency) {
      const results = await Promise.all(pending.slice(i, i + concurrency).map(putFeedLogEntry));
      outcome.written += results.filter(Boolean).length;
    }
    // The items' entries for their assignees, one item's users together (one read of the item).
    const assignees = new Map<string, string[]>();
    for (const item of page.items) {
      if (item.entity !== 'Assignment' || typeof item.externalUserId !== 'string') continue;
      assignees.set(String(item.pk), [...(assignees.get(String(item.pk)) ?? []), item.externalUserId]);
    }
    const items = [...assignees].flatMap(([pk, users]) => {
      const place = assignableOf(pk);
      return place ? [{ place, users }] : [];
    });
    for (let i = 0; i < items.length; i += concurrency) {
      const results = await Promise.all(
        items.slice(i, i + concurrency).map(({ place, users }) => putItemEntriesNow(place, users)),
      );
      outcome.itemEntries += results.reduce((sum, n) => sum + n, 0);
    }
    log(
      `assignments and answers: scanned ${outcome.scanned}, feed log entries written ${outcome.written}, item entries ${outcome.itemEntries}`,
    );
  }
  return outcome;
}
