import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes';
import { clientSignIn, staffSide } from '../support/client-portal';
import { api, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/*
 * Issue 20, seed 001 step 4: a User Admin or Account Admin views the portal as an external user
 * (decision 0006), through the local stack: who may, the session's token and lifetime, read-only
 * on every write route, the audit trail with both identities, and the external user's own activity
 * left untouched.
 */

let t: Tenant;
let other: Tenant;
let staff: ReturnType<typeof staffSide>;
let viewId: string;
let dealer: { id: string; email: string };
let dealerToken: string;
let jobId: string;

const start = (token: string, externalUserId: string) =>
  send('POST', `/external-users/${externalUserId}/impersonation`, token);

/** The claims of a JWT (read, not verified: the test only looks at what the API handed out). */
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));

beforeAll(async () => {
  [t, other] = await Promise.all([newAccountWithAdmin('impersonation'), newAccountWithAdmin('impersonation-other')]);
  staff = staffSide(t);
  const view = await staff.jobsView('Dealer jobs', ['title', 'status']);
  viewId = view.id;
  const role = await staff.role('Dealers', [view.id]);
  const customer = await staff.customer('Dealer Ltd');
  dealer = await staff.externalUser('Dora');
  await staff.grant(dealer.id, { roleIds: [role.id], customerIds: [customer.id] });
  const job = await staff.job({
    title: 'Kitchen install',
    customerId: customer.id,
    externalUsers: [{ id: dealer.id }],
  });
  jobId = job.id;
  dealerToken = await clientSignIn(t.account.id, dealer.email);
});

describe('who may impersonate', () => {
  it('lets an Account Admin and a User Admin start a session, and refuses Admins and General users with 403', async () => {
    const userAdmin = await member(t, 'user_admin', 'ua');
    const admin = await member(t, 'admin', 'ad');
    const general = await member(t, 'general', 'gen');
    expect((await start(t.token, dealer.id)).status).toBe(201);
    const byUserAdmin = await start(userAdmin.token, dealer.id);
    expect(byUserAdmin.status).toBe(201);
    expect(byUserAdmin.body.staffUserId).toBe(userAdmin.user.id);
    for (const refused of [admin, general]) {
      const res = await start(refused.token, dealer.id);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('IMPERSONATION_DENIED');
    }
  });

  it("answers 404 for another account's external user and an unknown id, 400 naming a malformed id", async () => {
    const foreign = await staffSide(other).externalUser('Fay');
    expect((await start(t.token, foreign.id)).status).toBe(404);
    expect((await start(t.token, '0f0f0f0f-0000-4000-8000-000000000000')).status).toBe(404);
    const bad = await start(t.token, 'not an id!');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('params.externalUserId');
  });

  it('refuses a disabled external user with 409 EXTERNAL_USER_DISABLED', async () => {
    const gone = await staff.externalUser('Gus');
    expect((await send('POST', `/external-users/${gone.id}/disable`, t.token, { version: gone.version })).status).toBe(
      200,
    );
    const res = await start(t.token, gone.id);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EXTERNAL_USER_DISABLED');
  });

  it('answers 401 to a portal token on the staff route', async () => {
    expect((await start(dealerToken, dealer.id)).status).toBe(401);
  });
});

