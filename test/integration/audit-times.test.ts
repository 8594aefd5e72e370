import { beforeAll, describe, expect, it } from 'vitest';
import { itemTrailPage } from '../../functions/audit/audit-repository';
import { createJob } from '../../functions/item-writes/create-job';
import { updateJob } from '../../functions/item-writes/job-writes';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { callerOf, newAccount, newUser } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { drainStreams } from '../support/streams';

/**
 * The time of an audit entry is when the change was made, read from the changed record itself, to
 * the millisecond: not the stream record's approximate creation time (whole seconds in AWS, whole
 * minutes in DynamoDB Local).
 */
describe('audit entry times', () => {
  let accountId: string;
  let admin: StaffUser;

  beforeAll(async () => {
    accountId = await newAccount('audittimes');
    admin = await newUser(accountId, 'account_admin');
  });

  it('gives two changes a few seconds apart their own exact times, to the millisecond', async () => {
    // A minute ago on a whole minute, plus 123 ms: what a rounded time could never be.
    const created = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000 + 123);
    const changed = new Date(created.getTime() + 3_456);
    const job = await createJob(
      callerOf(admin),
      {
        title: 'Barriers',
        dueAt: daysFromNow(7),
        location: { text: 'Gate' },
        ownerIds: [admin.id],
      },
      () => created,
    );
    await updateJob(callerOf(admin), job.id, { version: job.version, title: 'Barriers, north' }, () => changed);
    await drainStreams();

    const { items } = await itemTrailPage('job', accountId, job.id, { limit: 10 });

    expect(items.map(({ action, at }) => ({ action, at }))).toEqual([
      { action: 'item_changed', at: changed.toISOString() },
      { action: 'item_created', at: created.toISOString() },
    ]);
  });
});
