import { beforeAll, describe, expect, it } from 'vitest';
import { emailsTo } from '../support/inbox';
import { codesTo, linksTo, portal, portalSignIn, requestCode, verifyCode } from '../support/portal-session';
import { api, type Member, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';

/**
 * Portal sign-in through the whole local stack: the e-mailed link, a one-time code through the
 * local Cognito's CUSTOM_AUTH running the deployed trigger modules, the code read from the local
 * inbox, then the portal's item route, which checks access and terms on every request.
 */
describe('portal sign-in', () => {
  let t: Tenant;
  let editor: Member;

  const external = async (label: string) => {
    const res = await send('POST', '/external-users', t.token, {
      givenName: label,
      familyName: 'Steward',
      email: newEmail(label),
    });
    if (res.status !== 201) throw new Error(`external user: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; email: string; version: number };
  };
  /** A job assigned to a new external user, and that user's link. */
  const assignedJob = async (label: string, extra: object = {}) => {
    const ext = await external(label);
    const res = await send('POST', '/jobs', editor.token, {
      title: `Sweep ${label}'s stand`,
      description: 'Check every gangway',
      dueAt: '2027-06-01T09:00:00Z',
      location: { text: 'East stand' },
      ownerIds: [editor.user.id],
      externalUsers: [{ id: ext.id }],
      ...extra,
    });
    if (res.status !== 201) throw new Error(`job: ${res.status} ${JSON.stringify(res.body)}`);
    const [token] = await linksTo(ext.email);
    if (!token) throw new Error('no link');
    return { ext, job: res.body as { id: string; version: number }, token };
  };

  beforeAll(async () => {
    t = await newAccountWithAdmin('portal');
    editor = await member(t, 'general', 'portaleditor', { jobs: { access: true } });
  });

  it('e-mails a code naming the job and its sender, and the code verifies the browser for the job', async () => {
    const { ext, job, token } = await assignedJob('Ada');
    const asked = await requestCode(token);
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({
      session: expect.any(String),
      sentTo: `${ext.email[0]}•••@e•••.com`,
      codeLength: 6,
      expiresInSeconds: 600,
      resendAfterSeconds: 60,
      attemptsRemaining: 3,
    });
    const mail = (await emailsTo(ext.email)).at(-1);
    expect(mail?.subject).toBe("Your FieldPass code for Sweep Ada's stand");
    expect(mail?.body.text).toContain(`portal venue sent you a FieldPass link for the job "Sweep Ada's stand".`);
    const [code] = await codesTo(ext.email);

    const verified = await verifyCode(token, asked.body.session, code as string);
    expect(verified.status).toBe(200);
    expect(verified.body.item).toEqual({ type: 'job', id: job.id });
    const until = Date.parse(verified.body.verifiedUntil) - Date.now();
    expect(until).toBeGreaterThan(23.9 * 3600_000);
    expect(until).toBeLessThanOrEqual(24 * 3600_000);

    const seen = await portal('GET', `/portal/jobs/${job.id}`, verified.body.idToken);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      type: 'job',
      id: job.id,
      title: "Sweep Ada's stand",
      description: 'Check every gangway',
      dueAt: '2027-06-01T09:00:00.000Z',
      location: { text: 'East stand' },
      access: { state: 'open', itemType: 'job', message: 'Open' },
    });
  });

  it('takes three wrong answers, then ends the sign-in: the fourth answer is refused even with the right code', async () => {
    const { ext, token } = await assignedJob('Bea');
    const asked = await requestCode(token);
    const [code] = await codesTo(ext.email);
    const wrong = code === '000000' ? '111111' : '000000';

    const first = await verifyCode(token, asked.body.session, wrong);
    expect(first.status).toBe(401);
    expect(first.body.error).toMatchObject({ code: 'CODE_INCORRECT', details: { attemptsRemaining: 2 } });
    const second = await verifyCode(token, first.body.error.details.session, wrong);
    expect(second.body.error).toMatchObject({ code: 'CODE_INCORRECT', details: { attemptsRemaining: 1 } });
    const third = await verifyCode(token, second.body.error.details.session, wrong);
    expect(third.status).toBe(401);
    expect(third.body.error.code).toBe('CODE_EXPIRED');
    const fourth = await verifyCode(token, second.body.error.details.session, code as string);
    expect(fourth.status).toBe(401);
    expect(fourth.body.error.code).toBe('CODE_EXPIRED');
  });

  it('refuses a code once it has been used', async () => {
    const { ext, token } = await assignedJob('Cal');
    const asked = await requestCode(token);
    const [code] = await codesTo(ext.email);
    expect((await verifyCode(token, asked.body.session, code as string)).status).toBe(200);
    const again = await verifyCode(token, asked.body.session, code as string);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('CODE_EXPIRED');
  });

  it('sends nothing on GET or HEAD of the link state, as a mail scanner opening the link', async () => {
    const { ext, token } = await assignedJob('Dee');
    const before = (await emailsTo(ext.email)).length;
    for (let i = 0; i < 3; i++) {
      expect((await api('/links/state', { headers: { 'x-link-token': token } })).status).toBe(200);
      expect((await api('/links/state', { method: 'HEAD', headers: { 'x-link-token': token } })).status).toBe(200);
    }
    expect((await emailsTo(ext.email)).length).toBe(before);
  });

  it('answers an unknown and a revoked link like a valid one, and sends nothing for them', async () => {
    const valid = await assignedJob('Eve');
    const revoked = await assignedJob('Fay');
    expect(
      (await send('POST', `/jobs/${revoked.job.id}/assignments/${revoked.ext.id}/revoke`, editor.token, {})).status,
    ).toBeLessThan(300);
    const unknown = 'A'.repeat(43);
    const before = (await emailsTo(revoked.ext.email)).length;

    const answers = await Promise.all([valid.token, revoked.token, unknown].map(requestCode));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(Object.keys(answers[0]?.body).sort());
      expect(answer.body.sentTo).toMatch(/^[a-z0-9]•••@[a-z]•••\.com$/);
      expect(answer.body.attemptsRemaining).toBe(3);
    }
    expect((await emailsTo(revoked.ext.email)).length).toBe(before);
    const refused = await verifyCode(unknown, answers[2]?.body.session, '123456');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('CODE_INCORRECT');
  });

  it('refuses a second code within a minute with 429 and Retry-After', async () => {
    const { token } = await assignedJob('Gus');
    expect((await requestCode(token)).status).toBe(200);
    const again = await requestCode(token);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(again.body.error).toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: expect.any(Number) },
    });
  });

  it('refuses the next portal request once the assignment is removed, whatever the token says', async () => {
    const { ext, job, token } = await assignedJob('Hal');
    const { idToken } = await portalSignIn(token, ext.email);
    expect((await portal('GET', `/portal/jobs/${job.id}`, idToken)).status).toBe(200);

    expect((await send('POST', `/jobs/${job.id}/assignments/${ext.id}/revoke`, editor.token, {})).status).toBeLessThan(
      300,
    );
    const after = await portal('GET', `/portal/jobs/${job.id}`, idToken);
    expect(after.status).toBe(403);
    expect(after.body.error).toMatchObject({ code: 'ACCESS_REVOKED', message: 'No longer have access' });
  });

  it('refuses a disabled external user at once and signs them out', async () => {
    const { ext, job, token } = await assignedJob('Ida');
    const { idToken } = await portalSignIn(token, ext.email);
    const disabled = await send('POST', `/external-users/${ext.id}/disable`, t.token, { version: ext.version });
    expect(disabled.status).toBe(200);
    const after = await portal('GET', `/portal/jobs/${job.id}`, idToken);
    expect(after.status).toBe(403);
    expect(after.body.error.code).toBe('ACCESS_REVOKED');
  });

  it("refuses another job's id, even of the same account", async () => {
    const mine = await assignedJob('Jo');
    const other = await assignedJob('Kit');
    const { idToken } = await portalSignIn(mine.token, mine.ext.email);
    const res = await portal('GET', `/portal/jobs/${other.job.id}`, idToken);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ACCESS_REVOKED');
    expect((await portal('GET', `/portal/incidents/${mine.job.id}`, idToken)).status).toBe(403);
  });

  it('refuses portal routes without a portal token, and a staff token', async () => {
    const { job } = await assignedJob('Lou');
    expect((await api(`/portal/jobs/${job.id}`)).status).toBe(401);
    expect((await api(`/portal/jobs/${job.id}`, { token: t.token })).status).toBe(401);
  });

  it('asks for the terms until the current version is accepted, and again when a new version is published', async () => {
    const { ext, job, token } = await assignedJob('Max');
    const { idToken } = await portalSignIn(token, ext.email);
    const v1 = await send('POST', '/account/terms', t.token, {
      text: 'Wear a high-visibility vest.',
      currentVersion: 0,
    });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, text: 'Wear a high-visibility vest.' });

    const blocked = await portal('GET', `/portal/jobs/${job.id}`, idToken);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error).toMatchObject({
      code: 'TERMS_NOT_ACCEPTED',
      details: { terms: { version: 1, text: 'Wear a high-visibility vest.' } },
    });
    const accepted = await portal('POST', '/portal/terms/acceptance', idToken, { version: 1 });
    expect(accepted.status).toBe(200);
    expect((await portal('GET', `/portal/jobs/${job.id}`, idToken)).status).toBe(200);

    const v2 = await send('POST', '/account/terms', t.token, { text: 'Wear a vest and a helmet.' });
    expect(v2.body.version).toBe(2);
    const again = await portal('GET', `/portal/jobs/${job.id}`, idToken);
    expect(again.body.error).toMatchObject({ code: 'TERMS_NOT_ACCEPTED', details: { terms: { version: 2 } } });
    const outdated = await portal('POST', '/portal/terms/acceptance', idToken, { version: 1 });
    expect(outdated.status).toBe(409);
    expect(outdated.body.error).toMatchObject({ code: 'TERMS_VERSION_OUTDATED', details: { current: { version: 2 } } });
    expect((await portal('POST', '/portal/terms/acceptance', idToken, { version: 2 })).status).toBe(200);
    expect((await portal('GET', `/portal/jobs/${job.id}`, idToken)).status).toBe(200);

    const versions = await api('/account/terms', { token: t.token });
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });
});