describe('the session', () => {
  it('is a portal token of at most 30 minutes for the external user, on the impersonation client', async () => {
    const res = await start(t.token, dealer.id);
    expect(res.status).toBe(201);
    const claims = claimsOf(res.body.idToken);
    expect(claims['cognito:username']).toBe(dealer.id);
    expect(claims.exp - claims.auth_time).toBeLessThanOrEqual(30 * 60);
    expect(claims.aud).not.toBe(claimsOf(dealerToken).aud);
    expect(res.body).toMatchObject({
      sessionId: claims.origin_jti,
      externalUser: { id: dealer.id, givenName: 'Dora', familyName: 'Client' },
      staffUserId: t.admin.id,
    });
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(30 * 60_000);
  });

  it('sees what the external user sees: their views, their jobs and their assigned item', async () => {
    const { idToken } = (await start(t.token, dealer.id)).body;
    const as = (path: string) => api(path, { token: idToken });
    const own = (path: string) => api(path, { token: dealerToken });
    for (const path of ['/portal/me', `/portal/views/${viewId}/jobs`, `/portal/jobs/${jobId}`]) {
      const [seen, theirs] = await Promise.all([as(path), own(path)]);
      expect(seen.status, path).toBe(200);
      expect(seen.body, path).toEqual(theirs.body);
    }
  });

  it('is refused with 403 IMPERSONATION_READ_ONLY by every portal route that writes', async () => {
    const { idToken } = (await start(t.token, dealer.id)).body;
    const writes = routes.filter(
      ({ contract }) =>
        contract.auth === 'portal' && !['GET', 'HEAD'].includes(contract.method) && !contract.allowedWhileImpersonating,
    );
    expect(writes.length).toBeGreaterThanOrEqual(10);
    for (const { contract } of writes) {
      const path = contract.path.replace('{jobId}', jobId).replace(/\{\w+\}/g, '0f0f0f0f-0000-4000-8000-000000000001');
      const res = await send(contract.method, path, idToken, { value: 'yes', version: 1 });
      expect(res.status, `${contract.method} ${contract.path}`).toBe(403);
      expect(res.body.error.code, `${contract.method} ${contract.path}`).toBe('IMPERSONATION_READ_ONLY');
    }
  });

  it('ends on DELETE /portal/impersonation: the token is refused from then on', async () => {
    const { idToken } = (await start(t.token, dealer.id)).body;
    expect((await api('/portal/me', { token: idToken })).status).toBe(200);
    expect((await send('DELETE', '/portal/impersonation', idToken)).status).toBe(204);
    for (const res of [
      await api('/portal/me', { token: idToken }),
      await send('DELETE', '/portal/impersonation', idToken),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('IMPERSONATION_ENDED');
    }
  });

  it("answers 409 NOT_IMPERSONATING to an external user's own token on the stop route", async () => {
    const res = await send('DELETE', '/portal/impersonation', dealerToken);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('NOT_IMPERSONATING');
  });
});

describe('the audit trail', () => {
  it('files the start, each page viewed and the stop with the staff user as actor on behalf of the external user', async () => {
    const userAdmin = await member(t, 'user_admin', 'auditor');
    const started = await start(userAdmin.token, dealer.id);
    const { idToken, sessionId } = started.body;
    expect((await api('/portal/me', { token: idToken })).status).toBe(200);
    expect((await api(`/portal/views/${viewId}/jobs`, { token: idToken })).status).toBe(200);
    expect((await send('DELETE', '/portal/impersonation', idToken)).status).toBe(204);
    await drainStreams();

    const trail = await api(`/external-activity?externalUserId=${dealer.id}&limit=100`, { token: t.token });
    expect(trail.status).toBe(200);
    const entries = trail.body.items
      .filter((e: { details: { sessionId?: string } }) => e.details.sessionId === sessionId)
      .map(
        (e: {
          action: string;
          actor: object;
          externalUserId: string;
          details: { route?: string; onBehalfOf?: string };
        }) => [e.action, e.actor, e.externalUserId, e.details.onBehalfOf, e.details.route],
      );
    const actor = { kind: 'staff', id: userAdmin.user.id };
    expect(entries).toEqual([
      ['impersonation_stopped', actor, dealer.id, dealer.id, undefined],
      ['impersonation_viewed', actor, dealer.id, dealer.id, 'GET /portal/views/{viewId}/jobs'],
      ['impersonation_viewed', actor, dealer.id, dealer.id, 'GET /portal/me'],
      ['impersonation_started', actor, dealer.id, dealer.id, undefined],
    ]);
  });

  it("leaves the external user's own activity alone: no sign-in, no item viewed, last portal activity unchanged", async () => {
    const target = await staff.externalUser('Ivo');
    const job = await staff.job({ title: 'Impersonated only', externalUsers: [{ id: target.id }] });
    await drainStreams();
    const { idToken } = (await start(t.token, target.id)).body;
    expect((await api(`/portal/jobs/${job.id}`, { token: idToken })).status).toBe(200);
    await drainStreams();

    const report = await api('/reports/jobs?columns=title,lastPortalActivityAt&limit=1000', { token: t.token });
    const row = report.body.rows.find((r: { title: string }) => r.title === 'Impersonated only');
    expect(row).toEqual({ title: 'Impersonated only', lastPortalActivityAt: null });
    const trail = await api(`/external-activity?externalUserId=${target.id}&limit=100`, { token: t.token });
    const theirs = trail.body.items.filter((e: { actor: { kind: string } }) => e.actor.kind === 'external');
    expect(theirs).toEqual([]);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toContain('impersonation_viewed');
  });
});
