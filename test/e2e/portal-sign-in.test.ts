import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { keys } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import { daysFromNow } from '../support/dates';
import { emailsTo } from '../support/inbox';
import { codesTo, linksTo, portal, portalSignIn, requestCode, verifyCode } from '../support/portal-session';
import { api, type Member, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/** Due in half a year, whatever day the tests run. */
const dueAt = daysFromNow(180);

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
      dueAt,
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
      dueAt,
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

  /** The external user's activity as an admin sees it, oldest first. */
  const activityOf = async (externalUserId: string) => {
    await drainStreams();
    const res = await api(`/external-activity?externalUserId=${externalUserId}`, { token: t.token });
    expect(res.status).toBe(200);
    return (res.body.items as { action: string; details: Record<string, unknown>; itemId?: string }[]).reverse();
  };

  it('records each failed answer in the activity with the reason and attempts left, and no code', async () => {
    const { ext, job, token } = await assignedJob('Bob');
    const asked = await requestCode(token);
    const [code] = await codesTo(ext.email);
    const wrong = code === '000000' ? '111111' : '000000';
    const first = await verifyCode(token, asked.body.session, wrong);
    const second = await verifyCode(token, first.body.error.details.session, wrong);
    await verifyCode(token, second.body.error.details.session, wrong);
    await verifyCode(token, second.body.error.details.session, code as string);

    const failures = (await activityOf(ext.id)).filter((entry) => entry.action === 'sign_in_failed');
    expect(failures.map((entry) => [entry.details, entry.itemId])).toEqual([
      [{ reason: 'incorrect', attemptsLeft: 2 }, job.id],
      [{ reason: 'incorrect', attemptsLeft: 1 }, job.id],
      [{ reason: 'locked_out', attemptsLeft: 0 }, job.id],
      [{ reason: 'expired', attemptsLeft: 0 }, job.id],
    ]);
    expect(JSON.stringify(failures)).not.toContain(wrong);
  });

  it("refuses the API's session answered straight at Cognito without the client secret; through the API it signs in, audited once", async () => {
    const { ext, job, token } = await assignedJob('Kit');
    const asked = await requestCode(token);
    const [code] = await codesTo(ext.email);
    const env = inject('localEnv');
    const cognito = new CognitoIdentityProviderClient({
      endpoint: env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER,
      region: env.AWS_REGION,
      credentials: { accessKeyId: 'anyone', secretAccessKey: 'anyone' },
    });
    const clientId = env.PORTAL_USER_POOL_CLIENT_ID;

    // The public client API, with what the browser holds: the session, the code, the client id.
    const bypass = cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: asked.body.session,
        ChallengeResponses: { USERNAME: ext.id, ANSWER: code as string },
      }),
    );
    await expect(bypass).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: `Client ${clientId} is configured with secret but SECRET_HASH was not received`,
    });
    const start = cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: ext.id } }),
    );
    await expect(start).rejects.toMatchObject({ name: 'NotAuthorizedException' });

    const verified = await verifyCode(token, asked.body.session, code as string);
    expect(verified.status).toBe(200);
    const signIns = (await activityOf(ext.id)).filter((entry) => entry.action === 'signed_in');
    expect(signIns.map((entry) => entry.itemId)).toEqual([job.id]);
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
    // An account of its own: its terms would stop every other test's portal requests.
    const own = await newAccountWithAdmin('terms');
    const ext = (
      await send('POST', '/external-users', own.token, { givenName: 'Max', familyName: 'S', email: newEmail('max') })
    ).body;
    const job = (
      await send('POST', '/jobs', own.token, {
        title: 'Terms job',
        dueAt,
        location: { text: 'Gate' },
        ownerIds: [own.admin.id],
        externalUsers: [{ id: ext.id }],
      })
    ).body;
    const [token] = await linksTo(ext.email);
    const { idToken } = await portalSignIn(token as string, ext.email);
    const t = own;
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
    const stale = await send('POST', '/account/terms', t.token, { text: 'Late', currentVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'TERMS_VERSION_CONFLICT', details: { current: { version: 2 } } });
    expect((await api('/account/terms', { token: t.token })).body.items).toHaveLength(2);
  });

  it('signs in on a completed job and shows it read-only as completed; a job past due shows past due', async () => {
    const done = await assignedJob('Ned');
    const late = await assignedJob('Oda', { dueAt: '2026-01-01T09:00:00Z' });
    const completed = await send('PATCH', `/jobs/${done.job.id}`, editor.token, {
      version: done.job.version,
      status: 'completed',
    });
    expect(completed.status).toBe(200);

    const doneView = await portal(
      'GET',
      `/portal/jobs/${done.job.id}`,
      (await portalSignIn(done.token, done.ext.email)).idToken,
    );
    expect(doneView.body.access).toEqual({ state: 'completed', itemType: 'job', message: 'Job completed' });
    const lateView = await portal(
      'GET',
      `/portal/jobs/${late.job.id}`,
      (await portalSignIn(late.token, late.ext.email)).idToken,
    );
    expect(lateView.body.access).toEqual({ state: 'past_due', itemType: 'job', message: 'Job past due date' });
  });

  it('signs in on an incident link and shows the incident', async () => {
    const ext = await external('Pam');
    const made = await send('POST', '/incidents', t.token, {
      title: 'Crowd surge',
      description: 'Pit, front left',
      severity: 'high',
      raisedAt: '2026-11-20T21:00:00Z',
      location: { text: 'Pit' },
      ownerIds: [t.admin.id],
      externalUsers: [{ id: ext.id }],
    });
    expect(made.status).toBe(201);
    const [token] = await linksTo(ext.email);
    const verified = await portalSignIn(token as string, ext.email);
    expect(verified.item).toEqual({ type: 'incident', id: made.body.id });
    const seen = await portal('GET', `/portal/incidents/${made.body.id}`, verified.idToken);
    expect(seen.body).toMatchObject({
      type: 'incident',
      title: 'Crowd surge',
      raisedAt: '2026-11-20T21:00:00.000Z',
      access: { state: 'open', itemType: 'incident' },
    });
    expect((await portal('GET', `/portal/jobs/${made.body.id}`, verified.idToken)).status).toBe(403);
  });

  it('answers 503 CODE_NOT_SENT with Retry-After when SES refuses the address, and names no address', async () => {
    const { ext, token } = await assignedJob('Quin');
    // The address as it might have become (SES refuses the reserved .invalid domain locally).
    await dynamo.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: keys.externalUser(t.account.id, ext.id),
        UpdateExpression: 'SET email = :bad',
        ExpressionAttributeValues: { ':bad': 'quin@mailbox.invalid' },
      }),
    );
    const res = await requestCode(token);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(res.body.error.code).toBe('CODE_NOT_SENT');
    expect(JSON.stringify(res.body)).not.toContain('invalid');
  });

  it('answers bad input with 400 naming what is wrong', async () => {
    const { token } = await assignedJob('Rex');
    const noHeader = await api('/portal/sign-in/code', { method: 'POST' });
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.error.details[0].path).toBe('headers.x-link-token');
    expect((await requestCode('short')).status).toBe(400);

    const post = (body: unknown) =>
      api('/portal/sign-in/verify', {
        method: 'POST',
        headers: { 'x-link-token': token, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const badCode = await post({ session: 's'.repeat(40), code: '12345' });
    expect(badCode.status).toBe(400);
    expect(badCode.body.error.details).toEqual([expect.objectContaining({ path: 'body.code' })]);
    const extra = await post({ session: 's'.repeat(40), code: '123456', username: 'someone-else' });
    expect(extra.status).toBe(400);
    expect((await post({ code: '123456' })).body.error.details[0].path).toBe('body.session');
    expect((await post({ session: 'short', code: '123456' })).body.error.details[0].path).toBe('body.session');
    const forged = await post({ session: 'f'.repeat(64), code: '123456' });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('CODE_EXPIRED');
  });

  it('answers bad input on portal routes with 400, and refuses publishing terms to all but admins', async () => {
    const { ext, token } = await assignedJob('Sam');
    const { idToken } = await portalSignIn(token, ext.email);
    const badId = await portal('GET', '/portal/jobs/not%20an%20id', idToken);
    expect(badId.status).toBe(400);
    expect(badId.body.error.details[0].path).toBe('params.jobId');
    for (const body of [{}, { version: 0 }, { version: '1' }, { version: 1, extra: true }]) {
      const res = await portal('POST', '/portal/terms/acceptance', idToken, body);
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toMatch(/^body/);
    }
    const empty = await send('POST', '/account/terms', t.token, { text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('body.text');
    const long = await send('POST', '/account/terms', t.token, { text: 'x'.repeat(20_001) });
    expect(long.body.error.details[0]).toMatchObject({ path: 'body.text', message: expect.stringContaining('20000') });
    const general = await send('POST', '/account/terms', editor.token, { text: 'My own terms' });
    expect(general.status).toBe(403);
    expect(general.body.error.code).toBe('TERMS_DENIED');
    expect((await api('/account/terms', { token: t.token })).body.items).toEqual([]);
  });
});
