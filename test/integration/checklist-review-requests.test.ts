import { randomUUID } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { noticeChecklistChange } from '../../functions/checklists/checklist-completion';
import { createChecklist } from '../../functions/checklists/checklist-service';
import { createExternalUser } from '../../functions/external-users/external-user-service';
import { createJob } from '../../functions/item-writes/create-job';
import { checklistKeys } from '../../functions/shared/data/keys';
import { dynamo, putNew, transact } from '../../functions/shared/data/table';
import type { Email } from '../../functions/shared/email';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { jobReads } from '../../functions/work/jobs/job-kind';
import { callerOf, clock, newAccount, newUser, now } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { countRequests } from '../support/request-counter';
import { drainStreams } from '../support/streams';

const counter = countRequests(dynamo);

/**
 * The owner's review e-mail from real records, after a checklist change: the completion check
 * recomputes the item's completion record from one Query and two GetItems in parallel, and writes
 * it only when it changed; when it e-mails, one BatchGetItem reads the owners and the external
 * users who answered together. (Answer changes: checklist-completion.test.ts.)
 */
describe('the completion check after a checklist change', () => {
  let accountId: string;
  let owner: StaffUser;
  let jobId: string;

  beforeAll(async () => {
    accountId = await newAccount('review');
    owner = await newUser(accountId, 'account_admin');
    const ext = await createExternalUser(
      callerOf(owner),
      { givenName: 'Cy', familyName: 'Steward', email: `cy-${accountId}@example.com` },
      clock,
    );
    const job = await createJob(
      callerOf(owner),
      {
        title: 'Gate checks',
        dueAt: daysFromNow(7),
        location: { text: 'Gate C' },
        ownerIds: [owner.id],
        externalUsers: [{ id: ext.id }],
      },
      clock,
    );
    jobId = job.id;
    const checklist = await createChecklist(
      jobReads,
      callerOf(owner),
      jobId,
      {
        title: 'Arrival',
        audience: { all: true },
        sections: [
          {
            title: 'Gate',
            items: [
              { label: 'Vest on?', required: true, response: { type: 'yes_no_na' } },
              { label: 'Barrier test', required: true, response: { type: 'pass_fail_na' } },
            ],
          },
        ],
      },
      clock,
    );
    // The external user's answers, as the portal stores them.
    const answers: [string, string][] = [
      ['Vest on?', 'yes'],
      ['Barrier test', 'fail'],
    ];
    await transact(
      answers.map(([label, value]) => {
        const item = checklist.sections[0]?.items.find((i) => i.label === label);
        const write = putNew({
          ...checklistKeys.checklistAnswer('job', accountId, jobId, checklist.id, item?.id ?? ''),
          entity: 'ChecklistAnswer',
          checklistId: checklist.id,
          checklistItemId: item?.id,
          value,
          answeredBy: { kind: 'external', id: ext.id },
          answeredAt: now,
          userAgent: 'test',
          requestId: randomUUID(),
          version: 1,
        });
        return { name: 'answer', write };
      }),
      'answered already',
    );
    await drainStreams();
  });

  it('looks with one Query and two GetItems, writes nothing and sends nothing once the completion was e-mailed', async () => {
    const sent: Email[] = [];
    counter.reset();

    expect(
      await noticeChecklistChange({ type: 'job', accountId, itemId: jobId }, randomUUID(), {
        sendEmail: async (e) => void sent.push(e),
        staffUrl: 'https://s',
      }),
    ).toBe('unchanged');

    expect([...counter.sent].sort()).toEqual(['Get', 'Get', 'Query']);
    expect(sent).toEqual([]);
  });

  it('e-mails the owner the context of the completed job with one BatchGetItem for the owners and the answerers', async () => {
    await dynamo.send(
      new DeleteCommand({
        TableName: process.env.TABLE_NAME,
        Key: checklistKeys.completionNotice('job', accountId, jobId),
      }),
    );
    const sent: Email[] = [];
    counter.reset();

    expect(
      await noticeChecklistChange({ type: 'job', accountId, itemId: jobId }, randomUUID(), {
        sendEmail: async (e) => void sent.push(e),
        staffUrl: 'https://s',
      }),
    ).toBe('notified');

    expect([...counter.sent.slice(0, 3)].sort()).toEqual(['Get', 'Get', 'Query']);
    // The record claimed for this completion, the people, the completion noted as e-mailed.
    expect(counter.sent.slice(3)).toEqual(['Put', 'BatchGet', 'Update']);
    expect(sent.map((e) => e.to)).toEqual([owner.email]);
    expect(sent[0]?.text).toContain('Location: Gate C');
    expect(sent[0]?.text).toContain('Answered by: Cy Steward');
    expect(sent[0]?.text).toContain('Required items: 2 of 2 answered');
    expect(sent[0]?.text).toContain('Failed or "no" answers: 1\n\n- Arrival › Barrier test: Fail');
  });
});
