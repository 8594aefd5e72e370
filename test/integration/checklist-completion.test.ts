import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Checklist } from '../../functions/checklists/checklist.schema';
import {
  type ChangeRecord,
  type CompletionDeps,
  itemToken,
  noticeAnswerChange,
  noticeChecklistChange,
} from '../../functions/checklists/checklist-completion';
import { createChecklist, updateChecklist } from '../../functions/checklists/checklist-service';
import { createExternalUser } from '../../functions/external-users/external-user-service';
import { createJob } from '../../functions/item-writes/create-job';
import { checklistKeys } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import type { Email } from '../../functions/shared/email';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { jobReads } from '../../functions/work/jobs/job-kind';
import { callerOf, clock, newAccount, newUser, now } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { emailsTo } from '../support/inbox';
import { countRequests } from '../support/request-counter';
import { drainStreams } from '../support/streams';

const counter = countRequests(dynamo);
const TableName = process.env.TABLE_NAME;

/**
 * The completion check per answer (CHK-8, PERFORMANCE.md: ≤ 1 RRU): an answer that stays answered
 * costs no request, one that is answered or cleared one UpdateItem of the item's completion record
 * and no read; the owners are e-mailed once per completion through replays, late records,
 * concurrent answers, staff edits and records kept before progress was.
 *
 * The local stack's stream consumer runs beside these tests and handles every record they write;
 * calls made here on top of it are the replays and races the guarantees are about.
 */
