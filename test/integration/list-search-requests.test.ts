import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createJob } from '../../functions/item-writes/create-job';
import { staffUser } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { listUsers } from '../../functions/staff/staff-service';
import { listJobs } from '../../functions/work/jobs/job-reads-service';
import { searchReadBound } from '../../functions/work/shared/work-item-list';
import { backfillStaffUserEmailKeys } from '../../scripts/changes-backfill';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { countRequests } from '../support/request-counter';

const counter = countRequests(dynamo);

/**
 * The requests a search sends (docs/data-model.md WRK-9, STF-8; docs/performance.md): a reference
 * is two GetItems, a title search reads at most `searchReadBound` rows a request, a staff user
 * search one Query a page.
 */
describe('list search requests against DynamoDB Local', () => {
  let admin: StaffUser;
  const total = searchReadBound + 10;
  const ids: string[] = [];
  beforeAll(async () => {
    const accountId = await newAccount('search');
    admin = await newUser(accountId, 'account_admin');
    // Every tenth job is a boiler's.
    for (let start = 0; start < total; start += 25) {
      const batch = Array.from({ length: Math.min(25, total - start) }, (_, i) => start + i);
      const made = await Promise.all(
        batch.map((n) =>
          createJob(
            callerOf(admin),
            {
              title: n % 10 === 0 ? `Service boiler ${n}` : `Check gate ${n}`,
              dueAt: new Date(Date.parse('2027-01-01T00:00:00Z') + n * 60_000).toISOString(),
              location: { text: 'Site' },
              ownerIds: [admin.id],
            },
            clock,
          ),
        ),
      );
      ids.push(...made.map((job) => job.id));
    }
  }, 600_000);

  it('finds a job by its reference with the caller GetItem and the job GetItem, and no Query', async () => {
    counter.reset();
    const page = await listJobs(callerOf(admin), { q: ids[3] as string });
    expect(page.items.map((job) => job.id)).toEqual([ids[3]]);
    expect(counter.sent.sort()).toEqual(['Get', 'Get']);
  });

  it('reads no more rows than the page needs when the matches fill it', async () => {
    counter.reset();
    const page = await listJobs(callerOf(admin), { q: 'boiler', limit: 5 });
    expect(page.items.map((job) => job.title)).toEqual([0, 10, 20, 30, 40].map((n) => `Service boiler ${n}`));
    expect(page.cursor).toBeDefined();
    expect(counter.sent).toEqual(['Get', 'Query']);
    expect(counter.queried.read).toBeLessThanOrEqual(200);
  });

  it('stops at the read bound with a cursor when nothing matches, and the cursor goes on from there', async () => {
    counter.reset();
    const first = await listJobs(callerOf(admin), { q: 'zeppelin' });
    expect(first.items).toEqual([]);
    expect(first.cursor).toBeDefined();
    expect(counter.queried.read).toBe(searchReadBound);
    expect(counter.sent.filter((name) => name === 'Query').length).toBe(3);
    counter.reset();
    const rest = await listJobs(callerOf(admin), { q: 'zeppelin', cursor: first.cursor as string });
    expect(rest).toEqual({ items: [] });
    expect(counter.queried.read).toBe(10);
  });

  it('lists without a search as before: one Query reading what it returns', async () => {
    counter.reset();
    const page = await listJobs(callerOf(admin), { limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(counter.sent).toEqual(['Get', 'Query']);
    expect(counter.queried).toEqual({ read: 10, returned: 10 });
  });

  it('searches staff users with the caller GetItem and one Query a page', async () => {
    const tag = randomUUID().slice(0, 8);
    counter.reset();
    const page = await listUsers(callerOf(admin), { q: admin.familyName.slice(0, 10) });
    expect(page.items.map((user) => user.id)).toContain(admin.id);
    expect(counter.sent).toEqual(['Get', 'Query']);
    counter.reset();
    await listUsers(callerOf(admin), { q: `nobody-${tag}` });
    expect(counter.sent).toEqual(['Get', 'Query']);
  });

  it('finds a staff user from before the search by address once the backfill ran, and a second run changes nothing', async () => {
    const email = `addr-${randomUUID().slice(0, 8)}@example.com`;
    const old: StaffUser = { ...(await newUser(admin.accountId, 'general')), email };
    // As written before staff users were listed by address: no address keys.
    await dynamo.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: staffUser(old.accountId, old.id),
        UpdateExpression: 'SET email = :email REMOVE gsi3pk, gsi3sk',
        ExpressionAttributeValues: { ':email': email },
      }),
    );
    const found = async () => {
      const first = await listUsers(callerOf(admin), { q: email.slice(0, 10) });
      const rest = first.cursor
        ? await listUsers(callerOf(admin), { q: email.slice(0, 10), cursor: first.cursor })
        : first;
      return [...first.items, ...(first.cursor ? rest.items : [])].map((user) => user.id);
    };
    expect(await found()).toEqual([]);
    expect((await backfillStaffUserEmailKeys(process.env.TABLE_NAME as string)).updated).toBeGreaterThanOrEqual(1);
    expect(await found()).toEqual([old.id]);
    expect((await backfillStaffUserEmailKeys(process.env.TABLE_NAME as string)).updated).toBe(0);
  });
});
