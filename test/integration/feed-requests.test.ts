import { beforeAll, describe, expect, it } from 'vitest';
import { createFeedKey } from '../../functions/feed/feed-key-service';
import { entitySetPage, feedActorOf } from '../../functions/feed/feed-service';
import { feedEntitySets } from '../../functions/feed/odata-model';
import { feedQueryOf } from '../../functions/feed/odata-query';
import { createJob } from '../../functions/item-writes/create-job';
import { dynamo } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { countRequests } from '../support/request-counter';

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