describe('the completion check per answer', () => {
  let accountId: string;
  let owner: StaffUser;
  let externalUserId: string;

  beforeAll(async () => {
    accountId = await newAccount('completion');
    owner = await newUser(accountId, 'account_admin');
    const ext = await createExternalUser(
      callerOf(owner),
      { givenName: 'Cy', familyName: 'Steward', email: `cy-${accountId}@example.com` },
      clock,
    );
    externalUserId = ext.id;
  });

  /** A job of its own with one checklist: `required` required yes/no items, one optional, one instruction. */
  async function newJob(required = 2) {
    const job = await createJob(
      callerOf(owner),
      {
        title: `Gate ${randomUUID()}`,
        dueAt: daysFromNow(7),
        location: { text: 'Gate C' },
        ownerIds: [owner.id],
        externalUsers: [{ id: externalUserId }],
      },
      clock,
    );
    const checklist = await createChecklist(
      jobReads,
      callerOf(owner),
      job.id,
      {
        title: 'Arrival',
        audience: { all: true },
        sections: [
          {
            title: 'Gate',
            items: [
              { label: 'Read the rules', required: false, response: { type: 'instruction' as const } },
              ...Array.from({ length: required }, (_, i) => ({
                label: `Check ${i + 1}`,
                required: true,
                response: { type: 'yes_no_na' as const },
              })),
              { label: 'Notes', required: false, response: { type: 'text' as const, maxLength: 200 } },
            ],
          },
        ],
      },
      clock,
    );
    await drainStreams();
    const itemId = (label: string) => checklist.sections[0]?.items.find((i) => i.label === label)?.id ?? '';
    const ref = { type: 'job' as const, accountId, itemId: job.id };
    const versions = new Map<string, number>();

    /**
     * Writes the answer to `label` as the portal stores it (version counted on) and answers the
     * stream record that write makes.
     */
    async function answer(label: string, value: unknown): Promise<ChangeRecord> {
      const checklistItemId = itemId(label);
      const key = checklistKeys.checklistAnswer('job', accountId, job.id, checklist.id, checklistItemId);
      const { Item: oldImage } = await dynamo.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
      const version = (versions.get(label) ?? 0) + 1;
      versions.set(label, version);
      const newImage = {
        ...key,
        entity: 'ChecklistAnswer',
        checklistId: checklist.id,
        checklistItemId,
        value,
        answeredBy: { kind: 'external', id: externalUserId },
        answeredAt: now,
        userAgent: 'test',
        requestId: randomUUID(),
        version,
      };
      await dynamo.send(new PutCommand({ TableName, Item: newImage }));
      return { eventId: randomUUID(), ...(oldImage ? { oldImage } : {}), newImage };
    }
    const progress = async () =>
      (
        await dynamo.send(
          new GetCommand({
            TableName,
            Key: checklistKeys.completionNotice('job', accountId, job.id),
            ConsistentRead: true,
          }),
        )
      ).Item;
    /** The owner's review e-mails about this job the local stack's consumer sent. */
    const mailed = async () => {
      await drainStreams();
      return (await emailsTo(owner.email)).filter((m) => m.body.text?.includes(`/jobs/${job.id}`));
    };
    return { job, checklist, ref, itemId, answer, progress, mailed };
  }

  /** Deps that keep the e-mails these calls send. */
  const capture = () => {
    const sent: Email[] = [];
    const deps: CompletionDeps = { sendEmail: async (e) => void sent.push(e), staffUrl: 'https://s' };
    return { sent, deps };
  };

  it('keeps the required items as short tokens in a record under 1 KB once the checklist is created', async () => {
    const { checklist, itemId, progress } = await newJob(2);

    const record = await progress();

    expect(record).toMatchObject({
      entity: 'CompletionNotice',
      complete: false,
      round: 0,
      notifiedRound: 0,
      answers: {},
    });
    expect([...(record?.required ?? [])].sort()).toEqual(
      [itemToken(checklist.id, itemId('Check 1')), itemToken(checklist.id, itemId('Check 2'))].sort(),
    );
    expect(itemToken(checklist.id, itemId('Check 1'))).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(Buffer.byteLength(JSON.stringify(record))).toBeLessThan(1024);
  });

  it('makes no request for an answer edit that keeps the item answered, nor for one that keeps it unanswered', async () => {
    const { ref, answer } = await newJob(2);
    await answer('Check 1', 'yes');
    const edited = await answer('Check 1', 'no');
    await answer('Notes', null);
    const stillEmpty = await answer('Notes', null);
    const { sent, deps } = capture();
    counter.reset();

    expect(await noticeAnswerChange(ref, edited, deps)).toBe('unchanged');
    expect(await noticeAnswerChange(ref, stillEmpty, deps)).toBe('unchanged');

    expect(counter.sent).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('makes one UpdateItem and no read for an answer that is answered or cleared without completing the item', async () => {
    const { ref, answer, progress, checklist, itemId } = await newJob(2);
    const answered = await answer('Check 1', 'yes');
    const { sent, deps } = capture();
    counter.reset();

    expect(await noticeAnswerChange(ref, answered, deps)).toBe('unchanged');
    expect(counter.sent).toEqual(['Update']);

    const cleared = await answer('Check 1', null);
    counter.reset();
    expect(await noticeAnswerChange(ref, cleared, deps)).toBe('unchanged');
    expect(counter.sent).toEqual(['Update']);
    expect(sent).toEqual([]);
    // Version 2, not answered.
    expect((await progress())?.answers).toEqual({ [itemToken(checklist.id, itemId('Check 1'))]: 4 });
  });

  it('sends nothing and changes nothing when the same answer record is delivered twice after completion', async () => {
    const { ref, answer, progress, mailed } = await newJob(2);
    await answer('Check 1', 'yes');
    const last = await answer('Check 2', 'yes');
    expect(await mailed()).toHaveLength(1);
    const before = await progress();
    const { sent, deps } = capture();
    counter.reset();

    expect(await noticeAnswerChange(ref, last, deps)).toBe('unchanged');
    expect(await noticeAnswerChange(ref, last, deps)).toBe('unchanged');

    expect(counter.sent).toEqual(['Update', 'Update']);
    expect(sent).toEqual([]);
    expect(await progress()).toEqual(before);
    expect(before).toMatchObject({ complete: true, round: 1, notifiedRound: 1 });
    expect(await mailed()).toHaveLength(1);
  });

  it('ignores an old record delivered after a later one (a dead letter replayed): the clear stays', async () => {
    const { ref, answer, progress, mailed } = await newJob(2);
    const first = await answer('Check 1', 'yes');
    await answer('Check 1', null);
    await answer('Check 2', 'yes');
    expect(await mailed()).toHaveLength(0);
    const before = await progress();
    const { sent, deps } = capture();

    expect(await noticeAnswerChange(ref, first, deps)).toBe('unchanged');

    expect(sent).toEqual([]);
    expect(await progress()).toEqual(before);
    expect(before?.complete).toBe(false);
  });

  it('reopens when a required answer is cleared, and e-mails once more when it is answered again', async () => {
    const { answer, progress, mailed } = await newJob(2);
    await answer('Check 1', 'yes');
    await answer('Check 2', 'yes');
    expect(await mailed()).toHaveLength(1);

    await answer('Check 2', null);
    expect(await mailed()).toHaveLength(1);
    expect(await progress()).toMatchObject({ complete: false, round: 1, notifiedRound: 1 });

    await answer('Check 2', 'no');
    expect(await mailed()).toHaveLength(2);
    expect(await progress()).toMatchObject({ complete: true, round: 2, notifiedRound: 2 });
  });

  it('makes a complete item incomplete when staff add a required item, and e-mails again once it is answered', async () => {
    const { job, checklist, answer, progress, mailed } = await newJob(1);
    await answer('Check 1', 'yes');
    expect(await mailed()).toHaveLength(1);

    const edited: Checklist = await updateChecklist(
      jobReads,
      callerOf(owner),
      job.id,
      checklist.id,
      {
        version: checklist.version,
        title: checklist.title,
        audience: { all: true },
        sections: [
          {
            title: 'Gate',
            items: [
              ...(checklist.sections[0]?.items ?? []),
              { label: 'Check 2', required: true, response: { type: 'yes_no_na' } },
            ],
          },
        ],
      },
      clock,
    );
    expect(await mailed()).toHaveLength(1);
    const record = await progress();
    expect(record).toMatchObject({ complete: false, round: 1, notifiedRound: 1 });
    expect(record?.required.size).toBe(2);

    const added = edited.sections[0]?.items.find((i) => i.label === 'Check 2');
    expect(added).toBeDefined();
    // The answer helper finds items on the checklist as first created; this one is new.
    const key = checklistKeys.checklistAnswer('job', accountId, job.id, checklist.id, added?.id ?? '');
    await dynamo.send(
      new PutCommand({
        TableName,
        Item: {
          ...key,
          entity: 'ChecklistAnswer',
          checklistId: checklist.id,
          checklistItemId: added?.id,
          value: 'yes',
          answeredBy: { kind: 'external', id: externalUserId },
          answeredAt: now,
          version: 1,
        },
      }),
    );
    expect(await mailed()).toHaveLength(2);
    expect(await progress()).toMatchObject({ complete: true, round: 2, notifiedRound: 2 });
  });

  it('recomputes a completion notice kept before progress was, on its first answer change, e-mailing once', async () => {
    const { ref, answer, progress, mailed } = await newJob(2);
    await answer('Check 1', 'yes');
    await drainStreams();
    // As this item's notice was before progress was kept: flags only.
    await dynamo.send(
      new PutCommand({
        TableName,
        Item: {
          ...checklistKeys.completionNotice('job', accountId, ref.itemId),
          entity: 'CompletionNotice',
          complete: false,
          round: 0,
          notifiedRound: 0,
          version: 3,
        },
      }),
    );
    const last = await answer('Check 2', 'yes');
    const { sent, deps } = capture();
    counter.reset();

    const outcome = await noticeAnswerChange(ref, last, deps);

    // This call or the stack's consumer recomputed it: one e-mail between the two.
    expect(counter.sent[0]).toBe('Update');
    expect(sent.length + (await mailed()).length).toBe(1);
    expect(outcome).toBe(sent.length === 1 ? 'notified' : 'unchanged');
    const record = await progress();
    expect(record).toMatchObject({ complete: true, round: 1, notifiedRound: 1 });
    expect(record?.required.size).toBe(2);
    expect(Object.values<number>(record?.answers ?? {}).filter((mark) => mark % 2 === 1)).toHaveLength(2);
  });

  it('keeps a notified notice kept before progress was as notified when it is recomputed', async () => {
    const { ref, answer, progress, mailed } = await newJob(1);
    await answer('Check 1', 'yes');
    expect(await mailed()).toHaveLength(1);
    await dynamo.send(
      new PutCommand({
        TableName,
        Item: {
          ...checklistKeys.completionNotice('job', accountId, ref.itemId),
          entity: 'CompletionNotice',
          complete: true,
          round: 1,
          notifiedRound: 1,
          version: 2,
        },
      }),
    );
    const { sent, deps } = capture();
    counter.reset();

    expect(await noticeAnswerChange(ref, await answer('Notes', 'all fine'), deps)).toBe('unchanged');

    expect(sent).toEqual([]);
    expect(await mailed()).toHaveLength(1);
    expect(await progress()).toMatchObject({ complete: true, round: 1, notifiedRound: 1, answers: expect.any(Object) });
  });

  it('e-mails once when the last required answers arrive at the same moment, with an optional one and a checklist change', async () => {
    for (let run = 0; run < 3; run++) {
      const { ref, answer, mailed } = await newJob(3);
      await answer('Check 1', 'yes');
      await drainStreams();
      const changes = await Promise.all([answer('Check 2', 'yes'), answer('Check 3', 'no'), answer('Notes', 'ok')]);
      const { sent, deps } = capture();

      await Promise.all([
        ...changes.map((change) => noticeAnswerChange(ref, change, deps)),
        ...changes.map((change) => noticeAnswerChange(ref, { ...change, eventId: randomUUID() }, deps)),
        noticeChecklistChange(ref, randomUUID(), deps),
      ]);

      expect(sent.length + (await mailed()).length, `run ${run}`).toBe(1);
    }
    // Three jobs, each waiting for the stream: more than the default on a busy machine.
  }, 90_000);

  it('does not create a completion record for an item that is gone', async () => {
    const { ref, answer } = await newJob(1);
    const change = await answer('Check 1', 'yes');
    const gone = { ...ref, itemId: `gone-${randomUUID()}` };
    const { sent, deps } = capture();

    expect(await noticeAnswerChange(gone, change, deps)).toBe('unchanged');

    expect(sent).toEqual([]);
    const { Item } = await dynamo.send(
      new GetCommand({ TableName, Key: checklistKeys.completionNotice('job', accountId, gone.itemId) }),
    );
    expect(Item).toBeUndefined();
  });
});
