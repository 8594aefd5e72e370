import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { addAssignment, revokeAssignment } from '../../functions/assignments/assignment-service';
import { saveAnswer } from '../../functions/checklists/answer-service';
import type { Checklist } from '../../functions/checklists/checklist.schema';
import { createChecklist, updateChecklist } from '../../functions/checklists/checklist-service';
import { createExternalUser, setExternalUserStatus } from '../../functions/external-users/external-user-service';
import { accessUpdate } from '../../functions/external-users/item-access-repository';
import { createJob } from '../../functions/item-writes/create-job';
import { updateJob } from '../../functions/item-writes/job-writes';
import { readPortalItem } from '../../functions/portal/portal-item-service';
import { keys } from '../../functions/shared/data/keys';
import { dynamo, transact } from '../../functions/shared/data/table';
import type { PortalCaller } from '../../functions/shared/http';
import { toStreamChange } from '../../functions/shared/stream-change';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { accessFollowsUser } from '../../functions/streams/access-follows-user';
import { acceptTerms, publishTerms } from '../../functions/terms/terms-service';
import { jobReads } from '../../functions/work/jobs/job-kind';
import { archiveJob } from '../../functions/work/jobs/job-reads-service';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { drainStreams } from '../support/streams';

/**
 * Records each DynamoDB request with the number of actions of a transaction, and the order in
 * which requests start and end (a "round" is requests in flight together).
 */
function recordRequests() {
  const events: string[] = [];
  const actions: number[] = [];
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName).replace(/(Item)?Command$/, '');
      const input = args.input as { TransactItems?: unknown[] };
      if (input.TransactItems) actions.push(input.TransactItems.length);
      events.push(`start ${name}`);
      try {
        return await next(args);
      } finally {
        events.push(`end ${name}`);
      }
    },
    { step: 'initialize', name: `accessRecorder${Math.random()}` },
  );
  return {
    events,
    actions,
    sent: () => events.filter((e) => e.startsWith('start ')).map((e) => e.slice(6)),
    /** How many rounds: a request that starts after another ended begins a new one. */
    rounds: () => {
      let rounds = 0;
      let inRound = false;
      for (const event of events) {
        if (event.startsWith('start ') && !inRound) {
          rounds++;
          inRound = true;
        }
        if (event.startsWith('end ')) inRound = false;
      }
      return rounds;
    },
    reset: () => {
      events.length = 0;
      actions.length = 0;
    },
  };
}

const recorder = recordRequests();
const origin = { userAgent: 'vitest' };

