import { beforeAll, describe, expect, it } from 'vitest';
import { createExternalUser } from '../../functions/external-users/external-user-service';
import { createJob } from '../../functions/item-writes/create-job';
import { jobRange, jobReportColumns } from '../../functions/reports/job-report.contract';
import { report } from '../../functions/reports/report-service';
import { dynamo } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { countRequests } from '../support/request-counter';

const counter = countRequests(dynamo);
const jobs = { type: 'job', rangeFields: jobRange, columns: jobReportColumns } as const;

/** The requests a report page sends (docs/data-model.md RPT-1, RPT-2), counted against DynamoDB Local. */
describe('report requests against DynamoDB Local', () => {
  let admin: StaffUser;
  const titles = (result: { rows: Record<string, unknown>[] }) =>
    (result.rows as { title: string }[]).map((row) => row.title);

  beforeAll(async () => {
    const accountId = await newAccount('reports');
    admin = await newUser(accountId, 'account_admin');
    const people = await Promise.all(
      ['a', 'b'].map(
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
    // 30 jobs, each with both external users; every third one already past its due date.
    for (let i = 0; i < 30; i++) {
      await createJob(
        callerOf(admin),
        {
          title: `job-${String(i).padStart(2, '0')}`,
          // A minute apart, so the list's order (by due date) is the numbers' order within each year.
          dueAt: `${i % 3 === 0 ? 2020 : 2030}-01-01T09:${String(i).padStart(2, '0')}:00Z`,
          location: { text: 'Gate A' },
          ownerIds: [admin.id],
          externalUsers: people.map((id) => ({ id })),
        },
        clock,
      );
    }
  });

  it('reads a page of the default columns with the caller read and one Query', async () => {
    counter.reset();
    const page = await report(jobs, callerOf(admin), { limit: 25 });
    expect(titles(page)).toHaveLength(25);
    expect(counter.sent).toEqual(['Get', 'Query']);
    expect(counter.queried).toEqual({ read: 25, returned: 25 });
  });

  it('reads the external-user columns of a page with one BatchGetItem per 100 keys, in parallel', async () => {
    counter.reset();
    const page = await report(jobs, callerOf(admin), {
      limit: 25,
      columns: 'title,externalUserNames,externalUserLinkStates,requiredTotal,lastPortalActivityAt',
    });
    expect(titles(page)).toHaveLength(25);
    // 25 rows × 2 external users × (assignment + access record) + 25 completion records = 125 keys.
    expect(counter.sent).toEqual(['Get', 'Query', 'BatchGet', 'BatchGet']);
    counter.reset();
    await report(jobs, callerOf(admin), { limit: 10, columns: 'title,externalUserEmails' });
    expect(counter.sent).toEqual(['Get', 'Query', 'BatchGet']);
  });

  it('decides a report filter while paging: a full page, reading in proportion to how rare the match is', async () => {
    counter.reset();
    // By due date, the ten past-due jobs come first: the first two Queries of 5 keep nothing, the third fills the page.
    const page = await report(jobs, callerOf(admin), { limit: 5, linkState: 'open', columns: 'title' });
    expect(titles(page)).toEqual(['job-01', 'job-02', 'job-04', 'job-05', 'job-07']);
    expect(page.cursor).toBeDefined();
    expect(counter.sent).toEqual(['Get', 'Query', 'BatchGet', 'Query', 'BatchGet', 'Query', 'BatchGet']);
    expect(counter.queried).toEqual({ read: 15, returned: 15 });
    counter.reset();
    const next = await report(jobs, callerOf(admin), {
      limit: 5,
      linkState: 'open',
      columns: 'title',
      cursor: page.cursor,
    });
    expect(titles(next)).toEqual(['job-08', 'job-10', 'job-11', 'job-13', 'job-14']);
    expect(counter.sent).toEqual(['Get', 'Query', 'BatchGet']);
  });

  it('reads no facts for a filterless report without external-user columns, even of 1,000 rows', async () => {
    counter.reset();
    const page = await report(jobs, callerOf(admin), { limit: 1000, columns: 'title,dueAt' });
    expect(page.rows).toHaveLength(30);
    expect(counter.sent).toEqual(['Get', 'Query']);
  });
});
