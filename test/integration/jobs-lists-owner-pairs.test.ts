import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../../functions/customers/customer-service';
import { createSite } from '../../functions/customers/site-service';
import { createJob } from '../../functions/item-writes/create-job';
import { createIncident } from '../../functions/item-writes/incident-writes';
import { updateJob } from '../../functions/item-writes/job-writes';
import { type OwnerPairFilter, workItem, workItemRow } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import type { StreamChange } from '../../functions/shared/stream-change';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { ownerPairRows } from '../../functions/streams/owner-pair-rows';
import { listIncidents } from '../../functions/work/incidents/incident-service';
import type { Job, ListJobsQuery } from '../../functions/work/jobs/job.contract';
import { listJobs } from '../../functions/work/jobs/job-reads-service';
import { syncOwnerPairRows } from '../../functions/work/shared/owner-pair-rows-repository';
import { backfillOwnerPairRows } from '../../scripts/changes-backfill';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { countRequests } from '../support/request-counter';
import { drainStreams } from '../support/streams';

/*
 * WRK-6 by another owner, a customer or a site: a caller who sees just their own items reads the
 * (owner, co-owner), (owner, customer) and (owner, site) rows the stream consumer keeps (WRK-8):
 * one partition per filter holding exactly their open items the other owner shares or that name
 * the customer or site. So every page is one Query that reads only what it returns
 * (docs/performance.md: ≤ 1.25), with status, due-date and department filters too, and the rows
 * follow owners, customers, privacy statuses and late or repeated stream records.
 */

const counter = countRequests(dynamo);
const tableName = () => process.env.TABLE_NAME as string;

