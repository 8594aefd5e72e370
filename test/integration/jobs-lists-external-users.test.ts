import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { revokeAssignment } from '../../functions/assignments/assignment-service';
import { createExternalUser } from '../../functions/external-users/external-user-service';
import { createJob } from '../../functions/item-writes/create-job';
import { createIncident } from '../../functions/item-writes/incident-writes';
import { deleteJob, updateJob } from '../../functions/item-writes/job-writes';
import { workItemRow } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { listIncidents } from '../../functions/work/incidents/incident-service';
import type { Job, ListJobsQuery } from '../../functions/work/jobs/job.contract';
import { archiveJob, getJob, listJobs } from '../../functions/work/jobs/job-reads-service';
import { syncOwnerPairRows } from '../../functions/work/shared/owner-pair-rows-repository';
import { backfillOwnerPairRows } from '../../scripts/changes-backfill';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { countRequests } from '../support/request-counter';
import { drainStreams } from '../support/streams';

/*
 * WRK-6 with an external user: a caller who sees just their own items, filtering by an external
 * user, reads the (owner, external user) rows the stream consumer keeps (WRK-8): one partition
 * holding exactly their open items the external user is assigned to, so a page reads only what it
 * returns (docs/performance.md: ≤ 1.25), with status, date and privacy filters too, and stays
 * exact as owners, assignees, privacy statuses and archiving change.
 */

const counter = countRequests(dynamo);

