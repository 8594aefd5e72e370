import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { defineRoute } from '../../functions/shared/contract';
import { ConflictError, ForbiddenError, NotFoundError } from '../../functions/shared/errors';
import { httpHandler, itemHandler, ok } from '../../functions/shared/http';
import { logger } from '../../functions/shared/logger';
import { portalCaller } from '../../functions/shared/portal-caller';
import { capturedOutput } from '../support/captured-output';
import { httpEvent } from '../support/events';

const echo = defineRoute({
  method: 'POST',
  path: '/echo/{thingId}',
  auth: 'staff',
  operationId: 'echo',
  summary: 'test route',
  tags: ['test'],
  body: z.strictObject({ title: z.string().check(z.minLength(1)), count: z.int().check(z.maximum(5)) }),
  params: z.object({ thingId: z.string().check(z.regex(/^\w+$/)) }),
  responses: { 200: { description: 'echo' } },
  maxBodyBytes: 100,
});

const claims = { sub: 'user-1', 'custom:accountId': 'acct-1', 'cognito:groups': '[ops leads]' };
const handler = httpHandler(echo, async ({ body, params, caller }) => ok({ body, params, caller }));
const json = { 'content-type': 'application/json' };
const call = (event: Parameters<typeof handler.run>[0]) => handler.run(event);
const parsed = (body: string | undefined) => JSON.parse(body ?? '{}');

