import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { jobs as jobKind } from '../../functions/assignments/assignable-kinds';
import { createJob } from '../../functions/item-writes/create-job';
import { deleteJob, updateJob } from '../../functions/item-writes/job-writes';
import { dynamo } from '../../functions/shared/data/table';
import type { StaffCaller } from '../../functions/shared/http';
import { decide } from '../../functions/staff/permissions/access';
import type { ModulePermissions } from '../../functions/staff/permissions/permission-settings';
import type { StaffRole, StaffUser } from '../../functions/staff/staff.contract';
import { createJobCategory } from '../../functions/work/job-categories/job-category-service';
import type { Job, ListJobsQuery } from '../../functions/work/jobs/job.contract';
import { archiveJob, getJob, listJobs } from '../../functions/work/jobs/job-reads-service';
import { insertWorkItem, removeWorkItem, replaceWorkItem } from '../../functions/work/shared/work-item-store';
import { callerOf, clock, newAccount, newUser, now } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { countRequests } from '../support/request-counter';

const counter = countRequests(dynamo);

/** Day `day` (1–28) of a four-week window a year ahead, at `hour` UTC: due dates that never pass. */
const windowStart = Date.parse(daysFromNow(365).slice(0, 10));
const dueWindow = (day: number, hour = 0) => new Date(windowStart + ((day - 1) * 24 + hour) * 3600_000).toISOString();

/** A small deterministic generator, so a failure reproduces. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Every page of a job list for `caller`, `limit` per page, with the given filters. */
async function walk(
  caller: StaffCaller,
  limit: number,
  query: Omit<ListJobsQuery, 'limit' | 'cursor'> = {},
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listJobs(caller, { limit, ...query, ...(cursor ? { cursor } : {}) });
    if (query.status && page.items.some((j) => j.status !== query.status))
      throw new Error('a page mixes in another status');
    ids.push(...page.items.map((j) => j.id));
    cursor = page.cursor;
    pages++;
  } while (cursor && pages < 200);
  return { ids, pages };
}

const walkAll = (caller: StaffCaller, limit: number, archived = false, status?: Job['status']) =>
  walk(caller, limit, { ...(archived ? { archived: 'true' as const } : {}), ...(status ? { status } : {}) });

