import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defineRoute } from '../../functions/shared/contract';
import { startLocalCognito } from '../../local/cognito';
import { localCredentials, localRegion } from '../../local/dynamodb-local';
import { startLocalHttpApi } from '../../local/http-api';
import { freePort } from '../../local/ports';
import { repoRoot } from '../../local/stack';

/**
 * The local API Gateway stand-in, checked against a Cognito of its own whose clock tests can
 * move: tokens minted two hours ago have expired by now.
 */
const pool = { id: 'local_GatewayTest', client: 'gatewayclient', other: 'otherclient' };
const password = 'Gateway-test-2026!';
const echo = (auth: 'none' | 'staff' | 'portal', path: string, method: 'GET' | 'POST' = 'GET') => ({
  contract: defineRoute({ method, path, auth, operationId: `echo${path}`, summary: 'echo', tags: [], responses: {} }),
  entry: 'test/support/echo.handler.ts',
});

let offsetMs = 0;
let cognito: Awaited<ReturnType<typeof startLocalCognito>>;
let gateway: Awaited<ReturnType<typeof startLocalHttpApi>>;
let sdk: CognitoIdentityProviderClient;

async function idToken(clientId = pool.client, which: 'IdToken' | 'AccessToken' = 'IdToken') {
  const result = await sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'guard@example.com', PASSWORD: password },
    }),
  );
  return result.AuthenticationResult?.[which] ?? '';
}

/** The event the echo handler received, as it answered it. */
const eventOf = async (res: Response) => (await res.json()) as APIGatewayProxyEventV2WithJWTAuthorizer;

