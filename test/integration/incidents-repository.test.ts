import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIncident, deleteIncident, updateIncident } from '../../functions/item-writes/incident-writes';
import { keys } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import type { StaffCaller } from '../../functions/shared/http';
import type { StaffUser } from '../../functions/staff/staff.contract';
import type { CreateIncidentBody } from '../../functions/work/incidents/incident.contract';
import { archiveIncident, getIncident, listIncidents } from '../../functions/work/incidents/incident-service';
import { listLogs } from '../../functions/work/logs/log-service';
import { createLog, updateLog } from '../../functions/work/logs/log-writes';
import { callerOf, clock, newAccount, newUser, now } from '../support/data-fixtures';
import { countRequests } from '../support/request-counter';

const counter = countRequests(dynamo);

/**
 * Every item of an incident's or log's collection that its own writes store, by sort key: the
 * (owner, X) rows the stream consumer keeps beside them later (WRK-8) are left out, since whether
 * they are there yet depends on the stream (their own tests: jobs-lists-owner-pairs.test.ts).
 */
async function collection(type: 'incident' | 'log', accountId: string, id: string): Promise<string[]> {
  const { pk } = keys.workItem(type, accountId, id);
  const result = await dynamo.send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    }),
  );
  // Each row with the visibility class its partitions carry (the tail of its visibility index key).
  return (result.Items ?? [])
    .filter((item) => !/^OWNER(EXT|CO|CUST|SITE)#/.test(String(item.sk)))
    .map((item) => `${item.sk} ${String(item.gsi2pk).split('#').slice(-2).join('#')}`)
    .sort();
}

async function listAllIds(caller: StaffCaller): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listIncidents(caller, { limit: 2, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((i) => i.id));
    cursor = page.cursor;
  } while (cursor);
  return ids;
}

