import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/links/get-link-item.handler';
import { daysFromNow } from '../support/dates';
import { httpEvent } from '../support/events';
import { linksTo, portalSignIn } from '../support/portal-session';
import { api, type Member, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';

/**
 * One verification per person: GET /portal/links/item tells a verified browser which item a new
 * link opens, only when the link is the caller's own and gives access now; every other link gets
 * the same 403, so the route is no oracle for links that are not the caller's.
 */
describe('GET /portal/links/item', () => {
  let t: Tenant;
  let editor: Member;

  const external = async (label: string) => {
    const res = await send('POST', '/external-users', t.token, {
      givenName: label,
      familyName: 'Steward',
      email: newEmail(label),
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; email: string };
  };
  /** A new job assigned to `ext`, and the token of the link it e-mailed. */
  const jobFor = async (ext: { id: string; email: string }, title: string) => {
    const before = (await linksTo(ext.email)).length;
    const res = await send('POST', '/jobs', editor.token, {
      title,
      dueAt: daysFromNow(90),
      location: { text: 'North stand' },
      ownerIds: [editor.user.id],
      externalUsers: [{ id: ext.id }],
    });
    expect(res.status).toBe(201);
    const token = (await linksTo(ext.email))[before];
    if (!token) throw new Error('no link e-mailed');
    return { job: res.body as { id: string }, token };
  };
  const linkItem = (idToken: string, token: string) =>
    api('/portal/links/item', { token: idToken, headers: { 'x-link-token': token } });

  beforeAll(async () => {
    t = await newAccountWithAdmin('linkitem');
    editor = await member(t, 'general', 'linkitemeditor', { jobs: { access: true } });
  });

  it("answers the item of another of the caller's own links, so it opens without a new code", async () => {
    const ext = await external('Ana');
    const first = await jobFor(ext, 'Gate A');
    const second = await jobFor(ext, 'Gate B');
    const { idToken } = await portalSignIn(first.token, ext.email);

    const res = await linkItem(idToken, second.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ type: 'job', id: second.job.id });
    // The item it names opens with the same verification.
    expect((await api(`/portal/jobs/${second.job.id}`, { token: idToken })).status).not.toBe(401);
  });

  it("answers 403 ACCESS_REVOKED for someone else's link, the same as for an unknown one", async () => {
    const ana = await external('Ann');
    const bob = await external('Bob');
    const mine = await jobFor(ana, 'Gate C');
    const theirs = await jobFor(bob, 'Gate D');
    const { idToken } = await portalSignIn(mine.token, ana.email);

    const foreign = await linkItem(idToken, theirs.token);
    const unknown = await linkItem(idToken, 'A'.repeat(43));
    expect(foreign.status).toBe(403);
    expect(foreign.body).toEqual({ error: { code: 'ACCESS_REVOKED', message: 'No longer have access' } });
    expect(unknown.status).toBe(403);
    expect(unknown.body).toEqual(foreign.body);
  });

  it("answers the same 403 for the caller's own link once its assignment is revoked, and for a superseded one", async () => {
    const ext = await external('Cal');
    const kept = await jobFor(ext, 'Gate E');
    const revoked = await jobFor(ext, 'Gate F');
    const resent = await jobFor(ext, 'Gate G');
    const { idToken } = await portalSignIn(kept.token, ext.email);
    expect((await linkItem(idToken, revoked.token)).status).toBe(200);

    expect(
      (await send('POST', `/jobs/${revoked.job.id}/assignments/${ext.id}/revoke`, editor.token, {})).status,
    ).toBeLessThan(300);
    const before = (await linksTo(ext.email)).length;
    expect(
      (await send('POST', `/jobs/${resent.job.id}/assignments/${ext.id}/resend-link`, editor.token, {})).status,
    ).toBe(202);
    const newest = (await linksTo(ext.email))[before] as string;

    const afterRevoke = await linkItem(idToken, revoked.token);
    const superseded = await linkItem(idToken, resent.token);
    expect(afterRevoke.status).toBe(403);
    expect(afterRevoke.body.error.code).toBe('ACCESS_REVOKED');
    expect(superseded.body).toEqual(afterRevoke.body);
    expect((await linkItem(idToken, newest)).body).toEqual({ type: 'job', id: resent.job.id });
  });

  it('answers 403 for every link once the external user is disabled', async () => {
    const ext = await external('Dee');
    const { token } = await jobFor(ext, 'Gate H');
    const { idToken } = await portalSignIn(token, ext.email);
    const version = (await api(`/external-users/${ext.id}`, { token: t.token })).body.version;
    expect((await send('POST', `/external-users/${ext.id}/disable`, t.token, { version })).status).toBe(200);
    const res = await linkItem(idToken, token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ACCESS_REVOKED');
  });

  it('answers 401 VERIFICATION_EXPIRED 24 hours after the code, whatever the link', async () => {
    const ext = await external('Eve');
    const { token } = await jobFor(ext, 'Gate I');
    const dayAgo = Math.floor(Date.now() / 1000) - 24 * 3600 - 5;
    const res = await handler.run(
      httpEvent({
        path: '/portal/links/item',
        headers: { 'x-link-token': token },
        // A token of the portal's own client (an impersonation client's token ends otherwise).
        claims: {
          'custom:accountId': t.account.id,
          'cognito:username': ext.id,
          auth_time: String(dayAgo),
          aud: String(process.env.PORTAL_USER_POOL_CLIENT_ID),
        },
      }),
    );
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(String(res.body)).error.code).toBe('VERIFICATION_EXPIRED');
  });

  it('answers 400 naming the header for a malformed token, and 401 without a portal token', async () => {
    const ext = await external('Fay');
    const { token } = await jobFor(ext, 'Gate J');
    const { idToken } = await portalSignIn(token, ext.email);
    const malformed = await linkItem(idToken, 'not-a-token');
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body.error.details)).toContain('headers.x-link-token');
    expect((await api('/portal/links/item', { headers: { 'x-link-token': token } })).status).toBe(401);
    // A staff token is not a portal token.
    expect((await linkItem(t.token, token)).status).toBe(401);
  });
});
