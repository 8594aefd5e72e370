import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { readableDate } from '../../functions/links/assignment-email';
import { keys } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import { daysFromNow } from '../support/dates';
import { emailsTo } from '../support/inbox';
import { api, type Member, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';
import { handToStreamConsumers } from '../support/stream-consumers';
import { deadLetters, drainStreams } from '../support/streams';

/** Due in half a year, whatever day the tests run. */
const dueAt = daysFromNow(180);

/**
 * The e-mailed links of assignments, through the whole local stack: the stream consumer e-mails
 * each new assignment its link (SES stand-in), and the public link state says what the link
 * gives access to now.
 */
describe('assignment links', () => {
  let t: Tenant;
  let editor: Member;

  const external = async (label: string, email = newEmail(label)) => {
    const res = await send('POST', '/external-users', t.token, { givenName: label, familyName: 'Steward', email });
    if (res.status !== 201) throw new Error(`external user: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; email: string };
  };
  const job = async (extra: object = {}) => {
    const res = await send('POST', '/jobs', editor.token, {
      title: 'Check barriers <Gate C>',
      dueAt,
      location: { text: 'North stand, Gate C' },
      ownerIds: [editor.user.id],
      ...extra,
    });
    if (res.status !== 201) throw new Error(`job: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number; externalUsers: string[] };
  };
  /** The tokens of every link e-mailed to `email` so far, oldest first, once the stream has drained. */
  const linksTo = async (email: string) => {
    await drainStreams();
    return (await emailsTo(email)).map((message) => {
      const token = /#\/l\/([A-Za-z0-9_-]{43})\b/.exec(message.body.text ?? '')?.[1];
      if (!token) throw new Error(`no link in ${message.subject}`);
      return token;
    });
  };
  const stateOf = async (token: string) => {
    const res = await api('/links/state', { headers: { 'x-link-token': token } });
    expect(res.status).toBe(200);
    return res.body;
  };
  const assignmentOf = async (jobId: string, externalUserId: string) => {
    const { items } = (await api(`/jobs/${jobId}/assignments`, { token: editor.token })).body;
    return items.find((a: { externalUserId: string }) => a.externalUserId === externalUserId);
  };

  beforeAll(async () => {
    t = await newAccountWithAdmin('links');
    editor = await member(t, 'general', 'linkeditor', { jobs: { access: true } });
  });

  it('e-mails the assignee a link that names the job, its due date, location and assigner, and opens it', async () => {
    const ext = await external('Ada');
    const made = await job({ externalUsers: [{ id: ext.id }] });

    const [token] = await linksTo(ext.email);
    const [email] = await emailsTo(ext.email);
    expect(email?.subject).toBe('Job assigned: Check barriers <Gate C>');
    expect(email?.body.text).toContain(`Due: ${readableDate(dueAt)}`);
    expect(email?.body.text).toContain('Location: North stand, Gate C');
    expect(email?.body.text).toContain(`Assigned by: ${editor.user.givenName} ${editor.user.familyName}, links venue`);
    // The portal page the local stack serves (on a free port in tests, 5173 for npm start).
    expect(inject('localEnv').PORTAL_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(email?.body.text).toContain(`${inject('localEnv').PORTAL_URL}/#/l/${token}`);
    expect(email?.body.html).toContain('Check barriers &lt;Gate C&gt;');
    expect(await stateOf(token as string)).toEqual({ state: 'open', itemType: 'job', message: 'Open' });
    expect(await assignmentOf(made.id, ext.id)).toMatchObject({
      emailStatus: 'sent',
      linkIssuedAt: expect.any(String),
    });
  });

  it('answers completed once the job is completed, and past_due for a job past its due date', async () => {
    const [done, late] = await Promise.all([external('Bea'), external('Cal')]);
    const finished = await job({ externalUsers: [{ id: done.id }] });
    const overdue = await job({ dueAt: '2026-01-01T09:00:00Z', externalUsers: [{ id: late.id }] });
    const [[doneToken], [lateToken]] = await Promise.all([linksTo(done.email), linksTo(late.email)]);

    const completed = await send('PATCH', `/jobs/${finished.id}`, editor.token, {
      version: finished.version,
      status: 'completed',
    });
    expect(completed.status).toBe(200);

    expect(await stateOf(doneToken as string)).toEqual({
      state: 'completed',
      itemType: 'job',
      message: 'Job completed',
    });
    expect(await stateOf(lateToken as string)).toEqual({
      state: 'past_due',
      itemType: 'job',
      message: 'Job past due date',
    });
    expect(overdue.externalUsers).toEqual([late.id]);
  });

  it('answers revoked, with no item type, once the assignment is removed, and a re-add e-mails a new link', async () => {
    const ext = await external('Dan');
    const made = await job({ externalUsers: [{ id: ext.id }] });
    const [first] = await linksTo(ext.email);

    const revoked = await send('POST', `/jobs/${made.id}/assignments/${ext.id}/revoke`, editor.token, {});
    expect(revoked.status).toBe(200);
    expect(await stateOf(first as string)).toEqual({
      state: 'revoked',
      itemType: null,
      message: 'No longer have access',
    });

    expect((await send('POST', `/jobs/${made.id}/assignments`, editor.token, { id: ext.id })).status).toBe(201);
    const [, second] = await linksTo(ext.email);
    expect(second).not.toBe(first);
    expect((await stateOf(second as string)).state).toBe('open');
    expect((await stateOf(first as string)).state).toBe('revoked');
  });

  it('resends a new link that opens while the previous one answers revoked at once', async () => {
    const ext = await external('Eve');
    const made = await job({ externalUsers: [{ id: ext.id }] });
    const [old] = await linksTo(ext.email);

    const resent = await send('POST', `/jobs/${made.id}/assignments/${ext.id}/resend-link`, editor.token);
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ status: 'active', emailStatus: 'pending', linkRequestedBy: editor.user.id });
    expect(resent.body).not.toHaveProperty('linkHash');
    // Before the stream consumer has even made the new link, the old one is dead.
    expect((await stateOf(old as string)).state).toBe('revoked');

    const tokens = await linksTo(ext.email);
    expect(tokens).toHaveLength(2);
    expect((await stateOf(tokens[1] as string)).state).toBe('open');
    expect((await stateOf(old as string)).state).toBe('revoked');
    expect(await assignmentOf(made.id, ext.id)).toMatchObject({ emailStatus: 'sent' });
  });

  it('refuses to resend for someone not assigned (404), to a caller who may not see the job (404), and for a malformed id (400)', async () => {
    const [ext, stranger] = await Promise.all([external('Fay'), external('Gus')]);
    const made = await job({ externalUsers: [{ id: ext.id }] });
    const outsider = await member(t, 'general', 'linkoutsider');

    const notAssigned = await send('POST', `/jobs/${made.id}/assignments/${stranger.id}/resend-link`, editor.token);
    expect(notAssigned.status).toBe(404);
    const hidden = await send('POST', `/jobs/${made.id}/assignments/${ext.id}/resend-link`, outsider.token);
    expect(hidden.status).toBe(404);
    const malformed = await send('POST', `/jobs/${made.id}/assignments/not%20an%20id/resend-link`, editor.token);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details).toEqual([expect.objectContaining({ path: 'params.externalUserId' })]);
    await drainStreams();
    expect(await emailsTo(stranger.email)).toHaveLength(0);
    expect(await emailsTo(ext.email)).toHaveLength(1);
  });

  it("e-mails the category's default external users their links when a job of the category is made", async () => {
    const ext = await external('Hal');
    const category = await send('POST', '/job-categories', t.token, {
      name: `Stewarding ${Date.now()}`,
      defaultExternalUserIds: [ext.id],
    });
    expect(category.status).toBe(201);

    const made = await job({ categoryId: category.body.id });

    expect(made.externalUsers).toEqual([ext.id]);
    const [token] = await linksTo(ext.email);
    expect((await stateOf(token as string)).state).toBe('open');
  });

  it('e-mails an external user created inline, and reuses an existing one by address in any case, e-mailing them once', async () => {
    const known = await external('Ida');
    const fresh = newEmail('Jon');

    const made = await job({
      externalUsers: [
        { givenName: 'Jon', familyName: 'New', email: fresh },
        { givenName: 'Ida', familyName: 'Again', email: known.email.toUpperCase() },
      ],
    });

    expect(made.externalUsers).toContain(known.id);
    expect(await linksTo(fresh)).toHaveLength(1);
    expect(await linksTo(known.email)).toHaveLength(1);
  });

  it('answers an unknown token exactly as a revoked one, and 400 naming the header for a malformed or missing one, to HEAD too', async () => {
    const unknown = await api('/links/state', { headers: { 'x-link-token': 'A'.repeat(43) } });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ state: 'revoked', itemType: null, message: 'No longer have access' });

    const malformed = await api('/links/state', { headers: { 'x-link-token': 'short' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details).toEqual([expect.objectContaining({ path: 'headers.x-link-token' })]);
    const malformedHead = await api('/links/state', { method: 'HEAD', headers: { 'x-link-token': 'A'.repeat(44) } });
    expect(malformedHead.status).toBe(400);
    const missing = await api('/links/state');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'headers.x-link-token' })]);
  });

  it("answers HEAD with GET's status and no body, and neither GET nor HEAD sends or changes anything", async () => {
    const ext = await external('Kit');
    const made = await job({ externalUsers: [{ id: ext.id }] });
    const [token] = await linksTo(ext.email);
    const before = await assignmentOf(made.id, ext.id);

    const head = await api('/links/state', { method: 'HEAD', headers: { 'x-link-token': token as string } });
    for (let i = 0; i < 3; i++) await stateOf(token as string);

    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    await drainStreams();
    expect(await emailsTo(ext.email)).toHaveLength(1);
    expect(await assignmentOf(made.id, ext.id)).toEqual(before);
  });

  it('answers revoked for a disabled external user, and open again once they are enabled', async () => {
    const ext = await external('Lou');
    await job({ externalUsers: [{ id: ext.id }] });
    const [token] = await linksTo(ext.email);

    const disabled = await send('POST', `/external-users/${ext.id}/disable`, t.token, { version: 1 });
    expect(disabled.status).toBe(200);
    expect((await stateOf(token as string)).state).toBe('revoked');
    await send('POST', `/external-users/${ext.id}/enable`, t.token, { version: disabled.body.version });
    expect((await stateOf(token as string)).state).toBe('open');
  });

  it('e-mails and audits 24 of 24 assignees after one whose address SES refuses, which shows emailStatus failed and its audit entry, with no dead letter', async () => {
    const before = (await deadLetters()).length;
    const refused = await external('Max', `max-${randomUUID().slice(0, 8)}@unreachable.invalid`);
    const ordinary = await Promise.all(Array.from({ length: 24 }, (_, i) => external(`Ord${i}`)));
    const dueAt = daysFromNow(30);
    const ids = (users: { id: string }[]) => users.map((user) => ({ id: user.id }));

    // The refused address first, then 24 ordinary assignments on five jobs made at once.
    const first = await job({ dueAt, externalUsers: ids([refused, ...ordinary.slice(0, 4)]) });
    const others = await Promise.all(
      [4, 9, 14, 19].map((from) => job({ dueAt, externalUsers: ids(ordinary.slice(from, from + 5)) })),
    );
    await drainStreams();

    const jobOf = (index: number) => (index < 4 ? first : (others[Math.floor((index - 4) / 5)] as { id: string }));
    const trails = new Map<string, { action: string; externalUserId?: string; actor: object; details: object }[]>();
    for (const made of [first, ...others]) {
      const res = await api(`/jobs/${made.id}/audit?limit=100`, { token: t.token });
      expect(res.status).toBe(200);
      trails.set(made.id, res.body.items);
    }
    for (const [index, user] of ordinary.entries()) {
      expect(await emailsTo(user.email), user.email).toHaveLength(1);
      expect(await assignmentOf(jobOf(index).id, user.id)).toMatchObject({ emailStatus: 'sent' });
      const entries = trails.get(jobOf(index).id)?.filter((entry) => entry.externalUserId === user.id);
      expect(entries?.map((entry) => entry.action)).toEqual(['assigned']);
    }

    expect(await emailsTo(refused.email)).toHaveLength(0);
    expect(await assignmentOf(first.id, refused.id)).toMatchObject({
      status: 'active',
      emailStatus: 'failed',
      emailError: 'MessageRejected',
      emailFailedAt: expect.any(String),
    });
    const failed = {
      action: 'link_email_failed',
      actor: { kind: 'system' },
      externalUserId: refused.id,
      details: { reason: 'MessageRejected' },
    };
    const refusedTrail = trails.get(first.id)?.filter((entry) => entry.externalUserId === refused.id);
    expect(refusedTrail?.map((entry) => entry.action)).toEqual(['link_email_failed', 'assigned']);
    expect(refusedTrail?.[0]).toMatchObject(failed);
    const activity = await api(`/external-activity?externalUserId=${refused.id}`, { token: t.token });
    expect(activity.body.items).toContainEqual(expect.objectContaining({ ...failed, itemId: first.id }));
    expect(await deadLetters()).toHaveLength(before);
  });

  it('sends no second e-mail and keeps the link when the stream delivers the assignment record again', async () => {
    const ext = await external('Ned');
    const made = await job({ externalUsers: [{ id: ext.id }] });
    const [token] = await linksTo(ext.email);
    const key = keys.assignment('job', t.account.id, made.id, ext.id);
    const { Item } = await dynamo.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: key }));
    // The INSERT as Lambda delivered it: the record's keys and its image when it was written.
    const replayed: DynamoDBRecord = {
      eventID: randomUUID(),
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: {
        Keys: marshall(key) as never,
        NewImage: marshall(
          {
            ...Item,
            emailStatus: 'pending',
            linkHash: undefined,
            linkIssuedAt: undefined,
            sentLinkRequestId: undefined,
          },
          { removeUndefinedValues: true },
        ) as never,
        SequenceNumber: '1',
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };

    const result = await handToStreamConsumers({ Records: [replayed, replayed] });

    expect(result).toEqual({ batchItemFailures: [] });
    await drainStreams();
    expect(await emailsTo(ext.email)).toHaveLength(1);
    expect((await stateOf(token as string)).state).toBe('open');
  });

  it('e-mails an incident assignee a link with no due date, which answers completed once the incident is closed', async () => {
    const ext = await external('Ola');
    const made = await send('POST', '/incidents', t.token, {
      title: 'Crowd surge',
      severity: 'high',
      raisedAt: '2026-11-20T21:00:00Z',
      location: { text: 'Pit' },
      ownerIds: [t.admin.id],
      externalUsers: [{ id: ext.id }],
    });
    expect(made.status).toBe(201);
    const [token] = await linksTo(ext.email);
    const [email] = await emailsTo(ext.email);
    expect(email?.subject).toBe('Incident assigned: Crowd surge');
    expect(email?.body.text).not.toContain('Due:');
    expect(await stateOf(token as string)).toEqual({ state: 'open', itemType: 'incident', message: 'Open' });

    const resent = await send('POST', `/incidents/${made.body.id}/assignments/${ext.id}/resend-link`, t.token);
    expect(resent.status).toBe(202);
    const [, fresh] = await linksTo(ext.email);
    const closed = await send('PATCH', `/incidents/${made.body.id}`, t.token, {
      version: made.body.version,
      status: 'closed',
    });
    expect(closed.status).toBe(200);
    expect(await stateOf(fresh as string)).toEqual({
      state: 'completed',
      itemType: 'incident',
      message: 'Incident completed',
    });
    expect((await stateOf(token as string)).state).toBe('revoked');
  });
});