describe('incident and log requests against DynamoDB Local', () => {
  let accountId: string;
  let admin: StaffUser;
  let owner: StaffUser;
  let seeOwned: StaffUser;
  let nobody: StaffUser;
  const restricted = 'restricted';
  const body = (ownerIds: string[], extra: Partial<CreateIncidentBody> = {}): CreateIncidentBody => ({
    title: 'Spill',
    location: { text: 'Bar 2' },
    severity: 'medium',
    raisedAt: '2026-11-20T10:00:00Z',
    ownerIds,
    ...extra,
  });

  beforeAll(async () => {
    accountId = await newAccount('incidents', { departmentIds: ['security'], privacyStatusIds: [restricted] });
    const control = { access: true, incidentsAndLogs: true };
    [admin, owner, seeOwned, nobody] = await Promise.all([
      newUser(accountId, 'account_admin'),
      newUser(accountId, 'general', { control }),
      newUser(accountId, 'general', { control: { ...control, edit: 'owned', see: 'owned' } }),
      newUser(accountId, 'general'),
    ]);
  });

  it('raises an incident with the caller read, the owners and the account read in parallel, and one TransactWriteItems', async () => {
    counter.reset();
    await createIncident(callerOf(admin), body([owner.id]), clock);
    expect([...counter.sent].sort()).toEqual(['BatchGet', 'Get', 'Get', 'TransactWriteItems']);
    expect(counter.sent.at(-1)).toBe('TransactWriteItems');
  });

  it('writes a log entry without reading the account when it names no department or privacy status', async () => {
    counter.reset();
    await createLog(callerOf(admin), { title: 'Gates open', occurredAt: now, ownerIds: [owner.id] }, clock);
    expect(counter.sent).toEqual(['Get', 'BatchGet', 'TransactWriteItems']);
  });

  it('serves a list page with the caller read and one Query, and an empty one with no Query', async () => {
    await createIncident(callerOf(admin), body([owner.id]), clock);
    counter.reset();
    await listIncidents(callerOf(seeOwned), { limit: 5 });
    expect(counter.sent).toEqual(['Get', 'Query']);
    counter.reset();
    await listLogs(callerOf(nobody), {});
    expect(counter.sent).toEqual(['Get']);
  });

  it('reads with two GetItems and updates with one TransactWriteItems, reading the account only for a new severity', async () => {
    const incident = await createIncident(callerOf(admin), body([owner.id]), clock);
    counter.reset();
    await getIncident(callerOf(owner), incident.id);
    expect(counter.sent).toEqual(['Get', 'Get']);
    counter.reset();
    const renamed = await updateIncident(callerOf(owner), incident.id, { version: 1, title: 'Big spill' }, clock);
    expect(counter.sent).toEqual(['Get', 'Get', 'TransactWriteItems']);
    counter.reset();
    await updateIncident(callerOf(owner), incident.id, { version: renamed.version, severity: 'high' }, clock);
    expect(counter.sent).toEqual(['Get', 'Get', 'Get', 'TransactWriteItems']);
  });

  it('archives and deletes with one TransactWriteItems each after the two reads', async () => {
    const incident = await createIncident(callerOf(admin), body([owner.id]), clock);
    counter.reset();
    await archiveIncident(callerOf(admin), incident.id, clock);
    expect(counter.sent).toEqual(['Get', 'Get', 'TransactWriteItems']);
    counter.reset();
    await deleteIncident(callerOf(admin), incident.id);
    expect(counter.sent).toEqual(['Get', 'Get', 'TransactWriteItems']);
  });

  it('keeps an incident collection to the item and one row per owner, all in the item’s visibility class', async () => {
    const incident = await createIncident(callerOf(admin), body([owner.id, seeOwned.id]), clock);
    expect(await collection('incident', accountId, incident.id)).toEqual(
      ['INCIDENTS#OPEN', `OWNER#${owner.id} ${owner.id}#OPEN`, `OWNER#${seeOwned.id} ${seeOwned.id}#OPEN`]
        .map((row, i) => (i === 0 ? `INCIDENT ${row}` : row))
        .sort(),
    );
    const secret = await updateIncident(
      callerOf(admin),
      incident.id,
      { version: 1, ownerIds: [owner.id], privacyStatusId: restricted },
      clock,
    );
    expect(await collection('incident', accountId, incident.id)).toEqual(
      [`INCIDENT PRIVACY#${restricted}`, `OWNER#${owner.id} PRIVACY#${restricted}`].sort(),
    );
    await updateIncident(callerOf(admin), incident.id, { version: secret.version, privacyStatusId: null }, clock);
    expect(await collection('incident', accountId, incident.id)).toEqual(
      ['INCIDENT INCIDENTS#OPEN', `OWNER#${owner.id} ${owner.id}#OPEN`].sort(),
    );
  });

  it('adds a department row and one row per owner within the department while the item has one, and drops them after', async () => {
    const incident = await createIncident(callerOf(admin), body([owner.id], { departmentId: 'security' }), clock);
    const rows = async () => (await collection('incident', accountId, incident.id)).map((row) => row.split(' ')[0]);
    expect(await rows()).toEqual(['DEPARTMENT', 'INCIDENT', `OWNER#${owner.id}`, `OWNERDEPT#${owner.id}`].sort());
    await updateIncident(callerOf(admin), incident.id, { version: 1, departmentId: null }, clock);
    expect(await rows()).toEqual(['INCIDENT', `OWNER#${owner.id}`]);
  });

  it('keeps a log collection to the item and its owner row', async () => {
    const log = await createLog(callerOf(admin), { title: 'Note', occurredAt: now, ownerIds: [owner.id] }, clock);
    const rows = async () => (await collection('log', accountId, log.id)).map((row) => row.split(' ')[0]);
    expect(await rows()).toEqual(['LOG', `OWNER#${owner.id}`]);
    await updateLog(callerOf(admin), log.id, { version: 1, ownerIds: [seeOwned.id] }, clock);
    expect(await rows()).toEqual(['LOG', `OWNER#${seeOwned.id}`]);
  });

  it('removes every item of a deleted incident but its tombstone, so no list shows it', async () => {
    const incident = await createIncident(callerOf(admin), body([seeOwned.id], { privacyStatusId: restricted }), clock);
    await deleteIncident(callerOf(admin), incident.id);
    expect(await collection('incident', accountId, incident.id)).toEqual(['DELETED undefined']);
    expect(await listAllIds(callerOf(admin))).not.toContain(incident.id);
  });

  it('drops an incident from a former owner’s owned list when the owners change', async () => {
    const incident = await createIncident(callerOf(admin), body([seeOwned.id]), clock);
    expect(await listAllIds(callerOf(seeOwned))).toContain(incident.id);
    await updateIncident(callerOf(admin), incident.id, { version: 1, ownerIds: [owner.id] }, clock);
    expect(await listAllIds(callerOf(seeOwned))).not.toContain(incident.id);
  });

  it('answers 409 to a write from a stale read even after the version check passed, and 404 once deleted', async () => {
    const incident = await createIncident(callerOf(admin), body([owner.id]), clock);
    const { incidents } = await import('../../functions/assignments/assignable-kinds');
    const { replaceWorkItem } = await import('../../functions/work/shared/work-item-store');
    const replace = (previous: typeof incident, next: typeof incident) =>
      replaceWorkItem(incidents, accountId, previous, next);
    await updateIncident(callerOf(admin), incident.id, { version: 1, title: 'Moved on' }, clock);
    await expect(replace(incident, { ...incident, version: 2, title: 'Lost' })).rejects.toMatchObject({
      status: 409,
    });
    await deleteIncident(callerOf(admin), incident.id);
    await expect(replace(incident, { ...incident, version: 2 })).rejects.toMatchObject({ status: 404 });
  });
});