describe('job requests against DynamoDB Local', () => {
  let accountId: string;
  let admin: StaffUser;
  let owner: StaffUser;
  beforeAll(async () => {
    accountId = await newAccount('jobs', { privacyStatusIds: ['restricted'], departmentIds: ['security'] });
    admin = await newUser(accountId, 'account_admin');
    owner = await newUser(accountId, 'general', { jobs: { access: true } });
  });

  const body = () => ({
    title: 'Check fire exits',
    dueAt: '2026-12-01T09:00:00Z',
    location: { text: 'Gate A' },
    ownerIds: [owner.id],
  });

  it('creates a job with the caller read, one BatchGetItem of the owners and one TransactWriteItems', async () => {
    counter.reset();
    await createJob(callerOf(admin), body(), clock);
    expect(counter.sent).toEqual(['Get', 'BatchGet', 'TransactWriteItems']);
  });

  it('reads the account once more, in parallel with the owners, when a department or privacy status is given', async () => {
    counter.reset();
    await createJob(callerOf(admin), { ...body(), departmentId: 'security', privacyStatusId: 'restricted' }, clock);
    expect([...counter.sent].sort()).toEqual(['BatchGet', 'Get', 'Get', 'TransactWriteItems']);
    expect(counter.sent.at(-1)).toBe('TransactWriteItems');
  });

  it('reads a named category and its checklist templates, in parallel, before the owners, so a job without owners can take its default ones', async () => {
    const category = await createJobCategory(
      callerOf(admin),
      { name: `Gates ${randomUUID()}`, defaultOwnerIds: [owner.id] },
      clock,
    );
    counter.reset();
    const { ownerIds: _none, ...withoutOwners } = body();
    const job = await createJob(callerOf(admin), { ...withoutOwners, categoryId: category.id }, clock);
    expect(job.ownerIds).toEqual([owner.id]);
    // The caller; the category's GetItem and the Query of its templates at once; the owners; the write.
    expect(counter.sent[0]).toBe('Get');
    expect(counter.sent.slice(1, 3).sort()).toEqual(['Get', 'Query']);
    expect(counter.sent.slice(3)).toEqual(['BatchGet', 'TransactWriteItems']);
  });

  it('serves a list page with the caller read and one Query', async () => {
    await createJob(callerOf(admin), body(), clock);
    counter.reset();
    const page = await listJobs(callerOf(owner), { limit: 5 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(counter.sent).toEqual(['Get', 'Query']);
  });

  it('answers an empty page with no Query when the caller may see no job', async () => {
    const outsider = await newUser(accountId, 'general');
    counter.reset();
    const page = await listJobs(callerOf(outsider), {});
    expect(page).toEqual({ items: [] });
    expect(counter.sent).toEqual(['Get']);
  });

  it('reads a job with two GetItems and updates it with one more TransactWriteItems', async () => {
    const job = await createJob(callerOf(admin), body(), clock);
    counter.reset();
    await getJob(callerOf(owner), job.id);
    expect(counter.sent).toEqual(['Get', 'Get']);
    counter.reset();
    await updateJob(callerOf(owner), job.id, { version: job.version, title: 'Renamed' }, clock);
    expect(counter.sent).toEqual(['Get', 'Get', 'TransactWriteItems']);
  });

  it('archives and deletes a job with one TransactWriteItems each, after the two reads', async () => {
    const job = await createJob(callerOf(admin), { ...body(), privacyStatusId: 'restricted' }, clock);
    counter.reset();
    await archiveJob(callerOf(admin), job.id, clock);
    expect(counter.sent).toEqual(['Get', 'Get', 'TransactWriteItems']);
    counter.reset();
    await deleteJob(callerOf(admin), job.id);
    expect(counter.sent).toEqual(['Get', 'Get', 'TransactWriteItems']);
  });

  it('moves an archived job from the current list to the archived one', async () => {
    const job = await createJob(callerOf(admin), body(), clock);
    await archiveJob(callerOf(admin), job.id, clock);
    expect((await walkAll(callerOf(owner), 50)).ids).not.toContain(job.id);
    expect((await walkAll(callerOf(owner), 50, true)).ids).toContain(job.id);
  });

  it('refuses a write from a stale read with 409 and the current job, even after the version check passed', async () => {
    const job = await createJob(callerOf(admin), body(), clock);
    const renamed = { ...job, title: 'First', version: 2 };
    await replaceWorkItem(jobKind, accountId, job, renamed);
    await expect(
      replaceWorkItem(jobKind, accountId, job, { ...job, title: 'Second', version: 2 }),
    ).rejects.toMatchObject({
      status: 409,
      details: { current: expect.objectContaining({ title: 'First', version: 2 }) },
    });
    await expect(removeWorkItem(jobKind, accountId, job, { actorId: admin.id, now: clock() })).rejects.toMatchObject({
      status: 409,
    });
  });

  it('answers 404 to a write on a job deleted since it was read', async () => {
    const job = await createJob(callerOf(admin), body(), clock);
    await removeWorkItem(jobKind, accountId, job, { actorId: admin.id, now: clock() });
    await expect(replaceWorkItem(jobKind, accountId, job, { ...job, version: 2 })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('removes the owner links of a deleted job, so no owner list shows it', async () => {
    const ownedOnly = await newUser(accountId, 'general', { jobs: { access: true, edit: 'owned', see: 'owned' } });
    const job = await createJob(callerOf(admin), { ...body(), ownerIds: [ownedOnly.id] }, clock);
    expect((await walkAll(callerOf(ownedOnly), 10)).ids).toEqual([job.id]);
    await deleteJob(callerOf(admin), job.id);
    expect((await walkAll(callerOf(ownedOnly), 10)).ids).toEqual([]);
  });
});

/** The ids of `jobs` that the permission model lets `user` see, sorted. */
function visibleTo(user: StaffUser, jobs: readonly Job[]): string[] {
  return jobs
    .filter(
      (job) =>
        decide({ role: user.role, userId: user.id, permissions: user.permissions }, 'see', {
          type: 'job',
          ownerIds: job.ownerIds,
          ...(job.privacyStatusId ? { privacyStatusId: job.privacyStatusId } : {}),
        }).allowed,
    )
    .map((j) => j.id)
    .sort();
}

describe('GET /jobs returns exactly the jobs the permission model lets each caller see', () => {
  const statuses = ['ps-low', 'ps-mid', 'ps-high'];
  let accountId: string;
  let jobs: Job[];
  let users: StaffUser[];
  beforeAll(async () => {
    accountId = await newAccount('jobs', { privacyStatusIds: statuses, departmentIds: ['dept-a', 'dept-b'] });
    const permissionSets: [StaffRole, ModulePermissions][] = [
      ['account_admin', {}],
      ['admin', {}],
      ['admin', { jobs: { confidential: ['ps-mid'] } }],
      ['user_admin', { jobs: { confidential: ['ps-low', 'ps-high'] } }],
      ['general', {}],
      ['general', { jobs: { access: true } }],
      ['general', { jobs: { access: true, edit: 'owned' } }],
      ['general', { jobs: { access: true, edit: 'owned', see: 'owned' } }],
      ['general', { jobs: { access: true, edit: 'owned', see: 'owned', confidential: ['ps-high'] } }],
      ['general', { jobs: { access: true, confidential: ['ps-low', 'ps-mid', 'ps-high'] } }],
      ['general', { jobs: { access: false } }],
    ];
    users = [];
    for (const [role, permissions] of permissionSets) users.push(await newUser(accountId, role, permissions));
    const random = seeded(20261123);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    jobs = Array.from({ length: 30 }, (_, i) => {
      const owners = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(users).id))];
      const privacy = random() < 0.4 ? pick(statuses) : undefined;
      const department = random() < 0.5 ? pick(['dept-a', 'dept-b']) : undefined;
      const day = 1 + Math.floor(random() * 28);
      return {
        id: `job-${i}-${randomUUID().slice(0, 8)}`,
        title: `Job ${i}`,
        description: '',
        dueAt: dueWindow(day, i % 24),
        location: { text: 'Somewhere' },
        status: pick(['open', 'in_progress', 'completed', 'cancelled'] as const),
        ownerIds: owners,
        ...(department ? { departmentId: department } : {}),
        ...(privacy ? { privacyStatusId: privacy } : {}),
        archived: false,
        version: 1,
        createdBy: users[0]!.id,
        createdAt: now,
        updatedBy: users[0]!.id,
        updatedAt: now,
      } satisfies Job;
    });
    for (const job of jobs) await insertWorkItem(jobKind, accountId, job);
  });

  it('lists, over all pages, the same set of jobs that decide(see) allows, for every generated user', async () => {
    for (const user of users) {
      const expected = jobs
        .filter(
          (job) =>
            decide({ role: user.role, userId: user.id, permissions: user.permissions }, 'see', {
              type: 'job',
              ownerIds: job.ownerIds,
              ...(job.departmentId ? { departmentId: job.departmentId } : {}),
              ...(job.privacyStatusId ? { privacyStatusId: job.privacyStatusId } : {}),
            }).allowed,
        )
        .map((j) => j.id)
        .sort();
      const { ids } = await walkAll(callerOf(user), 4);
      expect({ role: user.role, permissions: user.permissions, ids: [...ids].sort() }).toEqual({
        role: user.role,
        permissions: user.permissions,
        ids: expected,
      });
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('lists, for each status, exactly the jobs with that status that decide(see) allows', async () => {
    for (const user of users) {
      for (const status of ['open', 'in_progress', 'completed', 'cancelled'] as const) {
        const expected = jobs
          .filter(
            (job) =>
              job.status === status &&
              decide({ role: user.role, userId: user.id, permissions: user.permissions }, 'see', {
                type: 'job',
                ownerIds: job.ownerIds,
                ...(job.privacyStatusId ? { privacyStatusId: job.privacyStatusId } : {}),
              }).allowed,
          )
          .map((j) => j.id)
          .sort();
        const { ids } = await walkAll(callerOf(user), 5, false, status);
        expect({ role: user.role, permissions: user.permissions, status, ids: [...ids].sort() }).toEqual({
          role: user.role,
          permissions: user.permissions,
          status,
          ids: expected,
        });
      }
    }
  });

  it('orders a page by due date', async () => {
    const everyone = users[0]!;
    const page = await listJobs(callerOf(everyone), { limit: 30 });
    const due = page.items.map((j) => j.dueAt);
    expect(due).toEqual([...due].sort());
    expect(page.items).toHaveLength(30);
  });

  it('keeps to a due range as a sort-key condition', async () => {
    const everyone = users[0]!;
    const page = await listJobs(callerOf(everyone), {
      limit: 100,
      dueFrom: dueWindow(10),
      dueTo: dueWindow(20),
    });
    const expected = jobs
      .filter((j) => j.dueAt >= dueWindow(10) && j.dueAt <= dueWindow(20))
      .map((j) => j.id)
      .sort();
    expect(page.items.map((j) => j.id).sort()).toEqual(expected);
  });

  it('lists, for each owner, department, privacy and status filter, exactly the visible jobs matching it, reading only what it returns', async () => {
    const [first, second, third] = users.filter((u) => jobs.some((j) => j.ownerIds.includes(u.id)));
    const owners = [first, second, third].filter((u): u is StaffUser => u !== undefined).map((u) => u.id);
    const filters: Omit<ListJobsQuery, 'limit' | 'cursor'>[] = [
      ...owners.map((ownerId) => ({ ownerId })),
      { departmentId: 'dept-a' },
      { departmentId: 'dept-b' },
      { privacyStatusId: 'none' },
      { privacyStatusId: 'ps-mid' },
      ...owners.map((ownerId) => ({ ownerId, departmentId: 'dept-a' })),
      { departmentId: 'dept-b', status: 'open' as const },
      ...owners.map((ownerId) => ({ ownerId, privacyStatusId: 'none', status: 'completed' as const })),
      { departmentId: 'dept-a', privacyStatusId: 'ps-high' },
    ];
    const passes = (job: Job, f: (typeof filters)[number]) =>
      (f.ownerId === undefined || job.ownerIds.includes(f.ownerId)) &&
      (f.departmentId === undefined || job.departmentId === f.departmentId) &&
      (f.status === undefined || job.status === f.status) &&
      (f.privacyStatusId === undefined ||
        (f.privacyStatusId === 'none' ? job.privacyStatusId === undefined : job.privacyStatusId === f.privacyStatusId));
    for (const user of users) {
      const seesJustOwned = user.permissions.jobs?.see === 'owned';
      for (const filter of filters) {
        counter.reset();
        const { ids } = await walk(callerOf(user), 4, filter);
        const expected = visibleTo(
          user,
          jobs.filter((job) => passes(job, filter)),
        );
        expect({ user: user.id, filter, ids: [...ids].sort() }).toEqual({ user: user.id, filter, ids: expected });
        // A just-owned viewer filtering by someone else reads their own rows (a FilterExpression); all else reads what it returns.
        if (!(seesJustOwned && filter.ownerId !== undefined && filter.ownerId !== user.id)) {
          expect({ user: user.id, filter, read: counter.queried.read }).toEqual({
            user: user.id,
            filter,
            read: counter.queried.returned,
          });
        }
      }
    }
  });

  it('keeps every list exact after jobs change owners, privacy status and status', async () => {
    const random = seeded(7);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    for (let i = 0; i < jobs.length; i += 3) {
      const previous = jobs[i]!;
      const { privacyStatusId: _dropped, ...rest } = previous;
      const privacy = random() < 0.5 ? pick(statuses) : undefined;
      const next: Job = {
        ...rest,
        ownerIds: [...new Set([pick(users).id, pick(users).id])],
        status: pick(['open', 'in_progress', 'completed', 'cancelled'] as const),
        ...(privacy ? { privacyStatusId: privacy } : {}),
        version: previous.version + 1,
      };
      await replaceWorkItem(jobKind, accountId, previous, next);
      jobs[i] = next;
    }
    for (const user of users) {
      const { ids } = await walkAll(callerOf(user), 7);
      expect({ user: user.id, ids: [...ids].sort() }).toEqual({ user: user.id, ids: visibleTo(user, jobs) });
      for (const status of ['open', 'in_progress', 'completed', 'cancelled'] as const) {
        const filtered = await walkAll(callerOf(user), 7, false, status);
        expect({ user: user.id, status, ids: [...filtered.ids].sort() }).toEqual({
          user: user.id,
          status,
          ids: visibleTo(
            user,
            jobs.filter((j) => j.status === status),
          ),
        });
      }
    }
  });
});