/** A small deterministic generator, so a failure reproduces. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const statuses = ['open', 'in_progress', 'completed', 'cancelled'] as const;

describe('a just-owned caller filtering jobs by an external user', () => {
  let accountId: string;
  let admin: StaffUser;
  let mine: StaffUser;
  let other: StaffUser;
  let externals: string[];
  let jobs: Job[];

  /** Every page of the caller's job list with `query`, and what its Queries read and returned. */
  async function walk(caller: StaffUser, query: Omit<ListJobsQuery, 'limit' | 'cursor'>, limit = 3) {
    counter.reset();
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listJobs(callerOf(caller), { limit, ...query, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((j) => j.id));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 100);
    return { ids: ids.sort(), read: counter.queried.read, returned: counter.queried.returned };
  }

  /** What the caller may see of `jobs` under the filter, by the rules: theirs, open, not archived. */
  const expected = (f: { externalUserId: string; status?: string; from?: string; to?: string; archived?: boolean }) =>
    jobs
      .filter(
        (j) =>
          j.ownerIds.includes(mine.id) &&
          j.privacyStatusId === undefined &&
          j.archived === (f.archived ?? false) &&
          (j.externalUsers ?? []).includes(f.externalUserId) &&
          (f.status === undefined || j.status === f.status) &&
          (f.from === undefined || j.dueAt >= f.from) &&
          (f.to === undefined || j.dueAt <= f.to),
      )
      .map((j) => j.id)
      .sort();

  const due = (day: number) => new Date(Date.parse(daysFromNow(200).slice(0, 10)) + day * 86_400_000).toISOString();

  beforeAll(async () => {
    accountId = await newAccount('owner-assignees', { privacyStatusIds: ['ps-1'] });
    admin = await newUser(accountId, 'account_admin');
    mine = await newUser(accountId, 'general', {
      jobs: { access: true, edit: 'owned', see: 'owned' },
      control: { access: true, incidentsAndLogs: true, edit: 'owned', see: 'owned' },
    });
    other = await newUser(accountId, 'general', { jobs: { access: true } });
    externals = await Promise.all(
      ['a', 'b', 'c'].map(
        async (label) =>
          (
            await createExternalUser(
              callerOf(admin),
              { givenName: label, familyName: 'Person', email: `${label}-${accountId}@example.com` },
              clock,
            )
          ).id,
      ),
    );
    const random = seeded(20261206);
    const plans = Array.from({ length: 24 }, (_, i) => ({
      i,
      owners: random() < 0.6 ? [mine.id, ...(random() < 0.4 ? [other.id] : [])] : [other.id],
      assigned: externals.filter(() => random() < 0.45),
      confidential: random() < 0.25,
      status: statuses[Math.floor(random() * statuses.length)] as Job['status'],
    }));
    // Four at a time: the machine is shared, and the order does not matter.
    jobs = [];
    for (let start = 0; start < plans.length; start += 4) {
      const made = await Promise.all(
        plans.slice(start, start + 4).map(async ({ i, owners, assigned, confidential, status }) => {
          const created = await createJob(
            callerOf(admin),
            {
              title: `Job ${i}`,
              dueAt: due(i % 12),
              location: { text: 'Yard' },
              ownerIds: owners,
              ...(assigned.length ? { externalUsers: assigned.map((id) => ({ id })) } : {}),
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

  it('reads exactly the items it returns, with status, date and privacy filters too', async () => {
    let returnedInAll = 0;
    for (const externalUserId of externals) {
      const filters = [
        { externalUserId },
        ...statuses.map((status) => ({ externalUserId, status })),
        { externalUserId, dueFrom: due(3), dueTo: due(8) },
        { externalUserId, status: 'open' as const, dueFrom: due(0), dueTo: due(5) },
        { externalUserId, privacyStatusId: 'none' },
      ];
      for (const filter of filters) {
        const result = await walk(mine, filter);
        const want = expected({
          externalUserId,
          ...('status' in filter ? { status: filter.status } : {}),
          ...('dueFrom' in filter ? { from: filter.dueFrom, to: `${filter.dueTo}` } : {}),
        });
        expect({ filter, ids: result.ids }).toEqual({ filter, ids: want });
        // Read = returned: no FilterExpression, the partition holds exactly the page's items.
        expect({ filter, read: result.read }).toEqual({ filter, read: result.returned });
        returnedInAll += result.returned;
      }
    }
    expect(returnedInAll).toBeGreaterThan(0);
    // A privacy status the caller has no grant for answers nothing, without reading.
    const confidential = await walk(mine, { externalUserId: externals[0] as string, privacyStatusId: 'ps-1' });
    expect(confidential).toEqual({ ids: [], read: 0, returned: 0 });
  });

  it('follows owner changes, revoked and added assignments, a privacy status, archiving and deletion', async () => {
    const [x0, x1] = externals as [string, string];
    const at = (id: string) => jobs.findIndex((j) => j.id === id);
    const replace = (job: Job) => {
      jobs[at(job.id)] = job;
    };
    // One of theirs with x0 loses them as owner; one of someone else's with x0 gains them.
    const theirs = jobs.find(
      (j) => j.ownerIds.includes(mine.id) && !j.privacyStatusId && j.externalUsers?.includes(x0),
    );
    const others = jobs.find(
      (j) => !j.ownerIds.includes(mine.id) && !j.privacyStatusId && j.externalUsers?.includes(x0),
    );
    if (!theirs || !others) throw new Error('the generated jobs lack a case');
    replace(await updateJob(callerOf(admin), theirs.id, { version: theirs.version, ownerIds: [other.id] }, clock));
    replace(
      await updateJob(callerOf(admin), others.id, { version: others.version, ownerIds: [other.id, mine.id] }, clock),
    );
    // An assignment revoked, and one added to a job of theirs without it.
    const revoked = jobs.find(
      (j) => j.ownerIds.includes(mine.id) && !j.privacyStatusId && j.externalUsers?.includes(x1),
    );
    const added = jobs.find(
      (j) => j.ownerIds.includes(mine.id) && !j.privacyStatusId && !j.externalUsers?.includes(x1),
    );
    if (!revoked || !added) throw new Error('the generated jobs lack a case');
    await revokeAssignment('job', callerOf(admin), revoked.id, x1, 'done', clock);
    replace(await getJob(callerOf(admin), revoked.id));
    replace(
      await updateJob(
        callerOf(admin),
        added.id,
        { version: added.version, externalUsers: [...(added.externalUsers ?? []), x1].map((id) => ({ id })) },
        clock,
      ),
    );
    // One becomes confidential (a privacy status the caller has no grant for), one is archived, one deleted.
    const [secret, shelved, gone] = jobs.filter(
      (j) =>
        j.ownerIds.includes(mine.id) &&
        !j.privacyStatusId &&
        (j.externalUsers?.length ?? 0) > 0 &&
        // Not the jobs the checks below name.
        ![theirs.id, others.id, revoked.id, added.id].includes(j.id),
    );
    if (!secret || !shelved || !gone) throw new Error('the generated jobs lack a case');
    replace(await updateJob(callerOf(admin), secret.id, { version: secret.version, privacyStatusId: 'ps-1' }, clock));
    await archiveJob(callerOf(admin), shelved.id, clock);
    replace({ ...shelved, archived: true });
    await deleteJob(callerOf(admin), gone.id);
    jobs.splice(at(gone.id), 1);
    await drainStreams();

    for (const externalUserId of externals) {
      const current = await walk(mine, { externalUserId });
      expect({ externalUserId, ids: current.ids }).toEqual({ externalUserId, ids: expected({ externalUserId }) });
      expect(current.read).toBe(current.returned);
      const archived = await walk(mine, { externalUserId, archived: 'true' });
      expect({ externalUserId, ids: archived.ids }).toEqual({
        externalUserId,
        ids: expected({ externalUserId, archived: true }),
      });
    }
    expect((await walk(mine, { externalUserId: x0 })).ids).toContain(others.id);
    expect((await walk(mine, { externalUserId: x0 })).ids).not.toContain(theirs.id);
    expect((await walk(mine, { externalUserId: x1 })).ids).not.toContain(revoked.id);
    expect((await walk(mine, { externalUserId: x1 })).ids).toContain(added.id);
    for (const x of secret.externalUsers ?? [])
      expect((await walk(mine, { externalUserId: x })).ids).not.toContain(secret.id);
  });

  it('keeps the rows idempotently: a second run, or one after the item is gone, writes nothing more', async () => {
    const job = jobs.find((j) => (j.externalUsers?.length ?? 0) > 0 && !j.privacyStatusId) as Job;
    expect(await syncOwnerPairRows('job', accountId, job.id)).toEqual({ put: 0, deleted: 0 });
    expect(await syncOwnerPairRows('job', accountId, 'no-such-job')).toEqual({ put: 0, deleted: 0 });
  });

  it('gives jobs written before the rows their rows with `npm run backfill-changes`, once', async () => {
    const job = jobs.find(
      (j) => j.ownerIds.includes(mine.id) && !j.privacyStatusId && !j.archived && j.externalUsers?.length,
    );
    if (!job) throw new Error('the generated jobs lack a case');
    const externalUserId = job.externalUsers?.[0] as string;
    // As before the rows existed: the job's pair rows gone.
    for (const ownerId of job.ownerIds) {
      for (const x of job.externalUsers ?? []) {
        const key = workItemRow('job', accountId, job.id, { ownerId, externalUserId: x });
        await dynamo.send(new DeleteCommand({ TableName: process.env.TABLE_NAME as string, Key: key }));
      }
    }
    expect((await walk(mine, { externalUserId })).ids).not.toContain(job.id);
    const first = await backfillOwnerPairRows({ tableName: process.env.TABLE_NAME as string, accountId });
    expect(first.put).toBeGreaterThanOrEqual(job.ownerIds.length * (job.externalUsers?.length ?? 0));
    expect((await walk(mine, { externalUserId })).ids).toEqual(expected({ externalUserId }));
    expect(await syncOwnerPairRows('job', accountId, job.id)).toEqual({ put: 0, deleted: 0 });
  });

  it('serves incidents the same way', async () => {
    const incident = await createIncident(
      callerOf(admin),
      {
        title: 'Spill',
        raisedAt: daysFromNow(-1),
        location: { text: 'Yard' },
        severity: 'low',
        ownerIds: [mine.id],
        externalUsers: [{ id: externals[2] as string }],
      } as never,
      clock,
    );
    await drainStreams();
    counter.reset();
    const page = await listIncidents(callerOf(mine), { limit: 10, externalUserId: externals[2] as string });
    expect(page.items.map((i) => i.id)).toEqual([incident.id]);
    expect(counter.queried).toEqual({ read: 1, returned: 1 });
  });
});
