import { describe, expect, it } from 'vitest';
import { defineRoute } from '../../functions/shared/contract';
import { httpHandler, ok } from '../../functions/shared/http';
import { portalCaller } from '../../functions/shared/portal-caller';
import { httpEvent } from '../support/events';

const portalRoute = defineRoute({
  method: 'GET',
  path: '/portal/things',
  auth: 'portal',
  operationId: 'portalThings',
  summary: 'test route',
  tags: ['test'],
  responses: { 200: { description: 'the caller' } },
});
const handler = httpHandler(portalRoute, async ({ caller }) => ok(caller), { portal: portalCaller });

/** Claims as the portal pool's ID token carries them and API Gateway passes them: strings. */
const claimsVerified = (secondsAgo: number) => ({
  'cognito:username': 'ext-1',
  'custom:accountId': 'acct-1',
  auth_time: String(Math.floor(Date.now() / 1000) - secondsAgo),
  token_use: 'id',
  // The portal client's (test/support/unit-env.ts): an external user's own token.
  aud: 'unitportalclient',
  origin_jti: 'jti-1',
});
const call = async (claims: Record<string, string>) => {
  const res = await handler.run(httpEvent({ path: '/portal/things', claims }));
  return { status: res.statusCode, body: JSON.parse(res.body ?? '{}') };
};

describe('the portal caller', () => {
  it('is the external user and account of the token, verified when the code was accepted', async () => {
    const res = await call(claimsVerified(60));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accountId: 'acct-1', externalUserId: 'ext-1' });
    expect(Date.now() - Date.parse(res.body.verifiedAt)).toBeGreaterThanOrEqual(60_000);
  });

  it('is still verified just under 24 hours after the code', async () => {
    expect((await call(claimsVerified(24 * 3600 - 5))).status).toBe(200);
  });

  it('answers 401 VERIFICATION_EXPIRED once 24 hours have passed since the code, however fresh the token', async () => {
    const res = await call(claimsVerified(24 * 3600 + 1));
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({
      code: 'VERIFICATION_EXPIRED',
      message: expect.stringContaining('new code'),
    });
  });

  it('answers 401 for a token without an account, a user or an auth_time', async () => {
    const { 'custom:accountId': _a, ...noAccount } = claimsVerified(1);
    const { 'cognito:username': _u, ...noUser } = claimsVerified(1);
    const { auth_time: _t, ...noAuthTime } = claimsVerified(1);
    for (const claims of [noAccount, noUser, noAuthTime, { ...claimsVerified(1), auth_time: 'yesterday' }]) {
      const res = await call(claims);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    }
  });

  it('must be given to every portal route: a handler made without the reader fails when it is made, never letting a request through', () => {
    expect(() => httpHandler(portalRoute, async ({ caller }) => ok(caller))).toThrow(/portalCaller/);
  });
});
