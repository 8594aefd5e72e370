import { beforeAll, describe, expect, it } from 'vitest';
import { listItemAssignments } from '../../functions/assignments/assignment-repository';
import { addAssignment, listAssignments, revokeAssignment } from '../../functions/assignments/assignment-service';
import { createExternalUser } from '../../functions/external-users/external-user-service';
import { createJob } from '../../functions/item-writes/create-job';
import { deleteJob } from '../../functions/item-writes/job-writes';
import { dynamo } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { countRequests } from '../support/request-counter';

const counter = countRequests(dynamo);

describe('assignment request budgets', () => {
  let admin: StaffUser;
  let people: string[];
  const job = (externalUsers?: { id: string }[]) =>
    createJob(
      callerOf(admin),
      {
        title: 'Barriers',
        dueAt: daysFromNow(180),
        location: { text: 'Gate' },
        ownerIds: [admin.id],
        ...(externalUsers ? { externalUsers } : {}),
      },
      clock,
    );

  beforeAll(async () => {
    const accountId = await newAccount('assignments');
    admin = await newUser(accountId, 'account_admin');
    people = await Promise.all(
      ['a', 'b'].map(async (label) => {
        const made = await createExternalUser(
          callerOf(admin),
          { givenName: label, familyName: 'Person', email: `${label}-${accountId}@example.com` },
          clock,
        );
        return made.id;
      }),
    );
  });

  it('creates a job with its external users in one transaction, after one BatchGetItem of them', async () => {
    counter.reset();
    const made = await job(people.map((id) => ({ id })));
    expect(made.externalUsers).toEqual(people);
    // The caller, then the external users, then their terms acceptances (for their item access
    // records; a new job has no checklists to read), then the owners, then the write.
    expect(counter.sent).toEqual(['Get', 'BatchGet', 'BatchGet', 'BatchGet', 'TransactWriteItems']);
  });

  it('creates a job without external users with no request for them', async () => {
    counter.reset();
    await job();
    expect(counter.sent).toEqual(['Get', 'BatchGet', 'TransactWriteItems']);
  });

  it('adds one by id with two GetItems, one BatchGetItem, the access record reads, one transaction and one read of the result', async () => {
    const made = await job();
    counter.reset();
    await addAssignment('job', callerOf(admin), made.id, { id: people[0] as string }, clock);
    expect(counter.sent.slice(0, 3)).toEqual(['Get', 'Get', 'BatchGet']);
    // In parallel: the user's terms acceptance and the job's checklists (their versions), for the access record.
    expect(counter.sent.slice(3, 5).sort()).toEqual(['BatchGet', 'Query']);
    expect(counter.sent.slice(5)).toEqual(['TransactWriteItems', 'Get']);
  });

  it('revokes with two GetItems, one transaction and one read of the result, and lists with one Query', async () => {
    const made = await job([{ id: people[1] as string }]);
    counter.reset();
    await revokeAssignment('job', callerOf(admin), made.id, people[1] as string, 'done', clock);
    expect(counter.sent).toEqual(['Get', 'Get', 'TransactWriteItems', 'Get']);
    counter.reset();
    const { items } = await listAssignments('job', callerOf(admin), made.id);
    expect(items).toEqual([expect.objectContaining({ status: 'revoked', revokedReason: 'done' })]);
    expect([...counter.sent].sort()).toEqual(['Get', 'Get', 'Query']);
  });

  it('revokes the active assignments of a deleted job in its delete transaction, keeping them as history', async () => {
    const made = await job(people.map((id) => ({ id })));
    counter.reset();
    await deleteJob(callerOf(admin), made.id);
    expect(counter.sent).toEqual(['Get', 'Get', 'TransactWriteItems']);
    const kept = await listItemAssignments('job', admin.accountId, made.id);
    expect(kept).toHaveLength(2);
    for (const assignment of kept) {
      expect(assignment).toMatchObject({
        status: 'revoked',
        revokedReason: 'the job was deleted',
        revokedBy: admin.id,
      });
    }
  });

  it('adds one by the address of an existing external user, looking the address up only once', async () => {
    const made = await job();
    counter.reset();
    const added = await addAssignment(
      'job',
      callerOf(admin),
      made.id,
      { givenName: 'A', familyName: 'Again', email: `a-${admin.accountId}@example.com` },
      clock,
    );
    expect(added.externalUserId).toBe(people[0]);
    // Caller and job, the address guard and the user, the user's access, the access record's reads
    // (acceptance ∥ checklists), the write, the result.
    expect(counter.sent.slice(0, 5)).toEqual(['Get', 'Get', 'Get', 'Get', 'BatchGet']);
    expect(counter.sent.slice(5, 7).sort()).toEqual(['BatchGet', 'Query']);
    expect(counter.sent.slice(7)).toEqual(['TransactWriteItems', 'Get']);
  });
});
