import { beforeAll, describe, expect, it } from 'vitest';
import { writeClientAccess } from '../support/client-access-records';
import { daysFromNow } from '../support/dates';
import { emailsTo } from '../support/inbox';
import { codesTo, linksTo, requestCode as requestLinkCode } from '../support/portal-session';
import { api, type Member, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';

/**
 * Sign-in without a link (seeds 001 and 002): a client contact names the account and their
 * address instead of a link's token. Only an active external user of that account with an active
 * client access gets a code; anyone else the same answer, and nothing is sent (R10).
 */
describe('portal sign-in without a link', () => {
  let t: Tenant;
  let editor: Member;

  const external = async (label: string) => {
    const res = await send('POST', '/external-users', t.token, {
      givenName: label,
      familyName: 'Client',
      email: newEmail(label),
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; email: string; version: number };
  };
  /** An external user with an active client access. */
  const client = async (label: string) => {
    const ext = await external(label);
    await writeClientAccess(t.account.id, ext.id);
    return ext;
  };
  const json = (body: object, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const askCode = (account: string, email: string, headers: Record<string, string> = {}) =>
    api('/portal/sign-in/code', json({ account, email }, headers));
  const verify = (body: object, headers: Record<string, string> = {}) =>
    api('/portal/sign-in/verify', json(body, headers));

  beforeAll(async () => {
    t = await newAccountWithAdmin('clientsignin');
    editor = await member(t, 'general', 'clientsignineditor', { jobs: { access: true } });
  });

  it('e-mails a client with an active access a code naming the account, whatever the case of the address, and the code verifies them with no item', async () => {
    const ext = await client('Dana');
    const asked = await askCode(t.account.id, ext.email.toUpperCase());
    expect(asked.status).toBe(200);
    expect(asked.body).toEqual({
      session: expect.any(String),
      sentTo: `${ext.email[0]}•••@e•••.com`,
      codeLength: 6,
      expiresInSeconds: 600,
      resendAfterSeconds: 60,
      attemptsRemaining: 3,
    });
    const mail = (await emailsTo(ext.email)).at(-1);
    expect(mail?.subject).toBe(`Your FieldPass code for ${t.account.name}`);
    expect(mail?.body.text).toContain(`You asked to sign in to ${t.account.name}'s FieldPass client portal.`);
    const [code] = await codesTo(ext.email);

    const verified = await verify({ account: t.account.id, email: ext.email, session: asked.body.session, code });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ idToken: expect.any(String), verifiedUntil: expect.any(String), item: null });
    const claims = JSON.parse(Buffer.from(verified.body.idToken.split('.')[1], 'base64url').toString());
    expect(claims['cognito:username']).toBe(ext.id);
  });

  it('answers an unknown address, a person without client access, one whose access is revoked, a disabled one and an unknown account alike, and e-mails none of them', async () => {
    const withoutAccess = await external('Eli');
    const revoked = await external('Fin');
    await writeClientAccess(t.account.id, revoked.id, 'revoked');
    const disabled = await client('Gus');
    const version = (await api(`/external-users/${disabled.id}`, { token: t.token })).body.version;
    expect((await send('POST', `/external-users/${disabled.id}/disable`, t.token, { version })).status).toBe(200);
    const unknown = newEmail('nobody');
    const cases: [string, string][] = [
      [t.account.id, unknown],
      [t.account.id, withoutAccess.email],
      [t.account.id, revoked.email],
      [t.account.id, disabled.email],
      ['no-such-account', newEmail('elsewhere')],
    ];
    for (const [account, email] of cases) {
      const asked = await askCode(account, email);
      expect(asked.status, email).toBe(200);
      expect(Object.keys(asked.body).sort()).toEqual(
        ['attemptsRemaining', 'codeLength', 'expiresInSeconds', 'resendAfterSeconds', 'sentTo', 'session'].sort(),
      );
      expect(asked.body).toMatchObject({
        sentTo: `${email[0]}•••@e•••.com`,
        codeLength: 6,
        expiresInSeconds: 600,
        resendAfterSeconds: 60,
        attemptsRemaining: 3,
      });
      // A phantom code answers as a wrong one would.
      const answered = await verify({ account, email, session: asked.body.session, code: '123456' });
      expect(answered.status, email).toBe(401);
      expect(answered.body.error).toMatchObject({ code: 'CODE_INCORRECT', details: { attemptsRemaining: 2 } });
    }
    for (const [, email] of cases) expect(await emailsTo(email), email).toEqual([]);
  });

  it('answers a wrong code of a real client exactly as it answers a phantom one', async () => {
    const ext = await client('Hal');
    const asked = await askCode(t.account.id, ext.email);
    const [code] = await codesTo(ext.email);
    const wrong = code === '000000' ? '111111' : '000000';
    const real = await verify({ account: t.account.id, email: ext.email, session: asked.body.session, code: wrong });
    const phantomEmail = newEmail('phantom');
    const phantomAsked = await askCode(t.account.id, phantomEmail);
    const phantom = await verify({
      account: t.account.id,
      email: phantomEmail,
      session: phantomAsked.body.session,
      code: wrong,
    });
    expect(real.status).toBe(401);
    expect(phantom.status).toBe(401);
    expect({ ...phantom.body.error, details: Object.keys(phantom.body.error.details) }).toEqual({
      ...real.body.error,
      details: Object.keys(real.body.error.details),
    });
  });

  it('signs nobody in when the client access is revoked between the code and the answer', async () => {
    const ext = await client('Ida');
    const asked = await askCode(t.account.id, ext.email);
    const [code] = await codesTo(ext.email);
    await writeClientAccess(t.account.id, ext.id, 'revoked');
    const answered = await verify({ account: t.account.id, email: ext.email, session: asked.body.session, code });
    expect(answered.status).toBe(401);
    expect(answered.body.error.code).toBe('CODE_EXPIRED');
  });

  it('applies the send limit per person, whether the code is asked for by address or by link', async () => {
    const ext = await client('Jay');
    const first = await askCode(t.account.id, ext.email);
    expect(first.status).toBe(200);
    const again = await askCode(t.account.id, ext.email);
    expect(again.status).toBe(429);
    expect(again.body.error.code).toBe('RATE_LIMITED');
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);

    // The same person's link shares the window: no second code within the minute.
    const job = await send('POST', '/jobs', editor.token, {
      title: 'Showroom fit-out',
      dueAt: daysFromNow(60),
      location: { text: 'Dealer showroom' },
      ownerIds: [editor.user.id],
      externalUsers: [{ id: ext.id }],
    });
    expect(job.status).toBe(201);
    const [token] = await linksTo(ext.email);
    const byLink = await requestLinkCode(token as string);
    expect(byLink.status).toBe(429);
    expect(await codesTo(ext.email)).toHaveLength(1);
  });

  it('takes exactly one of the link token and the account and address: 400 naming what is missing or extra', async () => {
    const ext = await client('Kim');
    const job = await send('POST', '/jobs', editor.token, {
      title: 'Kiosk check',
      dueAt: daysFromNow(60),
      location: { text: 'Kiosk' },
      ownerIds: [editor.user.id],
      externalUsers: [{ id: ext.id }],
    });
    expect(job.status).toBe(201);
    const [token] = await linksTo(ext.email);

    const both = await askCode(t.account.id, ext.email, { 'x-link-token': token as string });
    expect(both.status).toBe(400);
    expect(both.body.error.details).toEqual([expect.objectContaining({ path: 'headers.x-link-token' })]);

    const neither = await api('/portal/sign-in/code', { method: 'POST' });
    expect(neither.status).toBe(400);
    expect(neither.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'headers.x-link-token',
      'body.account',
      'body.email',
    ]);

    const noAddress = await api('/portal/sign-in/code', json({ account: t.account.id }));
    expect(noAddress.status).toBe(400);
    expect(JSON.stringify(noAddress.body.error.details)).toContain('body.email');

    const badAddress = await askCode(t.account.id, 'not-an-address');
    expect(badAddress.status).toBe(400);
    expect(JSON.stringify(badAddress.body.error.details)).toContain('body.email');

    const badAccount = await askCode('../other', ext.email);
    expect(badAccount.status).toBe(400);
    expect(JSON.stringify(badAccount.body.error.details)).toContain('body.account');

    const extra = await api('/portal/sign-in/code', json({ account: t.account.id, email: ext.email, role: 'admin' }));
    expect(extra.status).toBe(400);

    const verifyNeither = await verify({ session: 'x'.repeat(40), code: '123456' });
    expect(verifyNeither.status).toBe(400);
    expect(verifyNeither.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'headers.x-link-token',
      'body.account',
      'body.email',
    ]);
    const verifyHalf = await verify({ account: t.account.id, session: 'x'.repeat(40), code: '123456' });
    expect(verifyHalf.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.email']);
    const verifyBoth = await verify(
      { account: t.account.id, email: ext.email, session: 'x'.repeat(40), code: '123456' },
      { 'x-link-token': token as string },
    );
    expect(verifyBoth.status).toBe(400);
    expect(await codesTo(ext.email)).toEqual([]);
  });

  it('still signs in by link with no body, answering the link item', async () => {
    const ext = await client('Lou');
    const job = await send('POST', '/jobs', editor.token, {
      title: 'Door check',
      dueAt: daysFromNow(60),
      location: { text: 'Door' },
      ownerIds: [editor.user.id],
      externalUsers: [{ id: ext.id }],
    });
    const [token] = await linksTo(ext.email);
    const asked = await requestLinkCode(token as string);
    expect(asked.status).toBe(200);
    const [code] = await codesTo(ext.email);
    const verified = await verify({ session: asked.body.session, code }, { 'x-link-token': token as string });
    expect(verified.body.item).toEqual({ type: 'job', id: job.body.id });
  });
});
