import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createExternalUser, setExternalUserStatus } from '../../functions/external-users/external-user-service';
import { createFeedKey } from '../../functions/feed/feed-key-service';
import { entitySetPage, type FeedActor, feedActorOf } from '../../functions/feed/feed-service';
import { type FeedEntitySet, feedEntitySets } from '../../functions/feed/odata-model';
import { feedQueryOf } from '../../functions/feed/odata-query';
import { createJob } from '../../functions/item-writes/create-job';
import { deletedWorkItem, externalUser, feedLogEntry, workItem } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import {
  backfillChanges,
  backfillExternalUserChanges,
  backfillFeedLog,
  backfillTombstoneModifiedBy,
} from '../../scripts/changes-backfill';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { countRequests } from '../support/request-counter';
import { drainStreams } from '../support/streams';

const counter = countRequests(dynamo);
const set = (name: string) => feedEntitySets[name] as FeedEntitySet;
const tableName = () => process.env.TABLE_NAME as string;

/** Every row of a set, page by page through the service (as the route serves them). */
async function allRows(actor: FeedActor, name: string, options: Record<string, string> = {}) {
  const rows: Record<string, unknown>[] = [];
  let token: string | undefined;
  do {
    const page = await entitySetPage(
      actor,
      set(name),
      feedQueryOf(set(name), { ...options, ...(token ? { $skiptoken: token } : {}) }),
    );
    rows.push(...page.rows);
    token = page.next?.skiptoken;
  } while (token);
  return rows;
}

/**
 * The `changes` backfill (docs/data-model.md FEED-8), the feed log's (FEED-14) and the requests of
 * the feed's Assignments (FEED-12), against DynamoDB Local: a job and a tombstone written before the index existed
 * appear in the feed after `npm run backfill-changes`, and a second run changes nothing.
 */