describe('the item access record', () => {
  let admin: StaffUser;
  let accountId: string;

  beforeAll(async () => {
    accountId = await newAccount('access');
    admin = await newUser(accountId, 'account_admin');
  });

  /** A new external user, a job assigned to them with one checklist, and their portal caller. */
  async function assignedJob(label: string) {
    const user = await createExternalUser(
      callerOf(admin),
      { givenName: label, familyName: 'Person', email: `${label}-${randomUUID()}@example.com` },
      clock,
    );
    const job = await createJob(
      callerOf(admin),
      {
        title: `Sweep ${label}`,
        dueAt: daysFromNow(180),
        location: { text: 'Gate' },
        ownerIds: [admin.id],
        externalUsers: [{ id: user.id }],
      },
      clock,
    );
    const checklist = await createChecklist(
      jobReads,
      callerOf(admin),
      job.id,
      {
        title: 'Arrival',
        audience: { all: true },
        sections: [
          { title: 'Gate', items: [{ label: 'Notes', required: true, response: { type: 'text', maxLength: 500 } }] },
        ],
      },
      clock,
    );
    const caller: PortalCaller = { accountId, externalUserId: user.id, verifiedAt: clock() };
    return { user, job, checklist, caller };
  }

  const itemIdOf = (checklist: Checklist) => checklist.sections[0]?.items[0]?.id as string;
  const save = (at: { caller: PortalCaller; job: { id: string }; checklist: Checklist }, value: string, version = 0) =>
    saveAnswer(
      at.caller,
      'job',
      at.job.id,
      at.checklist.id,
      itemIdOf(at.checklist),
      { value, version, requestId: randomUUID() },
      origin,
      clock,
    );
  const accessKey = (at: { caller: PortalCaller; job: { id: string } }) =>
    keys.itemAccess('job', accountId, at.job.id, at.caller.externalUserId);
  const stored = async (at: { caller: PortalCaller; job: { id: string } }) =>
    (await dynamo.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: accessKey(at) }))).Item;

  it('guards an autosave with one transaction of two actions: the access record and the answer', async () => {
    const at = await assignedJob('two-actions');
    await save(at, 'first');
    recorder.reset();
    const saved = await save(at, 'second', 1);
    expect(saved.version).toBe(2);
    expect(recorder.sent()).toEqual(['TransactWriteItems']);
    expect(recorder.actions).toEqual([2]);
  });

  it('loads a portal item in one round of three requests, the view marker among them', async () => {
    // The first portal load of this test file: no function cache holds the owner's name, which
    // comes from the job itself.
    const at = await assignedJob('load-b');
    recorder.reset();
    const item = await readPortalItem(at.caller, 'job', at.job.id, clock);
    expect(item.access.state).toBe('open');
    expect(item.owners).toEqual([`${admin.givenName} ${admin.familyName}`]);
    expect(recorder.sent().sort()).toEqual(['BatchGet', 'Query', 'Update']);
    expect(recorder.rounds()).toBe(1);
    expect((await stored(at))?.viewedAt).toBe(clock().toISOString());
    // A reload in the same visit: the two reads only.
    recorder.reset();
    await readPortalItem(at.caller, 'job', at.job.id, clock);
    expect(recorder.sent().sort()).toEqual(['BatchGet', 'Query']);
  });

  it("shows the owners' names of an item written before the item kept them, after a second round", async () => {
    const at = await assignedJob('legacy-names');
    await dynamo.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: keys.workItem('job', accountId, at.job.id),
        UpdateExpression: 'REMOVE ownerNames',
      }),
    );
    recorder.reset();
    const item = await readPortalItem(at.caller, 'job', at.job.id, clock);
    expect(item.owners).toEqual([`${admin.givenName} ${admin.familyName}`]);
    expect(recorder.rounds()).toBe(2);
  });

  it("keeps the owners' names on the job, in the order of its owners, when its owners change", async () => {
    const at = await assignedJob('new-owners');
    expect(at.job.ownerNames).toEqual([`${admin.givenName} ${admin.familyName}`]);
    const other = await newUser(accountId, 'account_admin');
    const changed = await updateJob(
      callerOf(admin),
      at.job.id,
      { ownerIds: [other.id, admin.id], version: at.job.version },
      clock,
    );
    const names = [`${other.givenName} ${other.familyName}`, `${admin.givenName} ${admin.familyName}`];
    expect(changed.ownerNames).toEqual(names);
    expect((await readPortalItem(at.caller, 'job', at.job.id, clock)).owners).toEqual(names);
  });

  it('refuses an autosave right after the external user is disabled (403), and allows it again once enabled', async () => {
    const at = await assignedJob('disabled');
    await save(at, 'before');
    const disabled = await setExternalUserStatus(callerOf(admin), at.user.id, 'disabled', at.user.version, clock);
    await expect(save(at, 'after', 1)).rejects.toMatchObject({ status: 403, code: 'ACCESS_REVOKED' });
    await expect(readPortalItem(at.caller, 'job', at.job.id, clock)).rejects.toMatchObject({ code: 'ACCESS_REVOKED' });
    await setExternalUserStatus(callerOf(admin), at.user.id, 'active', disabled.version, clock);
    expect((await save(at, 'again', 1)).version).toBe(2);
  });

  it("brings a record the disable's own fan-out missed in line through the stream, and a late older change never undoes it", async () => {
    const at = await assignedJob('missed');
    await save(at, 'before');
    const disabled = await setExternalUserStatus(callerOf(admin), at.user.id, 'disabled', at.user.version, clock);
    await drainStreams();
    // As if the assignments' index had not shown this assignment yet when the disable fanned out:
    // the record still holds the user's facts of before.
    await dynamo.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: accessKey(at),
        UpdateExpression: 'SET userStatus = :active, userVersion = :old',
        ExpressionAttributeValues: { ':active': 'active', ':old': at.user.version },
      }),
    );
    await expect(save(at, 'slipped through', 1)).resolves.toMatchObject({ version: 2 });
    // The stream's second pass for the disable (a replay of its record here) catches it up.
    const disable = keys.externalUser(accountId, at.user.id);
    const image = (user: { status: string; version: number }) => ({
      ...disable,
      entity: 'ExternalUser',
      id: at.user.id,
      ...user,
    });
    const change = (before: { status: string; version: number }, after: { status: string; version: number }) =>
      toStreamChange({
        eventID: randomUUID(),
        eventName: 'MODIFY',
        dynamodb: {
          Keys: marshall(disable) as never,
          OldImage: marshall(image(before)) as never,
          NewImage: marshall(image(after)) as never,
          SequenceNumber: '1',
        },
      });
    await accessFollowsUser.process(
      change({ status: 'active', version: at.user.version }, { status: 'disabled', version: disabled.version }),
    );
    await expect(save(at, 'after', 2)).rejects.toMatchObject({ status: 403, code: 'ACCESS_REVOKED' });
    expect(await stored(at)).toMatchObject({ userStatus: 'disabled', userVersion: disabled.version });
    // An older change arriving late (an enable before the disable) writes nothing.
    await accessFollowsUser.process(
      change({ status: 'disabled', version: 0 }, { status: 'active', version: at.user.version }),
    );
    expect(await stored(at)).toMatchObject({ userStatus: 'disabled', userVersion: disabled.version });
  });

  it('refuses an autosave once the job is completed (409 ITEM_READ_ONLY) or archived (403)', async () => {
    const at = await assignedJob('closed');
    const completed = await updateJob(
      callerOf(admin),
      at.job.id,
      { version: at.job.version, status: 'completed' },
      clock,
    );
    await expect(save(at, 'late')).rejects.toMatchObject({
      status: 409,
      code: 'ITEM_READ_ONLY',
      details: { access: { state: 'completed' } },
    });
    await updateJob(callerOf(admin), at.job.id, { version: completed.version, status: 'open' }, clock);
    expect((await save(at, 'reopened')).version).toBe(1);
    await archiveJob(callerOf(admin), at.job.id, clock);
    await expect(save(at, 'archived', 1)).rejects.toMatchObject({ status: 403, code: 'ACCESS_REVOKED' });
  });

  it('retries an autosave once with the changed checklist when staff edited it meanwhile', async () => {
    const at = await assignedJob('edited');
    await save(at, 'cached definition');
    const edited = await updateChecklist(
      jobReads,
      callerOf(admin),
      at.job.id,
      at.checklist.id,
      {
        title: 'Arrival (v2)',
        audience: { all: true },
        version: at.checklist.version,
        sections: at.checklist.sections.map((s) => ({ ...s, items: s.items.map((i) => ({ ...i, label: 'Notes!' })) })),
      },
      clock,
    );
    expect((await stored(at))?.[`cl:${at.checklist.id}`]).toBe(edited.version);
    // The warm function still holds version 1: the guard refuses it, the checklist is read again.
    expect((await save(at, 'after the edit', 1)).version).toBe(2);
  });

  it('rebuilds a missing access record from its sources, and the save lands', async () => {
    const at = await assignedJob('missing');
    await dynamo.send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: accessKey(at) }));
    expect((await save(at, 'rebuilt')).version).toBe(1);
    expect(await stored(at)).toMatchObject({
      assignmentStatus: 'active',
      userStatus: 'active',
      [`cl:${at.checklist.id}`]: 1,
    });
  });

  it('rebuilds a partial record (one a fan-out made where there was none) before trusting it', async () => {
    const at = await assignedJob('partial');
    await dynamo.send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: accessKey(at) }));
    const place = { type: 'job' as const, accountId, itemId: at.job.id, externalUserId: at.caller.externalUserId };
    await transact([accessUpdate(place, { itemArchived: false, itemStatus: 'open' })], 'no');
    const item = await readPortalItem(at.caller, 'job', at.job.id, clock);
    expect(item.access.state).toBe('open');
    expect(await stored(at)).toMatchObject({ assignmentStatus: 'active', userStatus: 'active', rev: 2 });
    // The view the partial record refused is sent again after the rebuild.
    expect((await stored(at))?.viewedAt).toBe(clock().toISOString());
  });

  it('rebuilds the missing record of a revoked assignment as revoked, and refuses the save', async () => {
    const at = await assignedJob('revoked');
    const other = await createExternalUser(
      callerOf(admin),
      { givenName: 'Other', familyName: 'Person', email: `other-${randomUUID()}@example.com` },
      clock,
    );
    await addAssignment('job', callerOf(admin), at.job.id, { id: other.id }, clock);
    await revokeAssignment('job', callerOf(admin), at.job.id, at.user.id, 'done', clock);
    await dynamo.send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: accessKey(at) }));
    await expect(save(at, 'sneaky')).rejects.toMatchObject({ status: 403, code: 'ACCESS_REVOKED' });
    expect(await stored(at)).toMatchObject({ assignmentStatus: 'revoked' });
  });

  it('writes no access record for an item the user was never assigned to', async () => {
    const at = await assignedJob('stranger');
    const elsewhere = await assignedJob('elsewhere');
    const intruder = { ...at, job: elsewhere.job, checklist: elsewhere.checklist };
    await expect(save(intruder, 'no')).rejects.toMatchObject({ status: 403, code: 'ACCESS_REVOKED' });
    await expect(readPortalItem(at.caller, 'job', elsewhere.job.id, clock)).rejects.toMatchObject({
      code: 'ACCESS_REVOKED',
    });
    expect(await stored(intruder)).toBeUndefined();
  });

  it('copies a reactivated assignment whole, with the checklists as they are now', async () => {
    const at = await assignedJob('reactivated');
    await revokeAssignment('job', callerOf(admin), at.job.id, at.user.id, 'pause', clock);
    await expect(save(at, 'paused')).rejects.toMatchObject({ code: 'ACCESS_REVOKED' });
    await addAssignment('job', callerOf(admin), at.job.id, { id: at.user.id }, clock);
    expect(await stored(at)).toMatchObject({ assignmentStatus: 'active', [`cl:${at.checklist.id}`]: 1 });
    recorder.reset();
    expect((await save(at, 'back')).version).toBe(1);
    expect(recorder.sent()).toEqual(['TransactWriteItems']);
  });
  // Last: it publishes terms in the account, which every later save would have to accept.
  it('refuses an autosave until the current terms are accepted, then allows it', async () => {
    const at = await assignedJob('terms');
    const terms = await publishTerms(callerOf(admin), { text: `Terms ${randomUUID()}` }, clock);
    // A fresh definition (the cache is per checklist) carries the current terms version.
    const other = await assignedJob('terms-2');
    await expect(save(other, 'not yet')).rejects.toMatchObject({ status: 403, code: 'TERMS_NOT_ACCEPTED' });
    await expect(readPortalItem(other.caller, 'job', other.job.id, clock)).rejects.toMatchObject({
      code: 'TERMS_NOT_ACCEPTED',
    });
    await acceptTerms(other.caller, terms.version, { ip: '192.0.2.1', userAgent: 'vitest' }, clock);
    expect((await stored(other))?.termsVersion).toBe(terms.version);
    expect((await save(other, 'accepted')).version).toBe(1);
    await acceptTerms(at.caller, terms.version, { ip: '192.0.2.1', userAgent: 'vitest' }, clock);
  });
});
