import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { itemSize } from '../../bench/capacity';
import { type AuditEvent, auditEventOf } from '../../functions/audit/audit-event';
import {
  externalActivityPage,
  itemTrailPage,
  maxEntryBytes,
  recordAuditEvents,
} from '../../functions/audit/audit-repository';
import { auditKeys } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import { streamChange } from '../support/events';
import { countRequests } from '../support/request-counter';

const counter = countRequests(dynamo);
const TableName = process.env.TABLE_NAME;
let sequence = 500_000_000_000_000_000_000n;
const nextSequence = () => {
  sequence += 1n;
  return `${sequence}`;
};

/** Files `event` as the stream consumer does, `minutes` after a fixed start; the entry's key. */
async function file(event: AuditEvent, minutes: number) {
  const at = new Date(Date.UTC(2026, 11, 1, 9, minutes));
  const sequenceNumber = nextSequence();
  expect(await recordAuditEvents([{ event, record: { at, sequenceNumber, eventId: randomUUID() } }])).toEqual({
    unwritten: [],
  });
  const target = { accountId: event.accountId, ...(event.item ? { item: event.item } : {}) };
  return auditKeys.entry(target, at.toISOString(), sequenceNumber);
}

const stored = async (key: { pk: string; sk: string }) =>
  (await dynamo.send(new GetCommand({ TableName, Key: key }))).Item as Record<string, unknown>;
const wireSize = (item: Record<string, unknown>) => itemSize(marshall(item) as never);

const answer = (accountId: string, jobId: string, who: string, oldValue: unknown, newValue: unknown): AuditEvent => ({
  accountId,
  item: { type: 'job', id: jobId },
  externalUserId: who,
  actor: { kind: 'external', id: who },
  action: 'answer_saved',
  details: {
    checklistId: randomUUID(),
    checklistItemId: randomUUID(),
    oldValue,
    newValue,
    gps: { lat: 51.5074, lng: -0.1278, accuracy: 12 },
  },
});

const assigned = (accountId: string, type: 'job' | 'incident', who: string): AuditEvent => ({
  accountId,
  item: { type, id: randomUUID() },
  externalUserId: who,
  actor: { kind: 'staff', id: 'u-1' },
  action: 'assigned',
  details: {},
});

const everyone = async (entries: unknown[]) => entries.map(() => true);

