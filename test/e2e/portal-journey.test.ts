import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { daysFromNow } from '../support/dates';
import { emailsTo } from '../support/inbox';
import { codesTo, linksTo, requestCode, verifyCode } from '../support/portal-session';
import { api, member, newAccountWithAdmin, newEmail, send } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * The whole journey on the local stack, driven as the clients would: staff set up a job with a
 * checklist and an owner, the external user gets the link, asks for a code, signs in, accepts the
 * terms and answers every required item; the owner is e-mailed once, completes the job, and the
 * portal shows it read-only.
 */
describe('the external user journey', () => {
  it('runs from the e-mailed link to "Job completed"', async () => {
    const t = await newAccountWithAdmin('journey');
    const owner = await member(t, 'general', 'journeyowner', { jobs: { access: true } });
    expect((await send('POST', '/account/terms', t.token, { text: 'Follow the steward briefing.' })).status).toBe(201);
    const ext = (
      await send('POST', '/external-users', t.token, {
        givenName: 'Gil',
        familyName: 'Steward',
        email: newEmail('gil'),
      })
    ).body;
    const job = (
      await send('POST', '/jobs', owner.token, {
        title: 'Match day sweep',
        dueAt: daysFromNow(180),
        location: { text: 'West stand' },
        ownerIds: [owner.user.id],
        externalUsers: [{ id: ext.id }],
      })
    ).body;
    const checklist = (
      await send('POST', `/jobs/${job.id}/checklists`, owner.token, {
        title: 'Sweep',
        sections: [
          {
            title: 'All of it',
            items: [
              { label: 'Briefing read', response: { type: 'instruction' } },
              { label: 'Vest', required: true, response: { type: 'yes_no_na' } },
              { label: 'Barrier', required: true, response: { type: 'pass_fail_na' } },
              { label: 'Note', required: true, response: { type: 'text' } },
              { label: 'Count', required: true, response: { type: 'number', min: 0 } },
              { label: 'Date', required: true, response: { type: 'date' } },
              { label: 'Locked at', required: true, response: { type: 'datetime' } },
              { label: 'Weather', required: true, response: { type: 'single_choice', options: ['Dry', 'Wet'] } },
              { label: 'Exits', required: true, response: { type: 'multiple_choice', options: ['N', 'S'] } },
              { label: 'Gate photo', required: true, response: { type: 'photo', maxFiles: 3 } },
              { label: 'Signed off', required: true, response: { type: 'signature' } },
            ],
          },
        ],
      })
    ).body;

    // The link arrives; the page reads its state, then asks for a code.
    const [token] = await linksTo(ext.email);
    const state = await api('/links/state', { headers: { 'x-link-token': token as string } });
    expect(state.body).toEqual({ state: 'open', itemType: 'job', message: 'Open' });
    const asked = await requestCode(token as string);
    expect(asked.status).toBe(200);
    const [code] = await codesTo(ext.email);
    const verified = await verifyCode(token as string, asked.body.session, code as string);
    expect(verified.status).toBe(200);
    const bearer = verified.body.idToken as string;
    const call = (method: string, path: string, body?: object) => send(method, path, bearer, body);

    const gated = await call('GET', `/portal/jobs/${job.id}`);
    expect(gated.body.error.code).toBe('TERMS_NOT_ACCEPTED');
    expect(
      (await call('POST', '/portal/terms/acceptance', { version: gated.body.error.details.terms.version })).status,
    ).toBe(200);

    const view = await call('GET', `/portal/jobs/${job.id}`);
    expect(view.body).toMatchObject({ title: 'Match day sweep', access: { state: 'open' } });
    const values: Record<string, unknown> = {
      Vest: 'yes',
      Barrier: 'pass',
      Note: 'Clear',
      Count: 3,
      Date: '2026-12-02',
      'Locked at': '2026-12-02T22:00:00Z',
      Weather: 'Dry',
      Exits: ['N', 'S'],
    };
    for (const item of checklist.sections[0].items as { id: string; label: string }[]) {
      if (!(item.label in values)) continue;
      const saved = await call('PUT', `/portal/jobs/${job.id}/checklists/${checklist.id}/items/${item.id}/answer`, {
        value: values[item.label],
        version: 0,
        requestId: randomUUID(),
      });
      expect(saved.status, item.label).toBe(200);
    }
    // The photo and the signature: an upload URL, the file straight to the bucket, a confirm.
    const files: Record<string, [string, string, Uint8Array]> = {
      'Gate photo': ['gate.jpg', 'image/jpeg', Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])],
      'Signed off': [
        'signature.png',
        'image/png',
        Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]),
      ],
    };
    for (const item of checklist.sections[0].items as { id: string; label: string }[]) {
      const file = files[item.label];
      if (!file) continue;
      const [fileName, contentType, bytes] = file;
      const base = `/portal/jobs/${job.id}/checklists/${checklist.id}/items/${item.id}/attachments`;
      const started = await call('POST', base, { fileName, contentType, size: bytes.length });
      expect(started.status, item.label).toBe(201);
      const put = await fetch(started.body.upload.url, {
        method: 'PUT',
        headers: started.body.upload.headers,
        body: bytes,
      });
      expect(put.status, item.label).toBe(200);
      expect((await call('POST', `${base}/${started.body.attachment.id}/confirm`)).status, item.label).toBe(200);
    }
    const done = await call('GET', `/portal/jobs/${job.id}`);
    expect(done.body.owners).toEqual([`${owner.user.givenName} ${owner.user.familyName}`]);
    expect(done.body.checklists[0].progress).toEqual({
      requiredAnswered: 10,
      requiredTotal: 10,
      answered: 10,
      total: 10,
    });
    expect(done.body.checklists[0].attachments).toHaveLength(2);

    // Exactly one e-mail to the owner, who reviews and completes the job.
    await drainStreams();
    const reviews = (await emailsTo(owner.email)).filter(
      (m) => m.subject === 'Checklists ready for review: Match day sweep',
    );
    expect(reviews).toHaveLength(1);
    const review = await api(`/jobs/${job.id}/checklists`, { token: owner.token });
    expect(review.body.items[0].answers).toHaveLength(10);
    expect(review.body.items[0].attachments.map((a: { fileName: string }) => a.fileName).sort()).toEqual([
      'gate.jpg',
      'signature.png',
    ]);
    const current = (await api(`/jobs/${job.id}`, { token: owner.token })).body;
    expect(
      (await send('PATCH', `/jobs/${job.id}`, owner.token, { version: current.version, status: 'completed' })).status,
    ).toBe(200);

    const after = await call('GET', `/portal/jobs/${job.id}`);
    expect(after.body.access).toEqual({ state: 'completed', itemType: 'job', message: 'Job completed' });
    const late = await call(
      'PUT',
      `/portal/jobs/${job.id}/checklists/${checklist.id}/items/${checklist.sections[0].items[1].id}/answer`,
      {
        value: 'no',
        version: 1,
        requestId: randomUUID(),
      },
    );
    expect(late.body.error).toMatchObject({ code: 'ITEM_READ_ONLY', message: 'Job completed' });
    // The external user has no route that changes the job's status.
    expect((await call('PATCH', `/jobs/${job.id}`, { version: 1, status: 'open' })).status).toBe(401);
    await drainStreams();
    expect((await emailsTo(owner.email)).filter((m) => m.subject.startsWith('Checklists ready'))).toHaveLength(1);
  });
});