const call = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${gateway.url}${path}`, {
    ...init,
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers as object) },
  });

beforeAll(async () => {
  cognito = await startLocalCognito({
    port: await freePort(),
    clock: () => new Date(Date.now() + offsetMs),
    pools: [
      {
        id: pool.id,
        usernameAttributes: ['email'],
        clients: [
          { id: pool.client, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] },
          { id: pool.other, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] },
        ],
      },
    ],
  });
  sdk = new CognitoIdentityProviderClient({
    endpoint: cognito.url,
    region: localRegion,
    credentials: localCredentials,
  });
  await sdk.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.id,
      Username: 'guard@example.com',
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: 'guard@example.com' },
        { Name: 'custom:accountId', Value: 'acct-9' },
      ],
    }),
  );
  await sdk.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: pool.id,
      Username: 'guard@example.com',
      Password: password,
      Permanent: true,
    }),
  );
  gateway = await startLocalHttpApi({
    port: await freePort(),
    repoRoot,
    routes: [
      echo('staff', '/things/{thingId}'),
      echo('none', '/things/new'),
      echo('portal', '/portal/things'),
      echo('none', '/echo', 'POST'),
      { contract: echo('none', '/crash').contract, entry: 'test/support/failing.handler.ts' },
      { contract: echo('none', '/log/slow').contract, entry: 'test/support/logging.handler.ts' },
      { contract: echo('none', '/log/quick').contract, entry: 'test/support/logging.handler.ts' },
    ],
    notFoundEntry: 'functions/system/not-found.handler.ts',
    staffAuthorizer: { issuer: cognito.issuer(pool.id), jwksUrl: cognito.jwksUrl(pool.id), audience: [pool.client] },
    // Deployed, the portal has a pool of its own; an audience of its own shows the same separation.
    portalAuthorizer: { issuer: cognito.issuer(pool.id), jwksUrl: cognito.jwksUrl(pool.id), audience: [pool.other] },
  });
});

afterAll(async () => {
  await gateway?.stop();
  await cognito?.stop();
});

describe('the local HTTP API', () => {
  it('hands the function a payload 2.0 event with the authorizer claims as strings', async () => {
    const res = await call('/things/abc%20d?x=1&x=2&y=3', { token: await idToken() });
    expect(res.status).toBe(200);
    const event = await eventOf(res);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /things/{thingId}',
      rawPath: '/things/abc%20d',
      pathParameters: { thingId: 'abc d' },
      queryStringParameters: { x: '1,2', y: '3' },
      requestContext: { http: { method: 'GET' }, stage: '$default' },
    });
    const claims = event.requestContext.authorizer.jwt.claims;
    expect(claims).toMatchObject({ 'custom:accountId': 'acct-9', token_use: 'id', aud: pool.client });
    expect(typeof claims.auth_time).toBe('string');
    expect(res.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);
  });

  it('prefers a literal path over a templated one', async () => {
    const event = await eventOf(await call('/things/new'));
    expect(event.routeKey).toBe('GET /things/new');
  });

  it('answers 401 for a token that expired', async () => {
    offsetMs = -2 * 60 * 60 * 1000;
    const stale = await idToken();
    offsetMs = 0;
    const res = await call('/things/a', { token: stale });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'Unauthorized' });
  });

  it('answers 401 for a token issued to another app client', async () => {
    expect((await call('/things/a', { token: await idToken(pool.other) })).status).toBe(401);
  });

  it('runs the portal authorizer on portal routes: a staff token is refused there, a portal token passes', async () => {
    expect((await call('/portal/things', { token: await idToken(pool.client) })).status).toBe(401);
    expect((await call('/portal/things')).status).toBe(401);
    const res = await call('/portal/things', { token: await idToken(pool.other) });
    expect(res.status).toBe(200);
    expect((await eventOf(res)).requestContext.authorizer.jwt.claims['custom:accountId']).toBe('acct-9');
  });

  it('accepts an access token of the right client, as API Gateway does (the handler then needs the tenant claim)', async () => {
    const res = await call('/things/a', { token: await idToken(pool.client, 'AccessToken') });
    expect(res.status).toBe(200);
    const event = await eventOf(res);
    expect(event.requestContext.authorizer.jwt.claims['custom:accountId']).toBeUndefined();
  });

  it('base64-encodes a binary body and passes a JSON body as text', async () => {
    const binary = await (
      await call('/echo', {
        method: 'POST',
        headers: { 'content-type': 'image/png' },
        body: new Uint8Array([0, 255, 1]),
      })
    ).json();
    expect(binary).toMatchObject({ isBase64Encoded: true, body: Buffer.from([0, 255, 1]).toString('base64') });
    const json = await (
      await call('/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })
    ).json();
    expect(json).toMatchObject({ isBase64Encoded: false, body: '{"a":1}' });
  });

  it('answers 500 like API Gateway when the function throws, revealing nothing', async () => {
    const res = await call('/crash');
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"message":"Internal Server Error"}');
  });

  it('answers 400 like API Gateway for a path with a lone % or another malformed escape, before any authorizer or function', async () => {
    for (const path of ['/things/%', '/things/50%25%', '/things/%zz', '/things/%E0%A4%A', '/no-such-route/%']) {
      const res = await call(path, { token: await idToken() });
      expect(res.status, path).toBe(400);
      expect(await res.json(), path).toEqual({ message: 'Bad Request' });
    }
    expect((await call('/things/%')).status).toBe(400);
  });

  it('gives each of two concurrent invocations its own log context: function name, request id, keys', async () => {
    const written: string[] = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    // Powertools writes error lines to stderr.
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      const slow = call('/log/slow');
      await vi.waitFor(() => expect(written.join('')).toContain('slow: started'));
      const quick = await call('/log/quick');
      const slowRequestId = (await slow).headers.get('apigw-requestid');
      const lines = written
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const line = (message: string) => lines.find((l) => l.message === message);

      expect(line('slow: finished')).toMatchObject({ function_name: 'echo/log/slow', requestId: slowRequestId });
      expect(line('quick: logged')).toMatchObject({
        function_name: 'echo/log/quick',
        requestId: quick.headers.get('apigw-requestid'),
      });
      expect(line('slow: finished')?.function_request_id).toBe(line('slow: started')?.function_request_id);
      expect(line('slow: finished')?.function_request_id).not.toBe(line('quick: logged')?.function_request_id);
    } finally {
      stderr.mockRestore();
    }
  });

  it('sends an unmatched method or path to the $default route', async () => {
    const res = await call('/things/a', { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
