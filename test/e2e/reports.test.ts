import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { daysFromNow } from '../support/dates';
import { linksTo, portal, portalSignIn } from '../support/portal-session';
import { api, type Member, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * GET /reports/jobs and /reports/incidents through the local stack: the list's visibility rules,
 * each external-user column and filter, dates in UTC, bad input, another tenant and a portal token.
 */
describe('job and incident reports', () => {
  let t: Tenant;
  let other: Tenant;
  let general: Member;
  let secret: string;
  let ann: { id: string; email: string };
  let max: { id: string; email: string };
  let annIdToken: string;
  const jobs: Record<string, string> = {};

  const external = async (givenName: string, email: string) =>
    (await send('POST', '/external-users', t.token, { givenName, familyName: 'Zoë', email })).body as {
      id: string;
      email: string;
    };
  const job = async (label: string, extra: object) => {
    const res = await send('POST', '/jobs', t.token, {
      title: label,
      dueAt: daysFromNow(30),
      location: { text: 'Gate A' },
      ownerIds: [t.admin.id],
      ...extra,
    });
    if (res.status !== 201) throw new Error(`job ${label}: ${res.status} ${JSON.stringify(res.body)}`);
    jobs[label] = res.body.id;
    return res.body;
  };
  const report = (token: string, query: string, kind = 'jobs') => api(`/reports/${kind}?${query}`, { token });
  const titles = async (token: string, query: string) => {
    const res = await report(token, `columns=title&limit=1000&${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.rows as { title: string }[]).map((row) => row.title).sort();
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('reports'), newAccountWithAdmin('reports-other')]);
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, { version, privacyStatuses: [{ name: 'Secret' }] });
    secret = settings.body.privacyStatuses[0].id;
    general = await member(t, 'general', 'reporter', { jobs: { access: true } });
    ann = await external('Ann', newEmail('ann'));
    max = await external('Max', `max-${randomUUID().slice(0, 8)}@unreachable.invalid`);
    await job('open-two', { externalUsers: [{ id: ann.id }, { id: max.id }] });
    await job('past-due', { dueAt: daysFromNow(-1), externalUsers: [{ id: ann.id }] });
    await job('secret', { privacyStatusId: secret, externalUsers: [{ id: ann.id }] });
    await job('=HYPERLINK("http://evil")', { status: 'completed' });
    await job('Café crème, Zoë', {});
    const checklist = await send('POST', `/jobs/${jobs['open-two']}/checklists`, t.token, {
      title: 'Arrival',
      sections: [
        {
          title: 'Checks',
          items: [
            { label: 'Vest on?', required: true, response: { type: 'yes_no_na' } },
            { label: 'Barrier', required: true, response: { type: 'yes_no_na' } },
          ],
        },
      ],
    });
    expect(checklist.status).toBe(201);
    const [token] = (await linksTo(ann.email)).slice(0, 1);
    annIdToken = (await portalSignIn(token as string, ann.email)).idToken;
    const vest = checklist.body.sections[0].items[0].id;
    const saved = await portal(
      'PUT',
      `/portal/jobs/${jobs['open-two']}/checklists/${checklist.body.id}/items/${vest}/answer`,
      annIdToken,
      { value: 'yes', version: 0, requestId: randomUUID() },
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // The portal load notes the visit (lastPortalActivityAt).
    expect((await portal('GET', `/portal/jobs/${jobs['open-two']}`, annIdToken)).status).toBe(200);
    await drainStreams();
  });

  it('answers the default columns of every job the caller may see, dates in UTC', async () => {
    const res = await report(t.token, 'limit=1000');
    expect(res.status).toBe(200);
    expect(res.body.columns).toContain('dueAt');
    expect(res.body.columns).not.toContain('externalUserNames');
    expect(res.body.rows).toHaveLength(5);
    for (const row of res.body.rows) expect(row.dueAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('fills each external-user column from the assignments, access records and checklist progress', async () => {
    const res = await report(
      t.token,
      'columns=title,externalUserIds,externalUserNames,externalUserEmails,externalUserEmailStatuses,externalUserLinkStates,requiredAnswered,requiredTotal,lastPortalActivityAt&limit=1000',
    );
    expect(res.status).toBe(200);
    const row = (title: string) => res.body.rows.find((r: { title: string }) => r.title === title);
    expect(row('open-two')).toEqual({
      title: 'open-two',
      externalUserIds: [ann.id, max.id],
      externalUserNames: ['Ann Zoë', 'Max Zoë'],
      externalUserEmails: [ann.email, max.email],
      externalUserEmailStatuses: ['sent', 'failed'],
      externalUserLinkStates: ['open', 'open'],
      requiredAnswered: 1,
      requiredTotal: 2,
      lastPortalActivityAt: expect.stringMatching(/Z$/),
    });
    expect(row('past-due')).toMatchObject({ externalUserLinkStates: ['past_due'], requiredTotal: 0 });
    expect(row('Café crème, Zoë')).toMatchObject({ externalUserIds: [], lastPortalActivityAt: null });
  });

  it('filters by e-mail status, link state and checklist progress, alone and with an external user', async () => {
    expect(await titles(t.token, 'externalUserEmailStatus=failed')).toEqual(['open-two']);
    expect(await titles(t.token, 'externalUserEmailStatus=sent')).toEqual(['open-two', 'past-due', 'secret']);
    expect(await titles(t.token, `externalUserEmailStatus=failed&externalUserId=${ann.id}`)).toEqual([]);
    expect(await titles(t.token, 'linkState=past_due')).toEqual(['past-due']);
    expect(await titles(t.token, 'linkState=open')).toEqual(['open-two', 'secret']);
    expect(await titles(t.token, 'linkState=revoked')).toEqual([]);
    expect(await titles(t.token, 'checklistProgress=partial')).toEqual(['open-two']);
    expect(await titles(t.token, 'checklistProgress=complete')).toEqual([]);
    expect((await titles(t.token, 'checklistProgress=none')).length).toBe(4);
    expect(await titles(t.token, `externalUserId=${max.id}`)).toEqual(['open-two']);
    expect(await titles(t.token, 'status=completed')).toEqual(['=HYPERLINK("http://evil")']);
  });

  it('keeps pages full while a filter leaves rows out, and the cursor goes on', async () => {
    const first = await report(t.token, 'columns=title&externalUserEmailStatus=sent&limit=2');
    expect(first.body.rows).toHaveLength(2);
    const next = await report(
      t.token,
      `columns=title&externalUserEmailStatus=sent&limit=2&cursor=${first.body.cursor}`,
    );
    expect([...first.body.rows, ...next.body.rows].map((r: { title: string }) => r.title).sort()).toEqual([
      'open-two',
      'past-due',
      'secret',
    ]);
  });

  it('never shows a confidential job to a caller without its grant, whatever the filter', async () => {
    expect(await titles(general.token, '')).not.toContain('secret');
    expect(await titles(general.token, `externalUserId=${ann.id}`)).toEqual(['open-two', 'past-due']);
    expect(await titles(general.token, 'linkState=open')).toEqual(['open-two']);
    expect(await titles(general.token, `privacyStatusId=${secret}`)).toEqual([]);
    expect(await titles(t.token, `privacyStatusId=${secret}`)).toEqual(['secret']);
  });

  it('reports incidents with their own columns', async () => {
    const raised = await send('POST', '/incidents', t.token, {
      title: '@SUM(1)',
      severity: 'low',
      raisedAt: '2026-12-01T10:00:00+02:00',
      location: { text: 'Gate B' },
      ownerIds: [t.admin.id],
      externalUsers: [{ id: ann.id }],
    });
    expect(raised.status).toBe(201);
    await drainStreams();
    const res = await report(t.token, 'columns=title,raisedAt,severity,externalUserEmailStatuses', 'incidents');
    expect(res.body.rows).toEqual([
      { title: '@SUM(1)', raisedAt: '2026-12-01T08:00:00.000Z', severity: 'low', externalUserEmailStatuses: ['sent'] },
    ]);
  });

  it('refuses unknown columns, unknown filter values and more rows than one request answers, naming them', async () => {
    const unknown = await report(t.token, 'columns=title,bogus,nope');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([
      expect.objectContaining({ path: 'query.columns', message: 'unknown: bogus, nope' }),
    ]);
    expect((await report(t.token, 'columns=dueAt', 'incidents')).status).toBe(400);
    for (const [query, path] of [
      ['linkState=closed', 'query.linkState'],
      ['externalUserEmailStatus=lost', 'query.externalUserEmailStatus'],
      ['checklistProgress=half', 'query.checklistProgress'],
      ['limit=1001', 'query.limit'],
      ['format=csv', 'query'],
      ['colour=red', 'query'],
    ] as const) {
      const res = await report(t.token, query);
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(res.body.error.details), query).toContain(path);
    }
  });

  it("shows another tenant none of this account's jobs, and refuses a portal token", async () => {
    expect(await titles(other.token, '')).toEqual([]);
    expect(await titles(other.token, `externalUserId=${ann.id}`)).toEqual([]);
    expect((await report(annIdToken, '')).status).toBe(401);
    expect((await api('/reports/jobs')).status).toBe(401);
  });

  it('names who answered last among the assignees, and when, following each new answer', async () => {
    const bea = await external('Bea', newEmail('bea'));
    const created = await job('answered-by-two', { externalUsers: [{ id: ann.id }, { id: bea.id }] });
    const checklist = await send('POST', `/jobs/${created.id}/checklists`, t.token, {
      title: 'Close',
      sections: [
        { title: 'Checks', items: [{ label: 'Lights off?', required: true, response: { type: 'yes_no_na' } }] },
      ],
    });
    expect(checklist.status).toBe(201);
    const lights = checklist.body.sections[0].items[0].id;
    const [beaLink] = await linksTo(bea.email);
    const beaIdToken = (await portalSignIn(beaLink as string, bea.email)).idToken;
    const answer = async (idToken: string, version: number, value: string) => {
      const res = await portal(
        'PUT',
        `/portal/jobs/${created.id}/checklists/${checklist.body.id}/items/${lights}/answer`,
        idToken,
        { value, version, requestId: randomUUID() },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { answeredAt: string };
    };
    const lastAnswer = async () => {
      const res = await report(t.token, 'columns=title,lastAnsweredBy,lastAnsweredAt&limit=1000');
      expect(res.status).toBe(200);
      return res.body.rows.find((r: { title: string }) => r.title === 'answered-by-two');
    };
    expect(await lastAnswer()).toEqual({ title: 'answered-by-two', lastAnsweredBy: null, lastAnsweredAt: null });

    await answer(annIdToken, 0, 'no');
    const byBea = await answer(beaIdToken, 1, 'yes');
    expect(await lastAnswer()).toMatchObject({
      lastAnsweredBy: 'Bea Zoë',
      lastAnsweredAt: new Date(byBea.answeredAt).toISOString(),
    });
    await answer(annIdToken, 2, 'na');
    expect(await lastAnswer()).toMatchObject({ lastAnsweredBy: 'Ann Zoë' });
    // A job nobody answered on says so.
    const untouched = await report(t.token, 'columns=title,lastAnsweredBy&limit=1000');
    expect(untouched.body.rows.find((r: { title: string }) => r.title === 'past-due')).toEqual({
      title: 'past-due',
      lastAnsweredBy: null,
    });
  });
});
