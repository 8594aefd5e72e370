import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes';
import { defineRoute } from '../../functions/shared/contract';
import { httpHandler, ok } from '../../functions/shared/http';
import { portalCaller } from '../../functions/shared/portal-caller';
import { httpEvent } from '../support/events';

/*
 * Decision 0006: an impersonation token (of the portal pool's impersonation client) reads and never
 * writes. The refusal lives in the HTTP pipeline, so it holds for every route; this walks every
 * portal route of functions/routes.ts that is not a GET or HEAD and calls its very handler module.
 */

/** Claims of an impersonation session's ID token as the authorizer passes them: another `aud`, and its session. */
const impersonationClaims = (secondsAgo = 5) => ({
  'cognito:username': 'ext-1',
  'custom:accountId': 'acct-1',
  auth_time: String(Math.floor(Date.now() / 1000) - secondsAgo),
  token_use: 'id',
  aud: 'unitimpersonationclient',
  origin_jti: 'session-1',
});

const writes = routes.filter(
  ({ contract }) =>
    contract.auth === 'portal' &&
    contract.method !== 'GET' &&
    contract.method !== 'HEAD' &&
    !contract.allowedWhileImpersonating,
);

/** Path parameters for a route: every `{name}` given a well-formed id. */
const paramsOf = (path: string) =>
  Object.fromEntries(
    [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name as string, 'a1b2c3d4-0000-4000-8000-000000000001']),
  );

describe('an impersonation token on the portal routes', () => {
  it('is refused with 403 IMPERSONATION_READ_ONLY by every portal route that writes, before its input is read', async () => {
    expect(writes.length).toBeGreaterThanOrEqual(10);
    for (const { contract, entry } of writes) {
      const module = (await import(/* @vite-ignore */ `../../${entry}`)) as {
        handler: { run: (event: unknown) => Promise<{ statusCode: number; body?: string }> };
      };
      const res = await module.handler.run(
        httpEvent({
          method: contract.method,
          path: contract.path,
          pathParameters: paramsOf(contract.path),
          headers: { 'content-type': 'application/json' },
          body: '{"not":"looked at"}',
          claims: impersonationClaims(),
        }),
      );
      const route = `${contract.method} ${contract.path}`;
      expect(res.statusCode, route).toBe(403);
      expect(JSON.parse(res.body ?? '{}').error.code, route).toBe('IMPERSONATION_READ_ONLY');
    }
  });

  it('lets only the route that stops the impersonation through among the writes', () => {
    const allowed = routes.filter(({ contract }) => contract.allowedWhileImpersonating);
    expect(allowed.map(({ contract }) => `${contract.method} ${contract.path}`)).toEqual([
      'DELETE /portal/impersonation',
    ]);
  });

  it('gives every portal route an impersonation may call the sessions store, so its session is checked and its pages noted', () => {
    const reads = routes.filter(
      ({ contract }) =>
        contract.auth === 'portal' &&
        (contract.method === 'GET' || contract.method === 'HEAD' || contract.allowedWhileImpersonating),
    );
    expect(reads.length).toBeGreaterThanOrEqual(6);
    for (const { contract, entry } of reads) {
      expect(readFileSync(entry, 'utf8'), `${contract.method} ${contract.path}`).toContain(
        'impersonation: impersonationSessions',
      );
    }
  });

  it('is refused with 403 IMPERSONATION_NOT_SUPPORTED by a reading route not given the sessions store', async () => {
    const unwired = httpHandler(
      defineRoute({
        method: 'GET',
        path: '/portal/unwired',
        auth: 'portal',
        operationId: 'unwired',
        summary: 'test route',
        tags: ['test'],
        responses: { 200: { description: 'never' } },
      }),
      async () => ok({ seen: true }),
      { portal: portalCaller },
    );
    const res = await unwired.run(httpEvent({ path: '/portal/unwired', claims: impersonationClaims() }));
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body ?? '{}').error.code).toBe('IMPERSONATION_NOT_SUPPORTED');
  });

  const probe = httpHandler(
    defineRoute({
      method: 'POST',
      path: '/portal/probe',
      auth: 'portal',
      operationId: 'probe',
      summary: 'test route',
      tags: ['test'],
      responses: { 200: { description: 'the caller' } },
    }),
    async ({ caller }) => ok(caller),
    { portal: portalCaller },
  );
  const call = async (claims: Record<string, string>) => {
    const res = await probe.run(httpEvent({ method: 'POST', path: '/portal/probe', claims }));
    return { status: res.statusCode, body: JSON.parse(res.body ?? '{}') };
  };

  it('answers 401 IMPERSONATION_ENDED 30 minutes after the session started, whatever the token says', async () => {
    const res = await call(impersonationClaims(30 * 60 + 1));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('IMPERSONATION_ENDED');
  });

  it('answers 401 for an impersonation token that names no session', async () => {
    const { origin_jti: _jti, ...noSession } = impersonationClaims();
    const res = await call(noSession);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('IMPERSONATION_ENDED');
  });

  it("still lets an external user's own token write (the portal client's `aud`)", async () => {
    const res = await call({ ...impersonationClaims(), aud: 'unitportalclient' });
    expect(res.status).toBe(200);
    expect(res.body.impersonation).toBeUndefined();
  });
});