/** A small deterministic generator, so a failure reproduces. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const statuses = ['open', 'in_progress', 'completed'] as const;

type Filter = Pick<
  ListJobsQuery,
  'ownerId' | 'customerId' | 'siteId' | 'departmentId' | 'status' | 'dueFrom' | 'dueTo'
>;

describe('a just-owned caller filtering jobs by another owner, a customer or a site', () => {
  let accountId: string;
  let admin: StaffUser;
  let mine: StaffUser;
  let other: StaffUser;
  let stranger: StaffUser;
  let customers: string[];
  /** Each customer's site, by customer. */
  let sites: Record<string, string>;
  let jobs: Job[];

  /** Every page of the caller's job list with `query`, what its Queries read and returned, and the requests per page. */
  async function walk(caller: StaffUser, query: Filter, limit = 3) {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    let read = 0;
    let returned = 0;
    const perPage: string[][] = [];
    do {
      counter.reset();
      const page = await listJobs(callerOf(caller), { limit, ...query, ...(cursor ? { cursor } : {}) });
      perPage.push(counter.sent.filter((name) => name === 'Query'));
      read += counter.queried.read;
      returned += counter.queried.returned;
      ids.push(...page.items.map((j) => j.id));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 100);
    return { ids: ids.sort(), read, returned, perPage };
  }

  /** What the caller may see of `jobs` under the filter, by the rules: theirs, open, not archived. */
  const expected = (f: Filter) =>
    jobs
      .filter(
        (j) =>
          j.ownerIds.includes(mine.id) &&
          j.privacyStatusId === undefined &&
          !j.archived &&
          (f.ownerId === undefined || j.ownerIds.includes(f.ownerId)) &&
          (f.customerId === undefined || j.customerId === f.customerId) &&
          (f.siteId === undefined || j.siteId === f.siteId) &&
          (f.departmentId === undefined || j.departmentId === f.departmentId) &&
          (f.status === undefined || j.status === f.status) &&
          (f.dueFrom === undefined || j.dueAt >= f.dueFrom) &&
          (f.dueTo === undefined || j.dueAt <= f.dueTo),
      )
      .map((j) => j.id)
      .sort();

  const due = (day: number) => new Date(Date.parse(daysFromNow(200).slice(0, 10)) + day * 86_400_000).toISOString();

  /** Whether the job's (owner, X) row is stored (read directly, consistently). */
  const stored = async (jobId: string, filter: OwnerPairFilter) =>
    (
      await dynamo.send(
        new GetCommand({
          TableName: tableName(),
          Key: workItemRow('job', accountId, jobId, filter),
          ConsistentRead: true,
        }),
      )
    ).Item !== undefined;

  beforeAll(async () => {
    accountId = await newAccount('owner-pairs', { privacyStatusIds: ['ps-1'], departmentIds: ['dept-a'] });
    admin = await newUser(accountId, 'account_admin');
    mine = await newUser(accountId, 'general', {
      jobs: { access: true, edit: 'owned', see: 'owned' },
      control: { access: true, incidentsAndLogs: true, edit: 'owned', see: 'owned' },
    });
    other = await newUser(accountId, 'general', { jobs: { access: true } });
    stranger = await newUser(accountId, 'general', { jobs: { access: true } });
    customers = [];
    sites = {};
    for (const name of ['Acme', 'Bolt']) {
      const customer = await createCustomer(callerOf(admin), { name }, clock);
      customers.push(customer.id);
      sites[customer.id] = (await createSite(callerOf(admin), customer.id, { name: `${name} depot` }, clock)).id;
    }
    const random = seeded(20261207);
    const plans = Array.from({ length: 24 }, (_, i) => {
      const customerId = random() < 0.7 ? customers[Math.floor(random() * 2)] : undefined;
      return {
        i,
        // The stranger owns only jobs the caller does not.
        owners:
          random() < 0.7
            ? [mine.id, ...(random() < 0.5 ? [other.id] : [])]
            : [other.id, ...(random() < 0.5 ? [stranger.id] : [])],
        customerId,
        siteId: customerId !== undefined && random() < 0.6 ? sites[customerId] : undefined,
        department: random() < 0.5,
        confidential: random() < 0.2,
        status: statuses[Math.floor(random() * statuses.length)] as Job['status'],
      };
    });
    jobs = [];
    for (let start = 0; start < plans.length; start += 4) {
      const made = await Promise.all(
        plans
          .slice(start, start + 4)
          .map(async ({ i, owners, customerId, siteId, department, confidential, status }) => {
            const created = await createJob(
              callerOf(admin),
              {
                title: `Job ${i}`,
                dueAt: due(i % 12),
                location: { text: 'Yard' },
                ownerIds: owners,
                ...(customerId ? { customerId } : {}),
                ...(siteId ? { siteId } : {}),
                ...(department ? { departmentId: 'dept-a' } : {}),
                ...(confidential ? { privacyStatusId: 'ps-1' } : {}),
              },
              clock,
            );
            return status === 'open'
              ? created
              : await updateJob(callerOf(admin), created.id, { version: created.version, status }, clock);
          }),
      );
      jobs.push(...made);
    }
    await drainStreams();
  }, 240_000);

  it('reads one Query a page and exactly the items it returns, with status, due-date and department filters too', async () => {
    const [acme, bolt] = customers as [string, string];
    const byWhat: Filter[] = [
      { ownerId: other.id },
      { ownerId: other.id, departmentId: 'dept-a' },
      { customerId: acme },
      { customerId: bolt },
      { siteId: sites[acme] as string },
      { siteId: sites[bolt] as string },
    ];
    let returnedInAll = 0;
    for (const by of byWhat) {
      const filters: Filter[] = [
        by,
        ...statuses.map((status) => ({ ...by, status })),
        { ...by, dueFrom: due(3), dueTo: due(8) },
        { ...by, status: 'open', dueFrom: due(0), dueTo: due(6) },
      ];
      for (const filter of filters) {
        const result = await walk(mine, filter);
        expect({ filter, ids: result.ids }).toEqual({ filter, ids: expected(filter) });
        // Read = returned: no FilterExpression, the partition holds exactly the page's items.
        expect({ filter, read: result.read }).toEqual({ filter, read: result.returned });
        for (const queries of result.perPage) expect({ filter, queries }).toEqual({ filter, queries: ['Query'] });
        returnedInAll += result.returned;
      }
    }
    // The generated jobs give the filters something to return, across pages.
    expect(returnedInAll).toBeGreaterThan(20);
    expect(expected({ ownerId: other.id }).length).toBeGreaterThan(3);
  });

  it('answers an owner the caller shares nothing with, or another account’s owner or customer, with an empty page', async () => {
    expect(expected({ ownerId: stranger.id })).toEqual([]);
    expect(await walk(mine, { ownerId: stranger.id })).toMatchObject({ ids: [], read: 0, returned: 0 });
    // Another account's jobs, owned by its own users and naming its own customer, co-owned and
    // sited there: never in this account's partitions.
    const elsewhere = await newAccount('owner-pairs-other');
    const theirAdmin = await newUser(elsewhere, 'account_admin');
    const theirOwner = await newUser(elsewhere, 'general', { jobs: { access: true } });
    const theirCustomer = await createCustomer(callerOf(theirAdmin), { name: 'Theirs' }, clock);
    const theirSite = await createSite(callerOf(theirAdmin), theirCustomer.id, { name: 'Their depot' }, clock);
    await createJob(
      callerOf(theirAdmin),
      {
        title: 'Theirs',
        dueAt: due(1),
        location: { text: 'Elsewhere' },
        ownerIds: [theirAdmin.id, theirOwner.id],
        customerId: theirCustomer.id,
        siteId: theirSite.id,
      },
      clock,
    );
    await drainStreams();
    for (const filter of [{ ownerId: theirOwner.id }, { customerId: theirCustomer.id }, { siteId: theirSite.id }]) {
      expect({ filter, page: await walk(mine, filter) }).toMatchObject({ filter, page: { ids: [], read: 0 } });
    }
  });

  it('drops a co-owned job that becomes confidential or loses the caller as owner, and follows a change of customer and site', async () => {
    const at = (id: string) => jobs.findIndex((j) => j.id === id);
    const replace = (job: Job) => {
      jobs[at(job.id)] = job;
    };
    const shared = jobs.filter(
      (j) => j.ownerIds.includes(mine.id) && j.ownerIds.includes(other.id) && !j.privacyStatusId && !j.archived,
    );
    const [secret, leaving] = shared;
    const [acme, bolt] = customers as [string, string];
    const moving = jobs.find(
      (j) => j.ownerIds.includes(mine.id) && !j.privacyStatusId && j.customerId === acme && j.siteId !== undefined,
    );
    if (!secret || !leaving || !moving || moving.id === secret.id || moving.id === leaving.id) {
      throw new Error('the generated jobs lack a case');
    }
    replace(await updateJob(callerOf(admin), secret.id, { version: secret.version, privacyStatusId: 'ps-1' }, clock));
    replace(await updateJob(callerOf(admin), leaving.id, { version: leaving.version, ownerIds: [other.id] }, clock));
    replace(
      await updateJob(
        callerOf(admin),
        moving.id,
        { version: moving.version, customerId: bolt, siteId: sites[bolt] as string },
        clock,
      ),
    );
    await drainStreams();

    const byOther = await walk(mine, { ownerId: other.id });
    expect(byOther.ids).toEqual(expected({ ownerId: other.id }));
    expect(byOther.ids).not.toContain(secret.id);
    expect(byOther.ids).not.toContain(leaving.id);
    expect(byOther.read).toBe(byOther.returned);
    // The rows are gone, not just hidden: the confidential job has none, the other none of the caller's.
    for (const [ownerId, coOwnerId] of [
      [mine.id, other.id],
      [other.id, mine.id],
    ] as const) {
      expect(await stored(secret.id, { ownerId, coOwnerId })).toBe(false);
    }
    expect(await stored(leaving.id, { ownerId: mine.id, coOwnerId: other.id })).toBe(false);
    expect(await stored(leaving.id, { ownerId: other.id, coOwnerId: mine.id })).toBe(false);
    expect(await stored(moving.id, { ownerId: mine.id, customerId: acme })).toBe(false);
    expect(await stored(moving.id, { ownerId: mine.id, customerId: bolt })).toBe(true);
    expect((await walk(mine, { customerId: acme })).ids).not.toContain(moving.id);
    expect((await walk(mine, { customerId: bolt })).ids).toContain(moving.id);
    expect((await walk(mine, { siteId: sites[acme] as string })).ids).not.toContain(moving.id);
    expect((await walk(mine, { siteId: sites[bolt] as string })).ids).toContain(moving.id);
    for (const customerId of customers) {
      expect((await walk(mine, { customerId })).ids).toEqual(expected({ customerId }));
    }
  });

  it('converges on the job as it is now when stream records arrive late, again or together', async () => {
    const created = await createJob(
      callerOf(admin),
      {
        title: 'Late records',
        dueAt: due(2),
        location: { text: 'Yard' },
        ownerIds: [mine.id, other.id],
        customerId: customers[0] as string,
      },
      clock,
    );
    await drainStreams();
    const moved = await updateJob(
      callerOf(admin),
      created.id,
      { version: created.version, ownerIds: [mine.id, stranger.id], customerId: null },
      clock,
    );
    await drainStreams();
    jobs.push(moved);
    // The creation's record again, after the change: the rows stay the job's current ones.
    const insert: StreamChange = {
      eventName: 'INSERT',
      eventId: 'late-insert',
      sequenceNumber: '1',
      entity: 'Job',
      keys: { ...workItem('job', accountId, created.id) },
      newImage: { ...created, entity: 'Job' },
      oldImage: undefined,
      isTtlExpiry: false,
      approximateCreationTime: undefined,
    };
    expect(ownerPairRows.handles(insert)).toBe(true);
    await ownerPairRows.process(insert);
    // Several runs at once, then one more: nothing more to write.
    await Promise.all([1, 2, 3].map(() => syncOwnerPairRows('job', accountId, created.id)));
    expect(await syncOwnerPairRows('job', accountId, created.id)).toEqual({ put: 0, deleted: 0 });
    expect(await stored(created.id, { ownerId: mine.id, coOwnerId: other.id })).toBe(false);
    expect(await stored(created.id, { ownerId: mine.id, coOwnerId: stranger.id })).toBe(true);
    expect(await stored(created.id, { ownerId: mine.id, customerId: customers[0] as string })).toBe(false);
    expect((await walk(mine, { ownerId: stranger.id })).ids).toEqual([created.id]);
    expect((await walk(mine, { ownerId: other.id })).ids).not.toContain(created.id);
  });

  it('gives jobs written before the rows their rows with `npm run backfill-changes`, once, and only in the account it is run for', async () => {
    const job = jobs.find(
      (j) =>
        j.ownerIds.includes(mine.id) &&
        j.ownerIds.includes(other.id) &&
        !j.privacyStatusId &&
        j.customerId !== undefined,
    );
    if (!job?.customerId) throw new Error('the generated jobs lack a case');
    const removed: OwnerPairFilter[] = [
      { ownerId: mine.id, coOwnerId: other.id },
      { ownerId: other.id, coOwnerId: mine.id },
      { ownerId: mine.id, customerId: job.customerId },
    ];
    for (const filter of removed) {
      await dynamo.send(
        new DeleteCommand({ TableName: tableName(), Key: workItemRow('job', accountId, job.id, filter) }),
      );
    }
    expect((await walk(mine, { ownerId: other.id })).ids).not.toContain(job.id);
    // Run for another account (whose id starts with this one's), it leaves this account's rows missing.
    expect(await backfillOwnerPairRows({ tableName: tableName(), accountId: `${accountId}x` })).toMatchObject({
      put: 0,
    });
    for (const filter of removed) expect(await stored(job.id, filter)).toBe(false);
    const first = await backfillOwnerPairRows({ tableName: tableName(), accountId });
    expect(first.put).toBeGreaterThanOrEqual(removed.length);
    for (const filter of removed) expect(await stored(job.id, filter)).toBe(true);
    expect((await walk(mine, { ownerId: other.id })).ids).toEqual(expected({ ownerId: other.id }));
    expect((await walk(mine, { customerId: job.customerId })).ids).toEqual(expected({ customerId: job.customerId }));
    expect(await syncOwnerPairRows('job', accountId, job.id)).toEqual({ put: 0, deleted: 0 });
  });

  it('serves incidents the same way', async () => {
    // One of the caller's alone, without a customer: a page by the other owner or the customer never reads it.
    await createIncident(
      callerOf(admin),
      {
        title: 'Leak',
        raisedAt: daysFromNow(-2),
        location: { text: 'Yard' },
        severity: 'low',
        ownerIds: [mine.id],
      } as never,
      clock,
    );
    const incident = await createIncident(
      callerOf(admin),
      {
        title: 'Spill',
        raisedAt: daysFromNow(-1),
        location: { text: 'Yard' },
        severity: 'low',
        ownerIds: [mine.id, other.id],
        customerId: customers[1] as string,
      } as never,
      clock,
    );
    await drainStreams();
    for (const filter of [{ ownerId: other.id }, { customerId: customers[1] as string }]) {
      counter.reset();
      const page = await listIncidents(callerOf(mine), { limit: 10, ...filter });
      expect({ filter, ids: page.items.map((i) => i.id) }).toEqual({ filter, ids: [incident.id] });
      expect({ filter, queried: counter.queried, queries: counter.sent.filter((name) => name === 'Query') }).toEqual({
        filter,
        queried: { read: 1, returned: 1 },
        queries: ['Query'],
      });
    }
  });
});
