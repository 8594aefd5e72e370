import { beforeAll, describe, expect, it } from 'vitest';
import { resendLink } from '../../functions/assignments/assignment-service';
import { createExternalUser } from '../../functions/external-users/external-user-service';
import { createJob } from '../../functions/item-writes/create-job';
import { readLinkState } from '../../functions/links/link-state';
import { newLinkToken } from '../../functions/links/link-token';
import { dynamo } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { emailsTo } from '../support/inbox';
import { countRequests } from '../support/request-counter';
import { drainStreams } from '../support/streams';

const counter = countRequests(dynamo);

describe('link request budgets', () => {
  let admin: StaffUser;
  let jobId: string;
  let externalUserId: string;
  let token: string;

  beforeAll(async () => {
    const accountId = await newAccount('links');
    admin = await newUser(accountId, 'account_admin');
    const email = `ext-${accountId}@example.com`;
    externalUserId = (
      await createExternalUser(callerOf(admin), { givenName: 'Ext', familyName: 'Person', email }, clock)
    ).id;
    jobId = (
      await createJob(
        callerOf(admin),
        {
          title: 'Barriers',
          dueAt: daysFromNow(180),
          location: { text: 'Gate' },
          ownerIds: [admin.id],
          externalUsers: [{ id: externalUserId }],
        },
        clock,
      )
    ).id;
    await drainStreams();
    const [message] = await emailsTo(email);
    token = /#\/l\/([\w-]{43})/.exec(message?.body.text ?? '')?.[1] ?? '';
  });

  it('reads a known link with one GetItem, then one BatchGetItem of its assignment, item and external user', async () => {
    counter.reset();
    expect((await readLinkState(token, clock)).state).toBe('open');
    expect(counter.sent).toEqual(['Get', 'BatchGet']);
  });

  it('reads an unknown link with the same two requests, so it cannot be told apart by its cost', async () => {
    counter.reset();
    expect((await readLinkState(newLinkToken().token, clock)).state).toBe('revoked');
    expect(counter.sent).toEqual(['Get', 'BatchGet']);
  });

  it('resends with two GetItems, one conditional UpdateItem and one read of the result', async () => {
    counter.reset();
    const assignment = await resendLink('job', callerOf(admin), jobId, externalUserId, clock);
    expect(assignment.emailStatus).toBe('pending');
    expect(counter.sent).toEqual(['Get', 'Get', 'Update', 'Get']);
    expect((await readLinkState(token, clock)).state).toBe('revoked');
  });
});
