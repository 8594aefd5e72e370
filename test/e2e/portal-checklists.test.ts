import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { checklistKeys } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import { daysFromNow } from '../support/dates';
import { emailsTo } from '../support/inbox';
import { linksTo, portal, portalSignIn } from '../support/portal-session';
import { api, type Member, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';
import { handToStreamConsumers } from '../support/stream-consumers';
import { drainStreams } from '../support/streams';

/**
 * Checklists end to end: staff define them on a job, the external user sees them in the portal and
 * autosaves one answer per request, each write refused as a whole when access ended meanwhile.
 */
describe('portal checklists', () => {
  let t: Tenant;
  let editor: Member;

  const sections = [
    {
      title: 'Arrival',
      items: [
        { label: 'Read the site rules', response: { type: 'instruction' } },
        { label: 'Vest on?', required: true, response: { type: 'yes_no_na' } },
        { label: 'Barrier test', required: true, response: { type: 'pass_fail_na' } },
        { label: 'Notes', response: { type: 'text', maxLength: 20 } },
        { label: 'Crowd count', required: true, response: { type: 'number', min: 0, max: 5000, unit: 'people' } },
      ],
    },
    {
      title: 'Closing',
      items: [
        { label: 'Inspection date', response: { type: 'date' } },
        { label: 'Gates locked at', required: true, response: { type: 'datetime' } },
        { label: 'Weather', response: { type: 'single_choice', options: ['Dry', 'Rain', 'Snow'] } },
        { label: 'Exits checked', response: { type: 'multiple_choice', options: ['North', 'South', 'East'] } },
      ],
    },
  ];

  /** A job with a checklist, assigned to a new external user who is signed in. */
  async function setUp(extra: object = {}) {
    const ext = (
      await send('POST', '/external-users', t.token, { givenName: 'Cy', familyName: 'Steward', email: newEmail('cy') })
    ).body;
    const job = await send('POST', '/jobs', editor.token, {
      title: 'Gate checks',
      dueAt: daysFromNow(180),
      location: { text: 'Gate C' },
      ownerIds: [editor.user.id],
      externalUsers: [{ id: ext.id }],
      ...extra,
    });
    expect(job.status).toBe(201);
    const made = await send('POST', `/jobs/${job.body.id}/checklists`, editor.token, { title: 'Gate C', sections });
    expect(made.status).toBe(201);
    const [token] = await linksTo(ext.email);
    const { idToken } = await portalSignIn(token as string, ext.email);
    const items = made.body.sections.flatMap((s: { items: { id: string; label: string }[] }) => s.items);
    const itemId = (label: string) => items.find((i: { label: string }) => i.label === label)?.id as string;
    const save = (label: string, value: unknown, version = 0, requestId: string = randomUUID()) =>
      portal('PUT', `/portal/jobs/${job.body.id}/checklists/${made.body.id}/items/${itemId(label)}/answer`, idToken, {
        value,
        version,
        requestId,
      });
    return { ext, job: job.body, checklist: made.body, idToken, itemId, save };
  }

  beforeAll(async () => {
    t = await newAccountWithAdmin('checklists');
    editor = await member(t, 'general', 'checklisteditor', { jobs: { access: true } });
  });

  it('shows the checklist in the portal and saves one answer of each response type, with progress', async () => {
    const { job, idToken, save } = await setUp();
    const before = await portal('GET', `/portal/jobs/${job.id}`, idToken);
    expect(before.status).toBe(200);
    expect(before.body.checklists).toHaveLength(1);
    expect(before.body.checklists[0].progress).toEqual({
      requiredAnswered: 0,
      requiredTotal: 4,
      answered: 0,
      total: 8,
    });

    const answers: [string, unknown][] = [
      ['Vest on?', 'yes'],
      ['Barrier test', 'fail'],
      ['Notes', 'Gate 3 sticks'],
      ['Crowd count', 1200],
      ['Inspection date', '2026-12-02'],
      ['Gates locked at', '2026-12-02T23:10:00Z'],
      ['Weather', 'Rain'],
      ['Exits checked', ['North', 'East']],
    ];
    for (const [label, value] of answers) {
      const res = await save(label, value);
      expect(res.status, label).toBe(200);
      expect(res.body).toMatchObject({ value, version: 1, answeredBy: { kind: 'external' } });
    }
    const after = await portal('GET', `/portal/jobs/${job.id}`, idToken);
    expect(after.body.checklists[0].progress).toEqual({ requiredAnswered: 4, requiredTotal: 4, answered: 8, total: 8 });
    expect(after.body.checklists[0].answers).toHaveLength(8);

    const staff = await api(`/jobs/${job.id}/checklists`, { token: editor.token });
    expect(staff.body.items[0].progress.requiredAnswered).toBe(4);
  });

  it('refuses a value of the wrong type for each response type with 400 naming the problem', async () => {
    const { save } = await setUp();
    const wrong: [string, unknown, string][] = [
      ['Vest on?', 'maybe', 'must be one of "yes", "no", "na"'],
      ['Barrier test', true, 'must be one of "pass", "fail", "na"'],
      ['Notes', 'x'.repeat(21), 'must be at most 20 characters'],
      ['Notes', 42, 'must be text'],
      ['Crowd count', 5001, 'must be at most 5000'],
      ['Crowd count', '12', 'must be a number'],
      ['Inspection date', '2026-02-30', 'must be a date, YYYY-MM-DD'],
      ['Gates locked at', '2026-12-02 23:10', 'must be a date and time'],
      ['Weather', 'Hail', 'must be one of "Dry", "Rain", "Snow"'],
      ['Exits checked', ['North', 'West'], '"West" is not one of the options'],
      ['Exits checked', [], 'must be a non-empty list of options'],
      ['Read the site rules', 'ok', 'an instruction takes no answer'],
    ];
    for (const [label, value, message] of wrong) {
      const res = await save(label, value);
      expect(res.status, label).toBe(400);
      expect(res.body.error.details[0], label).toMatchObject({
        path: 'body.value',
        message: expect.stringContaining(message),
      });
    }
  });

  it('answers 409 with the current answer on a stale version, and applies a retried request once', async () => {
    const { save } = await setUp();
    const requestId = randomUUID();
    expect((await save('Vest on?', 'yes', 0, requestId)).body.version).toBe(1);
    const retried = await save('Vest on?', 'yes', 0, requestId);
    expect(retried.status).toBe(200);
    expect(retried.body.version).toBe(1);
    const stale = await save('Vest on?', 'no', 0);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'ANSWER_CONFLICT',
      details: { current: { value: 'yes', version: 1 } },
    });
    expect((await save('Vest on?', 'no', 1)).body).toMatchObject({ value: 'no', version: 2 });
    expect((await save('Vest on?', null, 2)).body).toMatchObject({ value: null, version: 3 });
  });

  it('answers a retried save with the answer it saved and writes nothing: one entry in the trail, the time kept', async () => {
    const { job, save } = await setUp();
    const first = await save('Notes', 'gate 3 sticks', 0, 'retry-of-first-save');
    expect(first.status).toBe(200);
    const firstRetried = await save('Notes', 'gate 3 sticks', 0, 'retry-of-first-save');
    expect(firstRetried.status).toBe(200);
    expect(firstRetried.body).toEqual(first.body);
    const second = await save('Notes', 'gate 3 fixed', 1, 'retry-of-second-save');
    expect(second.status).toBe(200);
    const secondRetried = await save('Notes', 'gate 3 fixed', 1, 'retry-of-second-save');
    expect(secondRetried.status).toBe(200);
    expect(secondRetried.body).toEqual(second.body);
    const stored = await api(`/jobs/${job.id}/checklists`, { token: editor.token });
    expect(stored.body.items[0].answers).toEqual([
      expect.objectContaining({ value: 'gate 3 fixed', version: 2, answeredAt: second.body.answeredAt }),
    ]);
    await drainStreams();
    const trail = await api(`/jobs/${job.id}/audit`, { token: editor.token });
    const saved = trail.body.items.filter((e: { action: string }) => e.action === 'answer_saved');
    expect(saved.map((e: { details: { newValue: unknown } }) => e.details.newValue)).toEqual([
      'gate 3 fixed',
      'gate 3 sticks',
    ]);
  });

  it('adds a retried comment once and applies a retried edit once, answering the comment each time', async () => {
    const { job, checklist, idToken, itemId } = await setUp();
    const base = `/portal/jobs/${job.id}/checklists/${checklist.id}/items/${itemId('Notes')}/comments`;
    const added = await portal('POST', base, idToken, { text: 'Gate 3 sticks', requestId: 'comment-request-1' });
    expect(added.status).toBe(201);
    const again = await portal('POST', base, idToken, { text: 'Gate 3 sticks', requestId: 'comment-request-1' });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(added.body);
    const edit = { text: 'Gate 3 fixed', version: 1, requestId: 'comment-edit-1' };
    const edited = await portal('PATCH', `${base}/${added.body.id}`, idToken, edit);
    expect(edited.status).toBe(200);
    const editedAgain = await portal('PATCH', `${base}/${added.body.id}`, idToken, edit);
    expect(editedAgain.status).toBe(200);
    expect(editedAgain.body).toEqual(edited.body);
    const otherEdit = await portal('PATCH', `${base}/${added.body.id}`, idToken, {
      ...edit,
      requestId: 'comment-edit-2',
    });
    expect(otherEdit.status).toBe(409);
    const view = await portal('GET', `/portal/jobs/${job.id}`, idToken);
    expect(view.body.checklists[0].comments).toEqual([expect.objectContaining({ text: 'Gate 3 fixed', version: 2 })]);
    await drainStreams();
    const trail = await api(`/jobs/${job.id}/audit`, { token: editor.token });
    expect(
      trail.body.items
        .filter((e: { action: string }) => e.action.startsWith('comment_'))
        .map((e: { action: string }) => e.action),
    ).toEqual(['comment_edited', 'comment_added']);
  });

  it('keeps two external users with the same comment request id apart', async () => {
    const mine = await setUp();
    const coEmail = newEmail('twin');
    const co = (
      await send('POST', `/jobs/${mine.job.id}/assignments`, editor.token, {
        givenName: 'Twin',
        familyName: 'Steward',
        email: coEmail,
      })
    ).body;
    const [coLink] = await linksTo(coEmail);
    const coSession = await portalSignIn(coLink as string, coEmail);
    const base = `/portal/jobs/${mine.job.id}/checklists/${mine.checklist.id}/items/${mine.itemId('Notes')}/comments`;
    const a = await portal('POST', base, mine.idToken, { text: 'mine', requestId: 'same-request-id' });
    const b = await portal('POST', base, coSession.idToken, { text: 'theirs', requestId: 'same-request-id' });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
    expect(b.body).toMatchObject({ text: 'theirs', author: { id: co.externalUserId } });
  });

  it('refuses a save once the assignment is revoked, and writes nothing', async () => {
    const { ext, job, checklist, save } = await setUp();
    expect((await save('Vest on?', 'yes')).status).toBe(200);
    expect((await send('POST', `/jobs/${job.id}/assignments/${ext.id}/revoke`, editor.token, {})).status).toBe(200);
    const refused = await save('Vest on?', 'no', 1);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ACCESS_REVOKED');
    const staff = await api(`/jobs/${job.id}/checklists`, { token: editor.token });
    const [entry] = staff.body.items.filter((i: { checklist: { id: string } }) => i.checklist.id === checklist.id);
    expect(entry.answers).toEqual([expect.objectContaining({ value: 'yes', version: 1 })]);
  });

  it('refuses saves on a completed job ("Job completed") and on a job past due ("Job past due date")', async () => {
    const done = await setUp();
    const completed = await send('PATCH', `/jobs/${done.job.id}`, editor.token, {
      version: done.job.version,
      status: 'completed',
    });
    expect(completed.status).toBe(200);
    const refused = await done.save('Vest on?', 'yes');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'ITEM_READ_ONLY', message: 'Job completed' });
    const view = await portal('GET', `/portal/jobs/${done.job.id}`, done.idToken);
    expect(view.body.access.message).toBe('Job completed');

    const late = await setUp({ dueAt: '2026-01-01T00:00:00Z' });
    const lateSave = await late.save('Vest on?', 'yes');
    expect(lateSave.status).toBe(409);
    expect(lateSave.body.error).toMatchObject({ code: 'ITEM_READ_ONLY', message: 'Job past due date' });
  });

  it("answers 404 for an unknown item and for another job's checklist", async () => {
    const mine = await setUp();
    const other = await setUp();
    const unknownItem = await portal(
      'PUT',
      `/portal/jobs/${mine.job.id}/checklists/${mine.checklist.id}/items/nope/answer`,
      mine.idToken,
      { value: 'yes', version: 0, requestId: randomUUID() },
    );
    expect(unknownItem.status).toBe(404);
    const foreign = await portal(
      'PUT',
      `/portal/jobs/${mine.job.id}/checklists/${other.checklist.id}/items/${other.itemId('Vest on?')}/answer`,
      mine.idToken,
      { value: 'yes', version: 0, requestId: randomUUID() },
    );
    expect(foreign.status).toBe(404);
    const otherJob = await portal(
      'PUT',
      `/portal/jobs/${other.job.id}/checklists/${other.checklist.id}/items/${other.itemId('Vest on?')}/answer`,
      mine.idToken,
      { value: 'yes', version: 0, requestId: randomUUID() },
    );
    expect(otherJob.status).toBe(403);
    const badBody = await mine.save('Vest on?', 'yes', -1);
    expect(badBody.status).toBe(400);
  });

  it('answers a job not assigned to the caller the same whether its checklist and item exist or not', async () => {
    const mine = await setUp();
    const other = await setUp();
    const item = other.itemId('Vest on?');
    const on = (jobId: string, checklistId: string, itemId: string) =>
      `/portal/jobs/${jobId}/checklists/${checklistId}/items/${itemId}`;
    const body = () => ({ value: 'yes', version: 0, requestId: randomUUID() });
    const probes = [
      ['PUT', `${on(other.job.id, other.checklist.id, item)}/answer`, body()],
      ['PUT', `${on(other.job.id, 'no-such-checklist', item)}/answer`, body()],
      ['PUT', `${on(other.job.id, other.checklist.id, 'no-such-item')}/answer`, body()],
      ['PUT', `${on('no-such-job', other.checklist.id, item)}/answer`, body()],
      ['POST', `${on(other.job.id, other.checklist.id, item)}/comments`, { text: 'hello' }],
      ['POST', `${on(other.job.id, 'no-such-checklist', item)}/comments`, { text: 'hello' }],
    ] as const;
    const answers = await Promise.all(probes.map(([method, path, b]) => portal(method, path, mine.idToken, b)));
    for (const [i, res] of answers.entries()) {
      expect({ probe: probes[i]?.[1], status: res.status, body: res.body }).toEqual({
        probe: probes[i]?.[1],
        status: 403,
        body: { error: { code: 'ACCESS_REVOKED', message: 'No longer have access' } },
      });
    }
  });

  it("shows a co-assignee's answers with who and when, never their position or browser", async () => {
    const { ext, job, idToken, save } = await setUp();
    const coEmail = newEmail('co');
    const co = (
      await send('POST', `/jobs/${job.id}/assignments`, editor.token, {
        givenName: 'Co',
        familyName: 'Assignee',
        email: coEmail,
      })
    ).body;
    const [coToken] = await linksTo(coEmail);
    const coSession = await portalSignIn(coToken as string, coEmail);
    const gps = { lat: 51.5, lng: -0.12, accuracy: 8 };
    const mineSaved = await save('Vest on?', 'yes');
    expect(mineSaved.status).toBe(200);
    const theirs = await portal(
      'PUT',
      `/portal/jobs/${job.id}/checklists/${mineSaved.body.checklistId}/items/${mineSaved.body.checklistItemId}/answer`,
      coSession.idToken,
      { value: 'no', version: 1, requestId: randomUUID(), gps },
    );
    expect(theirs.status).toBe(200);
    const ownAnswer = await save('Notes', 'all fine', 0);
    expect(ownAnswer.status).toBe(200);

    const seen = await portal('GET', `/portal/jobs/${job.id}`, idToken);
    const answers = seen.body.checklists[0].answers as Record<string, unknown>[];
    const byCo = answers.find((a) => (a.answeredBy as { id: string }).id === co.externalUserId);
    expect(byCo).toBeDefined();
    expect(Object.keys(byCo ?? {}).sort()).toEqual(
      ['answeredAt', 'answeredBy', 'checklistId', 'checklistItemId', 'value', 'version'].sort(),
    );
    const byMe = answers.find((a) => (a.answeredBy as { id: string }).id === ext.id);
    expect(byMe).toMatchObject({ value: 'all fine', userAgent: expect.any(String), requestId: expect.any(String) });
    const coSeen = await portal('GET', `/portal/jobs/${job.id}`, coSession.idToken);
    const ownByCo = (coSeen.body.checklists[0].answers as Record<string, unknown>[]).find(
      (a) => (a.answeredBy as { id: string }).id === co.externalUserId,
    );
    expect(ownByCo).toMatchObject({ gps, userAgent: expect.any(String) });
    const staffView = await api(`/jobs/${job.id}/checklists`, { token: editor.token });
    expect(
      staffView.body.items[0].answers.find(
        (a: { answeredBy: { id: string } }) => a.answeredBy.id === co.externalUserId,
      ),
    ).toMatchObject({ gps });
  });

  it('keeps answers when staff edit the checklist: answered items cannot be removed, a relabel keeps saving', async () => {
    const { job, checklist, save } = await setUp();
    expect((await save('Vest on?', 'yes')).status).toBe(200);
    const withoutVest = checklist.sections.map((s: { items: { label: string }[] }) => ({
      ...s,
      items: s.items.filter((i) => i.label !== 'Vest on?'),
    }));
    const removal = await send('PUT', `/jobs/${job.id}/checklists/${checklist.id}`, editor.token, {
      version: checklist.version,
      title: checklist.title,
      sections: withoutVest,
    });
    expect(removal.status).toBe(409);
    expect(removal.body.error.code).toBe('CHECKLIST_ANSWERED');
    const relabelled = checklist.sections.map((s: { items: { label: string }[] }) => ({
      ...s,
      items: s.items.map((i) => (i.label === 'Notes' ? { ...i, label: 'Remarks' } : i)),
    }));
    const renamed = await send('PUT', `/jobs/${job.id}/checklists/${checklist.id}`, editor.token, {
      version: checklist.version,
      title: checklist.title,
      sections: relabelled,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.version).toBe(2);
    expect((await save('Vest on?', 'no', 1)).status).toBe(200);
  });

  it('shows a checklist for named external users only to them, and refuses the others their answers', async () => {
    const { job, idToken } = await setUp();
    const named = (
      await send('POST', `/jobs/${job.id}/assignments`, editor.token, {
        givenName: 'Dot',
        familyName: 'Steward',
        email: newEmail('dot'),
      })
    ).body;
    const own = await send('POST', `/jobs/${job.id}/checklists`, editor.token, {
      title: 'For Dot',
      audience: { externalUserIds: [named.externalUserId] },
      sections: [{ title: 'Only', items: [{ label: 'Done?', response: { type: 'yes_no_na' } }] }],
    });
    expect(own.status).toBe(201);
    const view = await portal('GET', `/portal/jobs/${job.id}`, idToken);
    expect(view.body.checklists.map((c: { checklist: { title: string } }) => c.checklist.title)).toEqual(['Gate C']);
    const refused = await portal(
      'PUT',
      `/portal/jobs/${job.id}/checklists/${own.body.id}/items/${own.body.sections[0].items[0].id}/answer`,
      idToken,
      { value: 'yes', version: 0, requestId: randomUUID() },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('NOT_YOUR_CHECKLIST');
    const notAssigned = await send('POST', `/jobs/${job.id}/checklists`, editor.token, {
      title: 'Stranger',
      audience: { externalUserIds: ['someone-else'] },
      sections: [{ title: 'Only', items: [{ label: 'Done?', response: { type: 'yes_no_na' } }] }],
    });
    expect(notAssigned.status).toBe(400);
  });

  it('refuses a checklist definition that is not valid, naming the field', async () => {
    const { job } = await setUp();
    const bad = [
      { title: 'x', sections: [] },
      { title: 'x', sections: [{ title: 's', items: [{ label: 'q', response: { type: 'colour' } }] }] },
      {
        title: 'x',
        sections: [{ title: 's', items: [{ label: 'q', response: { type: 'single_choice', options: ['a'] } }] }],
      },
      { title: 'x', sections: [{ title: 's', items: [{ label: 'q', response: { type: 'number', min: 5, max: 1 } }] }] },
      { title: 'x', sections: [{ title: 's', items: [{ label: '', response: { type: 'text' } }] }] },
    ];
    for (const body of bad) {
      const res = await send('POST', `/jobs/${job.id}/checklists`, editor.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details[0].path).toMatch(/^body\.sections/);
    }
    const outsider = await member(t, 'general', 'outsider');
    expect((await send('POST', `/jobs/${job.id}/checklists`, outsider.token, { title: 'x', sections })).status).toBe(
      404,
    );
  });

  it('lets an external user comment on an item, edit and delete only their own, while the job is open', async () => {
    const { ext, job, checklist, idToken, itemId } = await setUp();
    const base = `/portal/jobs/${job.id}/checklists/${checklist.id}/items/${itemId('Vest on?')}/comments`;
    const added = await portal('POST', base, idToken, { text: 'Vest torn, replaced' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      text: 'Vest torn, replaced',
      version: 1,
      author: { kind: 'external', id: ext.id },
    });
    const view = await portal('GET', `/portal/jobs/${job.id}`, idToken);
    expect(view.body.checklists[0].comments).toEqual([expect.objectContaining({ id: added.body.id })]);

    const edited = await portal('PATCH', `${base}/${added.body.id}`, idToken, { text: 'Vest replaced', version: 1 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ text: 'Vest replaced', version: 2, createdAt: added.body.createdAt });
    const stale = await portal('PATCH', `${base}/${added.body.id}`, idToken, { text: 'Again', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'COMMENT_CONFLICT',
      details: { current: { text: 'Vest replaced' } },
    });

    // Another external user on the same job may read it but not change or delete it.
    const second = (
      await send('POST', `/jobs/${job.id}/assignments`, editor.token, {
        givenName: 'Em',
        familyName: 'S',
        email: newEmail('em'),
      })
    ).body;
    const [secondToken] = await linksTo(second.email);
    const { idToken: secondId } = await portalSignIn(secondToken as string, second.email);
    expect(
      (await portal('PATCH', `${base}/${added.body.id}`, secondId, { text: 'Mine now', version: 2 })).body.error.code,
    ).toBe('NOT_YOUR_COMMENT');
    expect((await portal('DELETE', `${base}/${added.body.id}`, secondId)).status).toBe(403);

    expect((await portal('POST', base, idToken, { text: 'x'.repeat(2001) })).status).toBe(400);
    expect((await portal('POST', base, idToken, { text: '  ' })).status).toBe(400);
    expect((await portal('DELETE', `${base}/${added.body.id}`, idToken)).status).toBe(204);
    expect((await portal('DELETE', `${base}/${added.body.id}`, idToken)).status).toBe(404);

    await drainStreams();
    const trail = await api(`/jobs/${job.id}/audit`, { token: editor.token });
    const comments = trail.body.items.filter((e: { action: string }) => e.action.startsWith('comment_'));
    expect(comments.map((e: { action: string }) => e.action)).toEqual([
      'comment_deleted',
      'comment_edited',
      'comment_added',
    ]);
    expect(comments[0].details).toMatchObject({ oldText: 'Vest replaced', newText: null });

    const current = (await api(`/jobs/${job.id}`, { token: editor.token })).body;
    await send('PATCH', `/jobs/${job.id}`, editor.token, { version: current.version, status: 'completed' });
    expect((await portal('POST', base, idToken, { text: 'Late note' })).body.error.code).toBe('ITEM_READ_ONLY');
  });

  describe('owner review', () => {
    /** The owner's review e-mails about this job (the editor owns every job of these tests). */
    const reviewMails = async (jobId: string) => {
      await drainStreams();
      return (await emailsTo(editor.email)).filter(
        (m) => m.subject.startsWith('Checklists ready for review') && m.body.text?.includes(`/jobs/${jobId}`),
      );
    };
    const required: [string, unknown][] = [
      ['Vest on?', 'yes'],
      ['Barrier test', 'pass'],
      ['Crowd count', 40],
      ['Gates locked at', '2026-12-02T23:10:00Z'],
    ];

    it('e-mails each owner once when every required item is answered, and again only after it is reopened', async () => {
      const { job, save } = await setUp();
      const versions = new Map<string, number>();
      for (const [label, value] of required.slice(0, 3)) versions.set(label, (await save(label, value)).body.version);
      expect(await reviewMails(job.id)).toHaveLength(0);
      versions.set('Gates locked at', (await save('Gates locked at', '2026-12-02T23:10:00Z')).body.version);

      const [mail] = await reviewMails(job.id);
      expect(mail?.subject).toBe('Checklists ready for review: Gate checks');
      expect(mail?.body.text).toContain(`Every required checklist item of the job "Gate checks" is answered.`);
      expect(mail?.body.text).toContain(`${inject('localEnv').FIELDPASS_STAFF_URL}/jobs/${job.id}`);
      // The job's context, as the assignment e-mail gives it, and how it was answered.
      expect(mail?.body.text).toMatch(/^Due: \w{3}, \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC$/m);
      expect(mail?.body.text).toContain('Location: Gate C');
      expect(mail?.body.text).toContain('Answered by: Cy Steward');
      expect(mail?.body.text).toContain('Required items: 4 of 4 answered');
      expect(mail?.body.text).toContain('Failed or "no" answers: none');

      // A later edit that keeps it complete sends nothing; an optional answer neither.
      versions.set('Crowd count', (await save('Crowd count', 41, versions.get('Crowd count'))).body.version);
      await save('Notes', 'all fine');
      expect(await reviewMails(job.id)).toHaveLength(1);

      // Cleared, then completed again: one new e-mail.
      const cleared = await save('Vest on?', null, versions.get('Vest on?'));
      expect((await reviewMails(job.id)).length).toBe(1);
      await save('Vest on?', 'yes', cleared.body.version);
      expect(await reviewMails(job.id)).toHaveLength(2);
    });

    it('sends no second e-mail when the stream delivers an answer record again', async () => {
      const { job, checklist, itemId, save } = await setUp();
      for (const [label, value] of required) await save(label, value);
      expect(await reviewMails(job.id)).toHaveLength(1);
      const key = checklistKeys.checklistAnswer('job', t.account.id, job.id, checklist.id, itemId('Vest on?'));
      const { Item } = await dynamo.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: key }));
      const replayed: DynamoDBRecord = {
        eventID: randomUUID(),
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        dynamodb: {
          Keys: marshall(key) as never,
          NewImage: marshall(Item, { removeUndefinedValues: true }) as never,
          SequenceNumber: '1',
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      };
      expect(await handToStreamConsumers({ Records: [replayed, replayed] })).toEqual({ batchItemFailures: [] });
      expect(await reviewMails(job.id)).toHaveLength(1);
    });
  });
});