describe('the HTTP handler wrapper', () => {
  it('passes validated input and the verified caller to the use case', async () => {
    const res = await call(
      httpEvent({
        method: 'POST',
        body: '{"title":"Gate 4","count":2}',
        headers: json,
        pathParameters: { thingId: 'abc' },
        claims,
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(parsed(res.body)).toEqual({
      body: { title: 'Gate 4', count: 2 },
      params: { thingId: 'abc' },
      caller: { accountId: 'acct-1', userId: 'user-1', groups: ['ops', 'leads'] },
    });
  });

  it('answers 400 VALIDATION_FAILED naming every failing field', async () => {
    const res = await call(
      httpEvent({
        method: 'POST',
        body: '{"title":"","count":9}',
        headers: json,
        pathParameters: { thingId: 'abc' },
        claims,
      }),
    );
    expect(res.statusCode).toBe(400);
    const { error } = parsed(res.body);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.count', 'body.title']);
  });

  it('says in words what is wrong with a field', async () => {
    const res = await call(
      httpEvent({
        method: 'POST',
        body: '{"title":7,"count":1}',
        headers: json,
        pathParameters: { thingId: 'a' },
        claims,
      }),
    );
    expect(parsed(res.body).error.details).toEqual([
      { path: 'body.title', code: 'invalid_type', message: 'Invalid input: expected string, received number' },
    ]);
  });

  it('rejects unknown body fields by name', async () => {
    const res = await call(
      httpEvent({
        method: 'POST',
        body: '{"title":"x","count":1,"accountId":"other"}',
        headers: json,
        pathParameters: { thingId: 'abc' },
        claims,
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(parsed(res.body).error.details)).toContain('accountId');
  });

  it('answers 400 INVALID_JSON for a body that is not JSON', async () => {
    const res = await call(
      httpEvent({ method: 'POST', body: '{"title":', headers: json, pathParameters: { thingId: 'a' }, claims }),
    );
    expect(res.statusCode).toBe(400);
    expect(parsed(res.body).error.code).toBe('INVALID_JSON');
  });

  it('answers 400 INVALID_JSON when the content type is not JSON', async () => {
    const res = await call(
      httpEvent({
        method: 'POST',
        body: 'title=x',
        headers: { 'content-type': 'text/plain' },
        pathParameters: { thingId: 'a' },
        claims,
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(parsed(res.body).error.code).toBe('INVALID_JSON');
  });

  it('answers 413 PAYLOAD_TOO_LARGE over the route limit, before parsing', async () => {
    const res = await call(
      httpEvent({ method: 'POST', body: JSON.stringify({ title: 'x'.repeat(200), count: 1 }), headers: json, claims }),
    );
    expect(res.statusCode).toBe(413);
    expect(parsed(res.body).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: 100 } });
  });

  it('answers 400 for a path parameter that is not valid', async () => {
    const res = await call(
      httpEvent({
        method: 'POST',
        body: '{"title":"x","count":1}',
        headers: json,
        pathParameters: { thingId: 'a#b' },
        claims,
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(parsed(res.body).error.details[0].path).toBe('params.thingId');
  });

  it('answers 401 when the token names no account', async () => {
    const res = await call(
      httpEvent({
        method: 'POST',
        body: '{"title":"x","count":1}',
        headers: json,
        pathParameters: { thingId: 'a' },
        claims: { sub: 'u' },
      }),
    );
    expect(res.statusCode).toBe(401);
    expect(parsed(res.body).error.code).toBe('UNAUTHORIZED');
  });

  it('puts the request id on every answer, errors included', async () => {
    const good = await call(
      httpEvent({
        method: 'POST',
        body: '{"title":"x","count":1}',
        headers: json,
        pathParameters: { thingId: 'a' },
        claims,
      }),
    );
    const bad = await call(httpEvent({ method: 'POST', body: 'nope', headers: json, claims }));
    expect(good.headers?.['x-request-id']).toBe('req-123');
    expect(bad.headers?.['x-request-id']).toBe('req-123');
  });

  it('maps a use-case error to its status and code', async () => {
    const conflicting = httpHandler(echo, async () => {
      throw new ConflictError('stale', { current: 1 });
    });
    const res = await conflicting.run(
      httpEvent({
        method: 'POST',
        body: '{"title":"x","count":1}',
        headers: json,
        pathParameters: { thingId: 'a' },
        claims,
      }),
    );
    expect(res.statusCode).toBe(409);
    expect(parsed(res.body)).toEqual({ error: { code: 'CONFLICT', message: 'stale', details: { current: 1 } } });
  });

  it('turns an unexpected failure into a 500 that reveals no internals', async () => {
    const failing = httpHandler(echo, async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.1:8000 table secret-table');
    });
    const res = await failing.run(
      httpEvent({
        method: 'POST',
        body: '{"title":"x","count":1}',
        headers: json,
        pathParameters: { thingId: 'a' },
        claims,
      }),
    );
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('ECONNREFUSED');
    expect(parsed(res.body).error).toMatchObject({ code: 'INTERNAL' });
    expect(parsed(res.body).error.message).toContain('req-123');
  });
});

describe('the item handler', () => {
  const thingRoute = <T extends 'job' | 'incident'>(type: T, body: z.ZodMiniObject) =>
    defineRoute({
      method: 'PUT',
      path: `/${type}s/{${type}Id}/things/{thingId}`,
      auth: 'staff',
      operationId: `putThing-${type}`,
      summary: 'test route',
      tags: ['test'],
      params: z.strictObject({ [`${type}Id`]: z.string(), thingId: z.string() } as Record<
        `${T}Id` | 'thingId',
        z.ZodMiniString
      >),
      body,
      responses: { 200: { description: 'the thing' } },
    });
  const routes = {
    job: thingRoute('job', z.strictObject({ size: z.int() })),
    incident: thingRoute('incident', z.strictObject({ colour: z.string() })),
  };
  const handler = itemHandler(routes, async ({ item, params, body }) => ok({ item, thingId: params.thingId, body }));
  const put = (routeKey: string, pathParameters: Record<string, string>, body: string) =>
    handler.run({ ...httpEvent({ method: 'PUT', body, headers: json, pathParameters, claims }), routeKey });

  it("serves each route with its own contract and gives the use case the route's item", async () => {
    const job = await put('PUT /jobs/{jobId}/things/{thingId}', { jobId: 'j-1', thingId: 't-1' }, '{"size":3}');
    const incident = await put(
      'PUT /incidents/{incidentId}/things/{thingId}',
      { incidentId: 'i-1', thingId: 't-2' },
      '{"colour":"red"}',
    );
    expect(parsed(job.body)).toEqual({ item: { type: 'job', id: 'j-1' }, thingId: 't-1', body: { size: 3 } });
    expect(parsed(incident.body)).toEqual({
      item: { type: 'incident', id: 'i-1' },
      thingId: 't-2',
      body: { colour: 'red' },
    });
  });

  it("answers 400 naming the fields when the body fits another route's contract but not its own", async () => {
    const res = await put(
      'PUT /incidents/{incidentId}/things/{thingId}',
      { incidentId: 'i-1', thingId: 't-1' },
      '{"size":3}',
    );
    expect(res.statusCode).toBe(400);
    expect(
      parsed(res.body)
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['body', 'body.colour']);
  });

  it('answers 500 for a route it does not serve, revealing nothing', async () => {
    const res = await put('PUT /logs/{logId}/things/{thingId}', { logId: 'l-1', thingId: 't-1' }, '{"size":3}');
    expect(res.statusCode).toBe(500);
    expect(parsed(res.body).error.code).toBe('INTERNAL');
  });
});

describe('refusals in the logs', () => {
  /** Runs `act` with the logger at WARN and stdout and stderr captured; answers the JSON lines written. */
  async function logged(act: () => Promise<unknown>) {
    logger.setLogLevel('WARN');
    const written = await capturedOutput(act);
    return written
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }
  afterEach(() => logger.setLogLevel('SILENT'));

  const portalRoute = defineRoute({
    method: 'DELETE',
    path: '/portal/jobs/{jobId}/comments/{commentId}',
    auth: 'portal',
    operationId: 'deleteComment',
    summary: 'test route',
    tags: ['test'],
    params: z.object({ jobId: z.string(), commentId: z.string() }),
    responses: { 204: { description: 'gone' } },
  });
  const portalClaims = {
    sub: 'cognito-sub',
    'cognito:username': 'ext-7',
    'custom:accountId': 'acct-1',
    aud: 'unitportalclient',
  };

  it("logs a portal refusal once, naming the external user, the route, the item's ids and the code", async () => {
    const refusing = httpHandler(
      portalRoute,
      async () => {
        throw new ForbiddenError('Only your own comments', 'NOT_YOUR_COMMENT');
      },
      { portal: portalCaller },
    );
    const event = httpEvent({
      method: 'DELETE',
      pathParameters: { jobId: 'job-1', commentId: 'c-9' },
      headers: { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJleHQtNyJ9.c2lnbmF0dXJlLXBhcnQ' },
      claims: { ...portalClaims, auth_time: String(Math.floor(Date.now() / 1000)) },
    });

    const entries = await logged(() => refusing.run(event));

    expect(entries).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: 'Request refused',
        route: 'DELETE /portal/jobs/{jobId}/comments/{commentId}',
        status: 403,
        errorCode: 'NOT_YOUR_COMMENT',
        caller: { kind: 'external', externalUserId: 'ext-7', accountId: 'acct-1' },
        target: { jobId: 'job-1', commentId: 'c-9' },
      }),
    ]);
    expect(JSON.stringify(entries)).not.toContain('eyJ');
  });

  it('logs a staff 404 with the staff user and account, and no body', async () => {
    const hidden = httpHandler(echo, async () => {
      throw new NotFoundError();
    });

    const entries = await logged(() =>
      hidden.run(
        httpEvent({
          method: 'POST',
          body: '{"title":"Gate 4 secret plan","count":1}',
          headers: json,
          pathParameters: { thingId: 'abc' },
          claims,
        }),
      ),
    );

    expect(entries).toEqual([
      expect.objectContaining({
        route: 'POST /echo/{thingId}',
        status: 404,
        errorCode: 'NOT_FOUND',
        caller: { kind: 'staff', userId: 'user-1', accountId: 'acct-1' },
      }),
    ]);
    expect(JSON.stringify(entries)).not.toContain('Gate 4');
  });

  it('logs a 401 for a token that names no account, and no refusal for a 400 or a 409', async () => {
    const conflicting = httpHandler(echo, async () => {
      throw new ConflictError('stale');
    });
    const event = (body: string, eventClaims: Record<string, string>) =>
      httpEvent({ method: 'POST', body, headers: json, pathParameters: { thingId: 'a' }, claims: eventClaims });

    const entries = await logged(async () => {
      await conflicting.run(event('{"title":"x","count":1}', { sub: 'u-2' }));
      await conflicting.run(event('{"title":"","count":9}', claims));
      await conflicting.run(event('{"title":"x","count":1}', claims));
    });

    expect(entries.map((entry) => [entry.status, entry.errorCode, entry.caller])).toEqual([
      [401, 'UNAUTHORIZED', { kind: 'staff', userId: 'u-2', accountId: '' }],
    ]);
  });
});