describe('the feed’s changes backfill and its child sets against DynamoDB Local', () => {
  let accountId: string;
  let owner: StaffUser;
  let admin: StaffUser;
  let ownerActor: FeedActor;
  let adminActor: FeedActor;
  let oldJobId: string;
  let assignedJobId: string;
  let extId: string;
  const oldTombstoneId = 'job-deleted-before-the-index';

  beforeAll(async () => {
    accountId = await newAccount('feedfill');
    owner = await newUser(accountId, 'account_admin');
    admin = await newUser(accountId, 'admin');
    const ext = await createExternalUser(
      callerOf(owner),
      { givenName: 'Bo', familyName: 'Fill', email: `bo-${accountId}@example.com` },
      clock,
    );
    const job = (title: string, extra: object = {}) =>
      createJob(
        callerOf(owner),
        { title, dueAt: daysFromNow(7), location: { text: 'Gate' }, ownerIds: [owner.id], ...extra },
        clock,
      );
    oldJobId = (await job('Written before the index')).id;
    extId = ext.id;
    assignedJobId = (await job('Assigned', { externalUsers: [{ id: ext.id }] })).id;
    // The job as it was stored before the `changes` index: without its keys.
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: workItem('job', accountId, oldJobId),
        UpdateExpression: 'REMOVE gsi5pk, gsi5sk',
      }),
    );
    // A tombstone as deletes wrote it before: no index keys, no updatedAt.
    await dynamo.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...deletedWorkItem('job', accountId, oldTombstoneId),
          entity: 'DeletedWorkItem',
          itemType: 'job',
          id: oldTombstoneId,
          title: 'Deleted long ago',
          ownerIds: [owner.id],
          deletedBy: owner.id,
          deletedAt: '2026-01-02T03:04:05.000Z',
        },
      }),
    );
    ownerActor = await feedActorOf((await createFeedKey(callerOf(owner), { name: 'O' }, clock)).key, new Date());
    adminActor = await feedActorOf((await createFeedKey(callerOf(admin), { name: 'A' }, clock)).key, new Date());
  });

  it('shows an old-style job and tombstone in the feed after the backfill, and a second run changes nothing', async () => {
    const before = (await allRows(ownerActor, 'Jobs')).map((r) => r.id);
    expect(before).not.toContain(oldJobId);
    expect(before).not.toContain(oldTombstoneId);

    const first = await backfillChanges({ tableName: tableName(), accountId });
    expect(first.updated).toBeGreaterThanOrEqual(2);
    const rows = await allRows(ownerActor, 'Jobs');
    const job = rows.find((r) => r.id === oldJobId);
    expect(job).toMatchObject({ title: 'Written before the index', isDeleted: false, deletedAt: null });
    const tombstone = rows.find((r) => r.id === oldTombstoneId);
    expect(tombstone).toMatchObject({
      title: 'Deleted long ago',
      isDeleted: true,
      deletedAt: '2026-01-02T03:04:05.000Z',
      modifiedAt: '2026-01-02T03:04:05.000Z',
    });

    // Who deleted it: a tombstone from before kept it only as deletedBy, which `changes` does not project.
    expect(tombstone?.modifiedBy).toBeNull();
    expect((await backfillTombstoneModifiedBy({ tableName: tableName(), accountId })).updated).toBeGreaterThanOrEqual(
      1,
    );
    expect((await allRows(ownerActor, 'Jobs')).find((r) => r.id === oldTombstoneId)).toMatchObject({
      modifiedBy: owner.id,
    });
    expect(await backfillTombstoneModifiedBy({ tableName: tableName(), accountId })).toMatchObject({ updated: 0 });

    const stored = async () =>
      (await dynamo.send(new GetCommand({ TableName: tableName(), Key: workItem('job', accountId, oldJobId) }))).Item;
    const once = await stored();
    await backfillChanges({ tableName: tableName(), accountId });
    expect(await stored()).toEqual(once);
    expect((await allRows(ownerActor, 'Jobs')).filter((r) => r.id === oldJobId)).toHaveLength(1);
  });

  it('reads a page of assignments with one Query of their log and one BatchGetItem of their access records', async () => {
    await drainStreams();
    counter.reset();
    const page = await entitySetPage(adminActor, set('Assignments'), feedQueryOf(set('Assignments'), {}));
    // An Admin sees the open class only (no account read): the jobs' log, then the assignees' access records.
    expect(counter.sent).toEqual(['Query', 'BatchGet']);
    expect(counter.queried).toEqual({ read: 1, returned: 1 });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({ jobId: assignedJobId, status: 'active', linkState: 'open' });
    // The stream consumer sends the e-mail meanwhile.
    expect(['pending', 'sent']).toContain(page.rows[0]?.emailStatus);
  });

  it('gives assignments from before the feed log their entry after the backfill, once', async () => {
    await drainStreams();
    const key = feedLogEntry('assignment', 'job', accountId, assignedJobId, [extId]);
    const stored = async () => (await dynamo.send(new GetCommand({ TableName: tableName(), Key: key }))).Item;
    const written = await stored();
    expect(written).toMatchObject({ entity: 'FeedAssignmentLog', externalUserId: extId, status: 'active' });
    // The assignment as it was before the log: no entry.
    await dynamo.send(new DeleteCommand({ TableName: tableName(), Key: key }));
    expect((await allRows(adminActor, 'Assignments')).map((r) => r.jobId)).toEqual([]);

    expect((await backfillFeedLog({ tableName: tableName(), accountId })).written).toBeGreaterThanOrEqual(1);
    expect(await stored()).toEqual(written);
    expect((await allRows(adminActor, 'Assignments')).map((r) => r.jobId)).toEqual([assignedJobId]);
    // A second run writes nothing over it.
    await backfillFeedLog({ tableName: tableName(), accountId });
    expect(await stored()).toEqual(written);
  });

  it('gives assignments and items from before the users’ partitions their entries there after the backfill, once', async () => {
    await drainStreams();
    const assignment = feedLogEntry('assignment', 'job', accountId, assignedJobId, [extId]);
    const item = feedLogEntry('item', 'job', accountId, assignedJobId, [extId]);
    const stored = async (key: typeof item) =>
      (await dynamo.send(new GetCommand({ TableName: tableName(), Key: key }))).Item;
    const [writtenAssignment, writtenItem] = [await stored(assignment), await stored(item)];
    expect(writtenAssignment).toMatchObject({ feedUserId: extId, gsi4pk: expect.stringContaining(extId) });
    expect(writtenItem).toMatchObject({ entity: 'FeedItemLog', id: assignedJobId, feedUserId: extId });
    const mine = { $filter: `externalUserId eq '${extId}' and modifiedAt ge 2000-01-01T00:00:00Z` };
    const rows = async () => [
      ...(await allRows(adminActor, 'Jobs', mine)).map((r) => `job ${String(r.id)}`),
      ...(await allRows(adminActor, 'Assignments', mine)).map((r) => `assignment ${String(r.jobId)}`),
    ];
    expect(await rows()).toEqual([`job ${assignedJobId}`, `assignment ${assignedJobId}`]);
    // As written before the users' partitions: the assignment's entry without its user's key, no item entry.
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: assignment,
        UpdateExpression: 'REMOVE gsi4pk, gsi4sk, feedUserId',
      }),
    );
    await dynamo.send(new DeleteCommand({ TableName: tableName(), Key: item }));
    expect(await rows()).toEqual([]);

    const outcome = await backfillFeedLog({ tableName: tableName(), accountId });
    expect(outcome.written).toBeGreaterThanOrEqual(1);
    expect(outcome.itemEntries).toBeGreaterThanOrEqual(1);
    expect(await stored(assignment)).toEqual(writtenAssignment);
    expect(await stored(item)).toEqual(writtenItem);
    expect(await rows()).toEqual([`job ${assignedJobId}`, `assignment ${assignedJobId}`]);
    // A second run writes nothing over them.
    await backfillFeedLog({ tableName: tableName(), accountId });
    expect(await stored(assignment)).toEqual(writtenAssignment);
    expect(await stored(item)).toEqual(writtenItem);
  });

  it('reads an incremental refresh of external users as one Query of their changes in the range, disabling included', async () => {
    const at = (iso: string) => () => new Date(iso);
    const person = (name: string, when: string) =>
      createExternalUser(
        callerOf(owner),
        { givenName: name, familyName: 'Range', email: `${name}-${accountId}@example.com` },
        at(when),
      );
    const before = await person('early', '2026-11-20T10:00:00.000Z');
    const within = await person('within', '2026-11-24T10:00:00.000Z');
    await person('after', '2026-11-27T10:00:00.000Z');
    // Disabling moves the early one into the range (its modification).
    await setExternalUserStatus(callerOf(owner), before.id, 'disabled', before.version, at('2026-11-25T10:00:00.000Z'));
    const range = { $filter: 'modifiedAt ge 2026-11-24T00:00:00Z and modifiedAt lt 2026-11-26T00:00:00Z' };
    counter.reset();
    const page = await entitySetPage(adminActor, set('ExternalUsers'), feedQueryOf(set('ExternalUsers'), range));
    expect(counter.sent).toEqual(['Query']);
    expect(counter.queried).toEqual({ read: 2, returned: 2 });
    expect(page.rows.map((r) => [r.id, r.status, r.modifiedAt])).toEqual([
      [within.id, 'active', '2026-11-24T10:00:00.000Z'],
      [before.id, 'disabled', '2026-11-25T10:00:00.000Z'],
    ]);
    // status eq is a filter on the same Query: the range's changes read, that status's returned.
    counter.reset();
    const disabled = await entitySetPage(
      adminActor,
      set('ExternalUsers'),
      feedQueryOf(set('ExternalUsers'), { $filter: `${range.$filter} and status eq 'disabled'` }),
    );
    expect(disabled.rows.map((r) => r.id)).toEqual([before.id]);
    expect(counter.queried).toEqual({ read: 2, returned: 1 });
  });

  it('gives external users written before their change keys their place in the range after the backfill, once', async () => {
    const old = await createExternalUser(
      callerOf(owner),
      { givenName: 'Old', familyName: 'Style', email: `old-${accountId}@example.com` },
      () => new Date('2026-10-02T08:00:00.000Z'),
    );
    const key = externalUser(accountId, old.id);
    await dynamo.send(
      new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'REMOVE gsi2pk, gsi2sk' }),
    );
    const october = { $filter: 'modifiedAt ge 2026-10-01T00:00:00Z and modifiedAt lt 2026-10-03T00:00:00Z' };
    const rows = async () => (await allRows(adminActor, 'ExternalUsers', october)).map((r) => [r.id, r.modifiedAt]);
    expect(await rows()).toEqual([]);

    expect((await backfillExternalUserChanges({ tableName: tableName(), accountId })).updated).toBeGreaterThanOrEqual(
      1,
    );
    expect(await rows()).toEqual([[old.id, '2026-10-02T08:00:00.000Z']]);

    const stored = async () => (await dynamo.send(new GetCommand({ TableName: tableName(), Key: key }))).Item;
    const once = await stored();
    await backfillExternalUserChanges({ tableName: tableName(), accountId });
    expect(await stored()).toEqual(once);
  });
});
