import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createChecklist } from '../../functions/checklists/checklist-service';
import { createExternalUser } from '../../functions/external-users/external-user-service';
import { createFeedKey } from '../../functions/feed/feed-key-service';
import { entitySetPage, type FeedActor, feedActorOf } from '../../functions/feed/feed-service';
import { type FeedEntitySet, feedEntitySets } from '../../functions/feed/odata-model';
import { feedQueryOf } from '../../functions/feed/odata-query';
import { createJob } from '../../functions/item-writes/create-job';
import { deleteJob, updateJob } from '../../functions/item-writes/job-writes';
import { checklistKeys } from '../../functions/shared/data/keys';
import { dynamo, putNew, transact } from '../../functions/shared/data/table';
import { effectivePermissions } from '../../functions/staff/permissions/effective-permissions';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { jobReads } from '../../functions/work/jobs/job-kind';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { countRequests } from '../support/request-counter';
import { drainStreams } from '../support/streams';

const counter = countRequests(dynamo);
const jobs = feedEntitySets.Jobs as NonNullable<(typeof feedEntitySets)['Jobs']>;

/** The requests of a feed request (docs/data-model.md FEED-3, FEED-4), counted against DynamoDB Local. */
describe('feed requests against DynamoDB Local', () => {
  let owner: StaffUser;
  let admin: StaffUser;
  let ownerKey: string;
  let adminKey: string;
  const at = (hour: number) => new Date(`2026-11-23T${String(hour).padStart(2, '0')}:10:00.000Z`);

  beforeAll(async () => {
    const accountId = await newAccount('feed', { privacyStatusIds: ['secret', 'sealed'] });
    owner = await newUser(accountId, 'account_admin');
    // An Admin sees every job that is not confidential, and no confidential one.
    admin = await newUser(accountId, 'admin');
    for (let i = 0; i < 24; i++) {
      await createJob(
        callerOf(owner),
        {
          title: `job-${String(i).padStart(2, '0')}`,
          dueAt: '2030-01-01T09:00:00Z',
          location: { text: 'Gate A' },
          ownerIds: [owner.id],
          ...(i % 4 === 0 ? { privacyStatusId: i % 8 === 0 ? 'secret' : 'sealed' } : {}),
        },
        clock,
      );
    }
    ownerKey = (await createFeedKey(callerOf(owner), { name: 'Owner' }, clock)).key;
    adminKey = (await createFeedKey(callerOf(admin), { name: 'Admin' }, clock)).key;
  });

  it('checks a key with two GetItems (key, maker) and notes its use once an hour with one UpdateItem', async () => {
    counter.reset();
    await feedActorOf(ownerKey, at(10));
    expect(counter.sent).toEqual(['Get', 'Get', 'Update']);
    counter.reset();
    await feedActorOf(ownerKey, at(10));
    expect(counter.sent).toEqual(['Get', 'Get']);
    counter.reset();
    await feedActorOf(ownerKey, at(11));
    expect(counter.sent).toEqual(['Get', 'Get', 'Update']);
  });

  it('reads every page with one Query, reading only what it returns, across the maker’s partitions', async () => {
    const actor = await feedActorOf(ownerKey, at(12));
    const seen: string[] = [];
    let skiptoken: string | undefined;
    let queries = 0;
    for (let pages = 0; pages < 20; pages++) {
      counter.reset();
      const page = await entitySetPage(
        actor,
        jobs,
        feedQueryOf(jobs, { $top: undefined, ...(skiptoken ? { $skiptoken: skiptoken } : {}) }),
      );
      // The account's privacy statuses (everything is the open class and each status), then one Query.
      expect(counter.sent).toEqual(['Get', 'Query']);
      expect(counter.queried.read).toBe(counter.queried.returned);
      queries += 1;
      seen.push(...page.rows.map((row) => row.id as string));
      skiptoken = page.next?.skiptoken;
      if (!skiptoken) break;
    }
    expect(new Set(seen).size).toBe(24);
    // Three partitions (open, secret, sealed), one page each at the default page size.
    expect(queries).toBe(3);
  });

  it('pages a partition by $top with one Query per page and never reads a confidential entry for a maker without the grant', async () => {
    const actor = await feedActorOf(adminKey, at(12));
    const seen: string[] = [];
    let query: Record<string, string> = { $top: '5' };
    for (let pages = 0; pages < 20; pages++) {
      counter.reset();
      const page = await entitySetPage(actor, jobs, feedQueryOf(jobs, query));
      // An Admin sees the open class only: no account read.
      expect(counter.sent).toEqual(['Query']);
      expect(counter.queried.read).toBe(counter.queried.returned);
      seen.push(...page.rows.map((row) => row.title as string));
      if (!page.next) break;
      query = { $skiptoken: page.next.skiptoken };
    }
    expect(seen).toHaveLength(5);
    const all: string[] = [];
    let token: string | undefined;
    do {
      const page = await entitySetPage(actor, jobs, feedQueryOf(jobs, token ? { $skiptoken: token } : {}));
      all.push(...page.rows.map((row) => row.title as string));
      token = page.next?.skiptoken;
    } while (token);
    expect(all).toHaveLength(18);
  });

  it('answers modifiedAt ranges by key condition: nothing read outside the range', async () => {
    const actor = await feedActorOf(adminKey, at(12));
    counter.reset();
    const later = await entitySetPage(
      actor,
      jobs,
      feedQueryOf(jobs, { $filter: 'modifiedAt gt 2026-11-23T09:00:00Z' }),
    );
    expect(later.rows).toEqual([]);
    expect(counter.queried).toEqual({ read: 0, returned: 0 });
  });
});

