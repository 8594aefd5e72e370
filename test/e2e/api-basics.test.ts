import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { api } from '../support/staff-session';

describe('API basics', () => {
  it('answers GET /health with 200 without sign-in', async () => {
    const res = await api('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers an unknown route with 404 in the FieldPass error shape', async () => {
    const res = await api('/no/such/route', { method: 'POST' });
    expect(res.status).toBe(404);
    const body = res.body;
    expect(body.error.code).toBe('NOT_FOUND');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('serves the same OpenAPI description that is checked in', async () => {
    const res = await api('/openapi.json');
    expect(res.status).toBe(200);
    const checkedIn = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(res.body).toEqual(checkedIn);
  });

  it("refuses a body over API Gateway's 10 MB limit with 413", async () => {
    const res = await api('/me', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(10 * 1024 * 1024 + 1),
    });
    expect(res.status).toBe(413);
  });
});