describe('audit entries (≤ 3 WRU: 1 KB, written to the table and two indexes)', () => {
  it('files an answer within 1 KB without what its keys hold, and reads it back whole', async () => {
    const [account, job, who] = [randomUUID(), randomUUID(), randomUUID()];
    const text = 'Pallet of cups left in front of exit W4; moved it to the store and told catering to keep it free.';
    const event = answer(account, job, who, `${text} Again.`, text);
    const key = await file(event, 0);
    const item = await stored(key);
    expect(wireSize(item)).toBeLessThanOrEqual(maxEntryBytes);
    expect(Object.keys(item).sort()).toEqual(
      [
        'action',
        'actor',
        'details',
        'entity',
        'eventId',
        'gsi1pk',
        'gsi1sk',
        'gsi3pk',
        'gsi3sk',
        'itemType',
        'pk',
        'sk',
      ].sort(),
    );
    const { items } = await itemTrailPage('job', account, job, { limit: 10 });
    expect(items).toEqual([
      expect.objectContaining({
        at: '2026-12-01T09:00:00.000Z',
        itemType: 'job',
        itemId: job,
        externalUserId: who,
        details: event.details,
      }),
    ]);
    const activity = await externalActivityPage(account, { externalUserId: who }, { limit: 10 }, everyone);
    expect(activity.items).toEqual(items);
  });

  it('cuts the longest values of an over-long entry to one length, marks them, and keeps the rest whole', async () => {
    const [account, job, who] = [randomUUID(), randomUUID(), randomUUID()];
    const before = 'a'.repeat(3000);
    const after = 'é€'.repeat(1000);
    const event = answer(account, job, who, before, after);
    const key = await file(event, 1);
    expect(wireSize(await stored(key))).toBeLessThanOrEqual(maxEntryBytes);
    const [entry] = (await itemTrailPage('job', account, job, { limit: 10 })).items;
    const details = entry?.details as Record<string, string | object>;
    expect(details.truncated).toEqual({ oldValue: 3000, newValue: 2000 });
    expect(details.checklistId).toBe(event.details.checklistId);
    expect(details.gps).toEqual(event.details.gps);
    for (const [name, full] of [
      ['oldValue', before],
      ['newValue', after],
    ] as const) {
      const value = details[name] as string;
      expect(value.endsWith('…')).toBe(true);
      expect(full.startsWith(value.slice(0, -1))).toBe(true);
      // Far more than a marker: the entry's room goes to the values.
      expect(Buffer.byteLength(value)).toBeGreaterThan(100);
    }
    // One common length: neither value was cut further than the other.
    expect(
      Math.abs(Buffer.byteLength(details.oldValue as string) - Buffer.byteLength(details.newValue as string)),
    ).toBeLessThanOrEqual(3);
  });

  it('keeps a short answer whole, with no marker', async () => {
    const [account, job, who] = [randomUUID(), randomUUID(), randomUUID()];
    await file(answer(account, job, who, null, 'yes'), 2);
    const [entry] = (await itemTrailPage('job', account, job, { limit: 10 })).items;
    expect(entry?.details).not.toHaveProperty('truncated');
    expect(entry?.details).toMatchObject({ oldValue: null, newValue: 'yes' });
  });

  it('pages one item type where the other dominates: each entry once, newest first, reading only the one partition', async () => {
    const [account, who, someoneElse] = [randomUUID(), randomUUID(), randomUUID()];
    const events = [
      assigned(account, 'job', who),
      ...Array.from({ length: 12 }, () => assigned(account, 'incident', who)),
      assigned(account, 'job', someoneElse),
      assigned(account, 'job', who),
      ...Array.from({ length: 5 }, () => assigned(account, 'incident', someoneElse)),
    ];
    for (const [minute, event] of events.entries()) await file(event, minute);
    // Account-level entries (no item) never pass an item type filter.
    await file(
      {
        accountId: account,
        externalUserId: who,
        actor: { kind: 'external', id: who },
        action: 'terms_accepted',
        details: {},
      },
      30,
    );
    const idsOf = (list: AuditEvent[]) => list.map((e) => e.item?.id).reverse();
    const pages = async (filter: { externalUserId?: string; itemType?: 'job' | 'incident' }, limit: number) => {
      const seen: (string | undefined)[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      counter.reset();
      do {
        const page = await externalActivityPage(account, filter, { limit, ...(cursor ? { cursor } : {}) }, everyone);
        seen.push(...page.items.map((e) => e.itemId));
        sizes.push(page.items.length);
        for (const entry of page.items) expect(entry.itemType).toBe(filter.itemType);
        cursor = page.cursor;
      } while (cursor);
      return { seen, sizes, requests: [...counter.sent], read: counter.queried.read };
    };

    const userJobs = await pages({ externalUserId: who, itemType: 'job' }, 1);
    expect(userJobs.seen).toEqual(idsOf(events.filter((e) => e.externalUserId === who && e.item?.type === 'job')));
    expect(new Set(userJobs.requests)).toEqual(new Set(['Query']));
    // The user's partition only: their 15 entries on items and their terms, never the other user's.
    expect(userJobs.read).toBeLessThanOrEqual(2 * 16);

    const jobs = await pages({ itemType: 'job' }, 2);
    expect(jobs.seen).toEqual(idsOf(events.filter((e) => e.item?.type === 'job')));
    expect(jobs.sizes.slice(0, -1).every((size) => size === 2)).toBe(true);

    const incidents = await pages({ itemType: 'incident' }, 5);
    expect(incidents.seen).toEqual(idsOf(events.filter((e) => e.item?.type === 'incident')));
    expect(incidents.sizes.slice(0, 3)).toEqual([5, 5, 5]);

    const userIncidents = await pages({ externalUserId: who, itemType: 'incident' }, 12);
    expect(userIncidents.seen).toEqual(
      idsOf(events.filter((e) => e.externalUserId === who && e.item?.type === 'incident')),
    );
  });

  it('reads entries written before issue 17: their own time, item and user, and their by-type copies', async () => {
    const [account, job, who] = [randomUUID(), randomUUID(), randomUUID()];
    const at = '2026-11-30T08:00:00.000Z';
    const seq = nextSequence();
    const target = { accountId: account, item: { type: 'job' as const, id: job } };
    const activity = `ACC#${account}#EXTACTIVITY`;
    const sort = `${at}#${seq.padStart(40, '0')}`;
    await dynamo.send(
      new PutCommand({
        TableName,
        Item: {
          ...auditKeys.entry(target, at, seq),
          ...auditKeys.entryIndexes(target, who, at, seq),
          gsi2pk: `${activity}#TYPE#job`,
          gsi2sk: sort,
          gsi4pk: `${activity}#EXTUSER#${who}#TYPE#job`,
          gsi4sk: sort,
          entity: 'AuditEntry',
          at,
          action: 'signed_in',
          actor: { kind: 'external', id: who },
          itemType: 'job',
          itemId: job,
          externalUserId: who,
          details: {},
          eventId: 'old-event',
        },
      }),
    );
    const expected = {
      at,
      action: 'signed_in',
      itemType: 'job',
      itemId: job,
      externalUserId: who,
      eventId: 'old-event',
    };
    expect((await itemTrailPage('job', account, job, { limit: 5 })).items).toEqual([expect.objectContaining(expected)]);
    for (const filter of [
      {},
      { externalUserId: who },
      { itemType: 'job' as const },
      { externalUserId: who, itemType: 'job' as const },
    ]) {
      expect((await externalActivityPage(account, filter, { limit: 5 }, everyone)).items).toEqual([
        expect.objectContaining(expected),
      ]);
    }
  });

  it('keeps a client access entry naming 100 jobs and 200 sub-sites within 1 KB, in both activity lists', async () => {
    const [account, who] = [randomUUID(), randomUUID()];
    const ids = (n: number) => Array.from({ length: n }, () => randomUUID());
    const access = {
      id: randomUUID(),
      status: 'active',
      roleIds: ids(10),
      customerIds: ids(25),
      jobIds: ids(100),
      site: {
        siteId: randomUUID(),
        subSites: Object.fromEntries(ids(200).map((id) => [id, true])),
        futureSubSites: false,
      },
      updatedBy: 'u-1',
    };
    const event = auditEventOf(
      streamChange({
        eventName: 'INSERT',
        entity: 'ClientAccess',
        keys: { pk: `ACC#${account}`, sk: `EXTUSER#${who}#CLIENTACCESS` },
        newImage: { entity: 'ClientAccess', externalUserId: who, accesses: [access], updatedBy: 'u-1' },
      }),
    ) as AuditEvent;
    const item = await stored(await file(event, 40));
    expect(wireSize(item)).toBeLessThanOrEqual(maxEntryBytes);
    expect(item).toMatchObject({ action: 'client_access_added', details: { accessId: access.id } });
    const byUser = await externalActivityPage(account, { externalUserId: who }, { limit: 10 }, everyone);
    const all = await externalActivityPage(account, {}, { limit: 10 }, everyone);
    expect(byUser.items.map((e) => e.action)).toEqual(['client_access_added']);
    expect(all.items.map((e) => e.externalUserId)).toEqual([who]);
  });

  it('files a view or role change in the account activity only, about its subject, within 1 KB', async () => {
    const account = randomUUID();
    const key = await file(
      {
        accountId: account,
        subject: { type: 'externalRole', id: 'r-1' },
        actor: { kind: 'staff', id: 'u-1' },
        action: 'external_role_changed',
        details: { name: 'Dealers', fields: ['viewIds'], changes: { viewIds: { from: [], to: [randomUUID()] } } },
      },
      41,
    );
    const item = await stored(key);
    expect(wireSize(item)).toBeLessThanOrEqual(maxEntryBytes);
    expect(item.gsi3pk).toBeUndefined();
    const all = await externalActivityPage(account, {}, { limit: 10 }, everyone);
    expect(all.items).toEqual([
      expect.objectContaining({ action: 'external_role_changed', subject: { type: 'externalRole', id: 'r-1' } }),
    ]);
  });
});