/**
 * The feed's logs of assignments and answers (docs/data-model.md FEED-12, FEED-13), written by the
 * stream consumer and read against DynamoDB Local: a `modifiedAt` range is one Query per page that
 * reads what it returns, and an item moved to a privacy status takes its rows out of the pages of
 * a maker without that grant.
 */
describe('the feed log of assignments and answers against DynamoDB Local', () => {
  const set = (name: string) => feedEntitySets[name] as FeedEntitySet;
  const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T10:00:00.000Z`;
  const range = { $filter: `modifiedAt ge ${day(12)} and modifiedAt lt ${day(15)}` };
  let owner: StaffUser;
  let ownerActor: FeedActor;
  let adminActor: FeedActor;
  let extId: string;
  const made: { id: string; version: number; secret: boolean }[] = [];

  /** Every page of a set for the actor: its rows, and per page the requests sent and the Query's items read and returned. */
  async function pages(actor: FeedActor, name: string, options: Record<string, string> = {}) {
    const rows: Record<string, unknown>[] = [];
    const sent: string[][] = [];
    let queried = { read: 0, returned: 0 };
    let token: string | undefined;
    do {
      counter.reset();
      const page = await entitySetPage(
        actor,
        set(name),
        feedQueryOf(set(name), { ...options, ...(token ? { $skiptoken: token } : {}) }),
      );
      sent.push([...counter.sent]);
      queried = { read: queried.read + counter.queried.read, returned: queried.returned + counter.queried.returned };
      rows.push(...page.rows);
      token = page.next?.skiptoken;
    } while (token);
    return { rows, sent, queried };
  }

  beforeAll(async () => {
    const accountId = await newAccount('feedlog', { privacyStatusIds: ['secret'] });
    owner = await newUser(accountId, 'account_admin');
    const admin = await newUser(accountId, 'admin');
    const ext = await createExternalUser(
      callerOf(owner),
      { givenName: 'Lou', familyName: 'Log', email: `lou-${accountId}@example.com` },
      clock,
    );
    extId = ext.id;
    // Eight jobs, one a day from the 10th, each with the external user and one answer of that day;
    // every fourth confidential.
    for (let i = 0; i < 8; i++) {
      const when = () => new Date(day(10 + i));
      const secret = i % 4 === 3;
      const job = await createJob(
        callerOf(owner),
        {
          title: `logged-${i}`,
          dueAt: daysFromNow(30),
          location: { text: 'Dock' },
          ownerIds: [owner.id],
          externalUsers: [{ id: ext.id }],
          ...(secret ? { privacyStatusId: 'secret' } : {}),
        },
        when,
      );
      made.push({ id: job.id, version: job.version, secret });
      const list = await createChecklist(
        jobReads,
        callerOf(owner),
        job.id,
        {
          title: 'Dock',
          audience: { all: true },
          sections: [{ title: 'S', items: [{ label: 'Chocks?', required: false, response: { type: 'yes_no_na' } }] }],
        },
        when,
      );
      const itemId = list.sections[0]?.items[0]?.id ?? '';
      // The answer as the portal stores it.
      await transact(
        [
          {
            name: 'answer',
            write: putNew({
              ...checklistKeys.checklistAnswer('job', accountId, job.id, list.id, itemId),
              entity: 'ChecklistAnswer',
              checklistId: list.id,
              checklistItemId: itemId,
              value: 'yes',
              answeredBy: { kind: 'external', id: ext.id },
              answeredAt: day(10 + i),
              userAgent: 'test',
              requestId: randomUUID(),
              version: 1,
            }),
          },
        ],
        'answered already',
      );
    }
    await drainStreams();
    ownerActor = await feedActorOf((await createFeedKey(callerOf(owner), { name: 'Owner' }, clock)).key, new Date());
    adminActor = await feedActorOf((await createFeedKey(callerOf(admin), { name: 'Admin' }, clock)).key, new Date());
  });

  it('answers an incremental refresh of answers with one Query per page, reading only what it returns', async () => {
    // An Admin sees the open class: one page of jobs' answers and one of incidents' (none), one Query
    // each, the range's two open answers (the 12th and the 14th).
    const admins = await pages(adminActor, 'ChecklistAnswers', range);
    expect(admins.sent).toEqual([['Query'], ['Query']]);
    expect(admins.queried).toEqual({ read: 2, returned: 2 });
    expect(admins.rows.map((r) => r.jobId)).toEqual([made[2]?.id, made[4]?.id]);
    // The Account Admin: the account's statuses, then one Query of each class's log (jobs and
    // incidents, each open and secret).
    const owners = await pages(ownerActor, 'ChecklistAnswers', range);
    expect(owners.sent).toEqual(Array(4).fill(['Get', 'Query']));
    expect(owners.queried).toEqual({ read: 3, returned: 3 });
    expect(owners.rows.map((r) => r.modifiedAt)).toEqual([day(12), day(14), day(13)]);
  });

  it('answers assignments by modifiedAt with one Query and one BatchGetItem of their access records, none without link columns', async () => {
    const admins = await pages(adminActor, 'Assignments', range);
    // The jobs' page reads the access records of its rows; the incidents' has none to read.
    expect(admins.sent).toEqual([['Query', 'BatchGet'], ['Query']]);
    expect(admins.queried).toEqual({ read: 2, returned: 2 });
    expect(admins.rows.map((r) => [r.jobId, r.status, r.linkState, r.modifiedAt])).toEqual([
      [made[2]?.id, 'active', 'open', day(12)],
      [made[4]?.id, 'active', 'open', day(14)],
    ]);
    const narrow = await pages(adminActor, 'Assignments', { ...range, $select: 'id,status,modifiedAt' });
    expect(narrow.sent).toEqual([['Query'], ['Query']]);
    expect(narrow.rows).toHaveLength(2);
    // Nothing outside the range is read.
    const none = await pages(adminActor, 'Assignments', { $filter: `modifiedAt gt ${day(20)}` });
    expect(none.queried).toEqual({ read: 0, returned: 0 });
  });

  it("answers AuditEvents of one external user with one Query of their activity partition and the items' BatchGetItem, never a confidential item's entry without the grant", async () => {
    const mine = { $filter: `externalUserId eq '${extId}'` };
    const owners = await pages(ownerActor, 'AuditEvents', mine);
    // One page: the user's partition (AUD-3's by-external-user index), then the visibility check of its items.
    expect(owners.sent).toEqual([['Query', 'BatchGet']]);
    expect(owners.queried.read).toBe(owners.queried.returned);
    expect(owners.rows.length).toBeGreaterThan(0);
    for (const row of owners.rows) expect(row.externalUserId).toBe(extId);
    // Their entries on the eight jobs, and those on no item (the user made).
    const jobsOf = (rows: Record<string, unknown>[]) => new Set(rows.flatMap((r) => (r.jobId ? [r.jobId] : [])));
    expect(jobsOf(owners.rows)).toEqual(new Set(made.map((job) => job.id)));

    // An Admin: the same Query; the confidential jobs' entries are read and dropped, never returned.
    const admins = await pages(adminActor, 'AuditEvents', mine);
    expect(admins.sent).toEqual([['Query', 'BatchGet']]);
    expect(admins.queried.read).toBe(owners.queried.read);
    const secretIds = made.filter((job) => job.secret).map((job) => job.id);
    expect(admins.rows.map((r) => r.jobId).filter((id) => secretIds.includes(id as string))).toEqual([]);
    expect(jobsOf(admins.rows)).toEqual(new Set(made.filter((job) => !job.secret).map((job) => job.id)));
    expect(admins.rows.length).toBeLessThan(owners.rows.length);

    // With a modifiedAt range, the range is the key condition on the same partition: nothing older is read.
    const times = owners.rows.map((r) => r.at as string).sort();
    const after = times[Math.floor(times.length / 2)] as string;
    const later = await pages(ownerActor, 'AuditEvents', {
      $filter: `modifiedAt gt ${after} and externalUserId eq '${extId}'`,
    });
    expect(later.sent).toEqual([['Query', 'BatchGet']]);
    expect(later.queried.read).toBe(later.queried.returned);
    expect(later.rows.map((r) => r.id).sort()).toEqual(
      owners.rows
        .filter((r) => (r.at as string) > after)
        .map((r) => r.id)
        .sort(),
    );

    // An id no external user has: an empty partition, one Query that reads nothing.
    const nobody = await pages(ownerActor, 'AuditEvents', { $filter: "externalUserId eq 'nobody-here'" });
    expect(nobody).toEqual({ rows: [], sent: [['Query']], queried: { read: 0, returned: 0 } });
  });

  it("answers Assignments of one external user with ASG-3's Query of their assignments, the items' BatchGetItem and their access records', never a confidential job's without the grant", async () => {
    const mine = { $filter: `externalUserId eq '${extId}'` };
    const owners = await pages(ownerActor, 'Assignments', mine);
    // The account's statuses (whether the maker sees anything), the user's assignments, the
    // visibility of their items, the access records of the link columns.
    expect(owners.sent).toEqual([['Get', 'Query', 'BatchGet', 'BatchGet']]);
    expect(owners.queried).toEqual({ read: 8, returned: 8 });
    expect(owners.rows.map((r) => r.jobId).sort()).toEqual(made.map((job) => job.id).sort());
    for (const row of owners.rows)
      expect(row).toMatchObject({ externalUserId: extId, status: 'active', linkState: 'open' });

    // An Admin: the same partition read; the confidential jobs' assignments never returned.
    const admins = await pages(adminActor, 'Assignments', mine);
    expect(admins.sent).toEqual([['Query', 'BatchGet', 'BatchGet']]);
    expect(admins.queried).toEqual({ read: 8, returned: 8 });
    expect(admins.rows.map((r) => r.jobId).sort()).toEqual(
      made
        .filter((job) => !job.secret)
        .map((job) => job.id)
        .sort(),
    );

    // A page of $top is one Query for a maker who sees all the user's items (one whose page is left
    // short by the visibility rule reads on from where it stopped); without link columns no access
    // records are read.
    const narrow = await pages(ownerActor, 'Assignments', { ...mine, $top: '2', $select: 'id,status' });
    expect(narrow.sent).toEqual([['Get', 'Query', 'BatchGet']]);
    expect(narrow.rows).toHaveLength(2);
    // status eq is a filter on the same Query; an unknown user's partition is empty.
    const revoked = await pages(adminActor, 'Assignments', {
      $filter: `externalUserId eq '${extId}' and status eq 'revoked'`,
    });
    expect(revoked.rows).toEqual([]);
    expect(revoked.sent).toEqual([['Query']]);
    const nobody = await pages(adminActor, 'Assignments', { $filter: "externalUserId eq 'nobody-here'" });
    expect(nobody).toEqual({ rows: [], sent: [['Query']], queried: { read: 0, returned: 0 } });
  });

  it('answers Jobs of one external user with one Query per page of their list rows, class by class, current then archived, reading only what it returns', async () => {
    const mine = { $filter: `externalUserId eq '${extId}'` };
    // The Account Admin: jobs' open and secret classes, current then archived: four lists, one Query each.
    const owners = await pages(ownerActor, 'Jobs', mine);
    expect(owners.sent).toEqual(Array(4).fill(['Get', 'Query']));
    expect(owners.queried).toEqual({ read: 8, returned: 8 });
    expect(owners.rows.map((r) => r.id).sort()).toEqual(made.map((job) => job.id).sort());
    // An Admin: the open class only, current and archived; no confidential row is read at all.
    const admins = await pages(adminActor, 'Jobs', mine);
    expect(admins.sent).toEqual([['Query'], ['Query']]);
    expect(admins.queried).toEqual({ read: 6, returned: 6 });
    expect(admins.rows.map((r) => r.id).sort()).toEqual(
      made
        .filter((job) => !job.secret)
        .map((job) => job.id)
        .sort(),
    );
    // status eq is its own partition (a key condition too); an unknown user's lists are empty.
    const open = await pages(adminActor, 'Jobs', { $filter: `externalUserId eq '${extId}' and status eq 'open'` });
    expect(open.queried).toEqual({ read: 6, returned: 6 });
    const closed = await pages(adminActor, 'Jobs', { $filter: `externalUserId eq '${extId}' and status eq 'closed'` });
    expect(closed.queried).toEqual({ read: 0, returned: 0 });
    const nobody = await pages(adminActor, 'Jobs', { $filter: "externalUserId eq 'nobody-here'" });
    expect(nobody).toEqual({ rows: [], sent: [['Query'], ['Query']], queried: { read: 0, returned: 0 } });
  });

  it('answers Jobs of one external user in a modifiedAt range with one Query per class of their rows of the log, reading only what it returns', async () => {
    const mine = { $filter: `externalUserId eq '${extId}' and ${range.$filter}` };
    // The Account Admin: the account's statuses, then one Query of the user's rows per class (open, secret).
    const owners = await pages(ownerActor, 'Jobs', mine);
    expect(owners.sent).toEqual([
      ['Get', 'Query'],
      ['Get', 'Query'],
    ]);
    expect(owners.queried).toEqual({ read: 3, returned: 3 });
    expect(owners.rows.map((r) => [r.id, r.modifiedAt])).toEqual([
      [made[2]?.id, day(12)],
      [made[4]?.id, day(14)],
      [made[3]?.id, day(13)],
    ]);
    for (const row of owners.rows) {
      expect(row).toMatchObject({ status: 'open', isDeleted: false, deletedAt: null, ownerIds: [owner.id] });
      expect(row.externalUserIds).toEqual([extId]);
    }
    // An Admin: the open class only, so no row of a confidential job is read at all.
    const admins = await pages(adminActor, 'Jobs', mine);
    expect(admins.sent).toEqual([['Query']]);
    expect(admins.queried).toEqual({ read: 2, returned: 2 });
    expect(admins.rows.map((r) => r.id)).toEqual([made[2]?.id, made[4]?.id]);
    // The same rows as the unfiltered set's in that range, less the user's other items (none here).
    const all = await pages(adminActor, 'Jobs', range);
    expect(admins.rows.map((r) => JSON.stringify(r))).toEqual(
      all.rows.filter((r) => (r.externalUserIds as string[]).includes(extId)).map((r) => JSON.stringify(r)),
    );
    // status eq is a filter on the same Query; $count counts the same partitions; an unknown user's are empty.
    const closed = await pages(adminActor, 'Jobs', { $filter: `${mine.$filter} and status eq 'closed'` });
    expect(closed.rows).toEqual([]);
    const counted = await entitySetPage(adminActor, set('Jobs'), feedQueryOf(set('Jobs'), { ...mine, $count: 'true' }));
    expect(counted.count).toBe(2);
    const nobody = await pages(adminActor, 'Jobs', { $filter: `externalUserId eq 'nobody-here' and ${range.$filter}` });
    expect(nobody).toEqual({ rows: [], sent: [['Query']], queried: { read: 0, returned: 0 } });
  });

  it('answers Assignments of one external user in a modifiedAt range with one Query per class of their log partition and one BatchGetItem of access records', async () => {
    const mine = { $filter: `externalUserId eq '${extId}' and ${range.$filter}` };
    const admins = await pages(adminActor, 'Assignments', mine);
    // Jobs' open class (its rows' access records), then incidents' (none).
    expect(admins.sent).toEqual([['Query', 'BatchGet'], ['Query']]);
    expect(admins.queried).toEqual({ read: 2, returned: 2 });
    expect(admins.rows.map((r) => [r.jobId, r.externalUserId, r.status, r.linkState, r.modifiedAt])).toEqual([
      [made[2]?.id, extId, 'active', 'open', day(12)],
      [made[4]?.id, extId, 'active', 'open', day(14)],
    ]);
    const owners = await pages(ownerActor, 'Assignments', mine);
    expect(owners.sent).toEqual([
      ['Get', 'Query', 'BatchGet'],
      ['Get', 'Query', 'BatchGet'],
      ['Get', 'Query'],
      ['Get', 'Query'],
    ]);
    expect(owners.queried).toEqual({ read: 3, returned: 3 });
    expect(owners.rows.map((r) => r.jobId)).toEqual([made[2]?.id, made[4]?.id, made[3]?.id]);
    // $top pages with one Query each; status eq is a filter on it.
    const first = await pages(adminActor, 'Assignments', { ...mine, $top: '1', $select: 'id,modifiedAt' });
    expect(first.sent).toEqual([['Query']]);
    expect(first.rows).toEqual([{ id: `job:${made[2]?.id}:${extId}`, modifiedAt: day(12) }]);
    const revoked = await pages(adminActor, 'Assignments', { $filter: `${mine.$filter} and status eq 'revoked'` });
    expect(revoked.rows).toEqual([]);
  });

  it('answers ChecklistAnswers of one external user, alone or in a modifiedAt range, with one Query per class of their log partition', async () => {
    const alone = await pages(adminActor, 'ChecklistAnswers', { $filter: `externalUserId eq '${extId}'` });
    expect(alone.sent).toEqual([['Query'], ['Query']]);
    expect(alone.queried).toEqual({ read: 6, returned: 6 });
    expect(alone.rows.map((r) => r.jobId)).toEqual(made.filter((job) => !job.secret).map((job) => job.id));
    for (const row of alone.rows) expect(row).toMatchObject({ externalUserId: extId, answeredByKind: 'external' });

    const mine = { $filter: `externalUserId eq '${extId}' and ${range.$filter}` };
    const owners = await pages(ownerActor, 'ChecklistAnswers', mine);
    expect(owners.sent).toEqual(Array(4).fill(['Get', 'Query']));
    expect(owners.queried).toEqual({ read: 3, returned: 3 });
    expect(owners.rows.map((r) => r.modifiedAt)).toEqual([day(12), day(14), day(13)]);
    const admins = await pages(adminActor, 'ChecklistAnswers', mine);
    expect(admins.queried).toEqual({ read: 2, returned: 2 });
    expect(admins.rows.map((r) => r.jobId)).toEqual([made[2]?.id, made[4]?.id]);
    // Another user's partition holds none of these answers.
    const nobody = await pages(adminActor, 'ChecklistAnswers', { $filter: "externalUserId eq 'nobody-here'" });
    expect(nobody.queried).toEqual({ read: 0, returned: 0 });
  });

  it('answers ExternalUsers of one id with one GetItem, with or without a modifiedAt range and status', async () => {
    const one = (filter: string) => pages(adminActor, 'ExternalUsers', { $filter: filter });
    const found = await one(`externalUserId eq '${extId}'`);
    expect(found.sent).toEqual([['Get']]);
    expect(found.rows).toHaveLength(1);
    expect(found.rows[0]).toMatchObject({ id: extId, givenName: 'Lou', status: 'active' });
    const since = found.rows[0]?.modifiedAt as string;
    expect((await one(`externalUserId eq '${extId}' and modifiedAt ge ${since}`)).rows).toHaveLength(1);
    expect((await one(`externalUserId eq '${extId}' and modifiedAt gt ${since}`)).rows).toEqual([]);
    expect((await one(`externalUserId eq '${extId}' and status eq 'disabled'`)).rows).toEqual([]);
    expect(await one("externalUserId eq 'nobody-here'")).toEqual({
      rows: [],
      sent: [['Get']],
      queried: { read: 0, returned: 0 },
    });
  });

  it('takes an item’s assignment and answer out of the pages of a maker without the grant once it moves to a privacy status, and back', async () => {
    const moved = made[0] as (typeof made)[number];
    // The user's own partitions (FEED-17) move with the item too: their Jobs row, assignment and answer.
    const mine = { $filter: `externalUserId eq '${extId}' and modifiedAt ge ${day(1)}` };
    const rowsOf = async (actor: FeedActor) => [
      ...(await pages(actor, 'Assignments')).rows,
      ...(await pages(actor, 'ChecklistAnswers')).rows,
    ];
    const usersRowsOf = async (actor: FeedActor) => [
      ...(await pages(actor, 'Jobs', mine)).rows.map((r) => ({ ...r, jobId: r.id })),
      ...(await pages(actor, 'Assignments', mine)).rows,
      ...(await pages(actor, 'ChecklistAnswers', mine)).rows,
    ];
    expect((await rowsOf(adminActor)).filter((r) => r.jobId === moved.id)).toHaveLength(2);
    expect((await usersRowsOf(adminActor)).filter((r) => r.jobId === moved.id)).toHaveLength(3);

    const secret = await updateJob(callerOf(owner), moved.id, { version: moved.version, privacyStatusId: 'secret' });
    await drainStreams();
    const admins = await rowsOf(adminActor);
    expect(JSON.stringify(admins)).not.toContain(moved.id);
    // Every other confidential job's rows stay out too; the open ones' are all there.
    expect(admins.map((r) => r.jobId).sort()).toEqual(
      made
        .filter((job) => !job.secret && job.id !== moved.id)
        .flatMap((job) => [job.id, job.id])
        .sort(),
    );
    // Nor are they read from the user's partitions (read = returned: none of its rows is in the open class).
    const usersPages = await pages(adminActor, 'Jobs', mine);
    expect(usersPages.queried.read).toBe(usersPages.queried.returned);
    expect(JSON.stringify(await usersRowsOf(adminActor))).not.toContain(moved.id);
    // The maker with the grant still gets them, in the secret class.
    expect((await rowsOf(ownerActor)).filter((r) => r.jobId === moved.id)).toHaveLength(2);
    const granted = (await usersRowsOf(ownerActor)).filter((r) => r.jobId === moved.id);
    expect(granted).toHaveLength(3);
    expect(granted[0]).toMatchObject({ privacyStatusId: 'secret' });

    await updateJob(callerOf(owner), moved.id, { version: secret.version, privacyStatusId: null });
    await drainStreams();
    expect((await rowsOf(adminActor)).filter((r) => r.jobId === moved.id)).toHaveLength(2);
    expect((await usersRowsOf(adminActor)).filter((r) => r.jobId === moved.id)).toHaveLength(3);
  });

  it('gives a maker who sees owned items only their own of one external user’s rows in a range, and no one else’s', async () => {
    const general = await newUser(owner.accountId, 'general', {
      jobs: { access: true, edit: 'owned', see: 'owned' },
    });
    const theirs = await createJob(
      callerOf(owner),
      {
        title: 'general’s',
        dueAt: daysFromNow(30),
        location: { text: 'Yard' },
        ownerIds: [general.id],
        externalUsers: [{ id: extId }],
      },
      clock,
    );
    const others = await createJob(
      callerOf(owner),
      {
        title: 'not general’s',
        dueAt: daysFromNow(30),
        location: { text: 'Yard' },
        ownerIds: [owner.id],
        externalUsers: [{ id: extId }],
      },
      clock,
    );
    await drainStreams();
    // Keys are an admin's to make: the actor of a key whose maker is this General user now (feedActorOf reads the maker's rights).
    const actor: FeedActor = {
      ...adminActor,
      userId: general.id,
      effective: effectivePermissions(general.role, general.permissions),
    };
    // The fixtures' clock: the day these two jobs were made.
    const mine = {
      $filter: `externalUserId eq '${extId}' and modifiedAt ge 2026-11-23T00:00:00Z and modifiedAt lt 2026-11-24T00:00:00Z`,
    };
    // Jobs: the open class's user partition, their own kept by a filter on ownerIds: the range's two read, theirs returned.
    const jobsRead = await pages(actor, 'Jobs', mine);
    expect(jobsRead.sent).toEqual([['Query']]);
    expect(jobsRead.rows.map((r) => r.id)).toEqual([theirs.id]);
    expect(jobsRead.queried).toEqual({ read: 2, returned: 1 });
    // Assignments: through their items (FEED-5), the user and the range decided on the rows.
    const assignments = await pages(actor, 'Assignments', mine);
    expect(assignments.rows.map((r) => [r.jobId, r.externalUserId])).toEqual([[theirs.id, extId]]);
    expect(JSON.stringify([jobsRead.rows, assignments.rows])).not.toContain(others.id);
    expect((await pages(actor, 'ChecklistAnswers', { $filter: `externalUserId eq '${extId}'` })).rows).toEqual([]);
  });

  it('keeps a removed external user’s last row of an item (without them) and a deleted item’s row in their partition, within its class', async () => {
    const since = new Date().toISOString();
    const removed = made[5] as (typeof made)[number];
    const deleted = made[6] as (typeof made)[number];
    const secret = made[7] as (typeof made)[number];
    const unassigned = await updateJob(callerOf(owner), removed.id, { version: removed.version, externalUsers: [] });
    await deleteJob(callerOf(owner), deleted.id);
    await deleteJob(callerOf(owner), secret.id);
    await drainStreams();
    const mine = { $filter: `externalUserId eq '${extId}' and modifiedAt ge ${since}` };
    const admins = await pages(adminActor, 'Jobs', mine);
    expect(admins.queried).toEqual({ read: 2, returned: 2 });
    const byId = new Map(admins.rows.map((r) => [r.id, r]));
    expect(byId.get(removed.id)).toMatchObject({ isDeleted: false, externalUserIds: [] });
    expect(byId.get(deleted.id)).toMatchObject({ isDeleted: true, title: 'logged-6' });
    expect(byId.get(deleted.id)?.deletedAt).toBe(byId.get(deleted.id)?.modifiedAt);
    // The confidential job's deletion stays in its class: the maker with the grant gets it, the Admin never.
    const owners = await pages(ownerActor, 'Jobs', mine);
    expect(owners.rows.find((r) => r.id === secret.id)).toMatchObject({ isDeleted: true, privacyStatusId: 'secret' });
    expect(admins.rows.some((r) => r.id === secret.id)).toBe(false);
    // Their revoked assignments are rows of their partition at the revocation's time.
    const assignments = await pages(adminActor, 'Assignments', mine);
    expect(assignments.rows.map((r) => [r.jobId, r.status]).sort()).toEqual(
      [
        [removed.id, 'revoked'],
        [deleted.id, 'revoked'],
      ].sort(),
    );
    // A later change of the item no longer reaches the removed user's partition.
    const after = new Date().toISOString();
    await updateJob(callerOf(owner), removed.id, { version: unassigned.version, title: 'renamed' });
    await drainStreams();
    const later = await pages(adminActor, 'Jobs', {
      $filter: `externalUserId eq '${extId}' and modifiedAt ge ${after}`,
    });
    expect(later.rows).toEqual([]);
  });
});
