import { describe, expect, it } from 'vitest';
import { redact } from '../../functions/shared/logger';

const serialise = (value: unknown) => JSON.stringify(value, redact);
const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQ';

describe('log redaction', () => {
  it('never writes a token, one-time code, password or session by its key name', () => {
    const line = serialise({
      linkToken: 'k7Zq0secretLinkToken',
      code: '123456',
      password: 'hunter2!',
      Session: 'AYABeopaque',
      headers: { authorization: 'Bearer abc.def.ghi' },
    });
    for (const secret of ['k7Zq0secretLinkToken', '123456', 'hunter2!', 'AYABeopaque', 'abc.def.ghi']) {
      expect(line).not.toContain(secret);
    }
  });

  it('never writes an x-api-key header (a feed key) by its name', () => {
    const line = serialise({ headers: { 'x-api-key': 'plain-secret' }, apiKey: 'other-secret' });
    expect(line).not.toContain('plain-secret');
    expect(line).not.toContain('other-secret');
  });

  it('removes a JWT written inside any message', () => {
    expect(serialise({ message: `verification failed for ${jwt} at gate` })).not.toContain(jwt);
  });

  it('redacts by value the code, session and token of a JSON body held in a string, however deep', () => {
    const session = `AYABe${'k3Jq9'.repeat(40)}`;
    const body = JSON.stringify({ session, code: '042517', note: 'hello' });
    const line = serialise({ event: { body, nested: JSON.stringify({ body }) } });
    for (const secret of [session, '042517']) expect(line).not.toContain(secret);
    expect(line).toContain('hello');
  });

  it('redacts a Cognito session, a link in a URL fragment and secret form fields inside any text', () => {
    const session = `AYABeC1-y8qooiuysEv0uM4wAqQAHQABAAdTZXJ2aWNlABBDb2duaXRvVXNlclBvb2xz${'x'.repeat(80)}`;
    const token = 'Qm9vdHMtYW5kLWhhdHMtYW5kLWdsb3Zlcy0xMjM0NTY';
    const line = serialise({
      message: `answered ${session} for https://portal.test/#/l/${token} with {"code": 123456, "title":"Gate"}`,
      rawQueryString: 'session=abcdef&code=654321&page=2',
    });
    for (const secret of [session, token, '123456', 'abcdef', '654321']) expect(line).not.toContain(secret);
    expect(line).toContain('"title\\":\\"Gate');
    expect(line).toContain('page=2');
  });

  it('keeps ordinary fields readable', () => {
    expect(JSON.parse(serialise({ requestId: 'r-1', route: 'GET /me', status: 200, errorCode: 'NOT_FOUND' }))).toEqual({
      requestId: 'r-1',
      route: 'GET /me',
      status: 200,
      errorCode: 'NOT_FOUND',
    });
  });
});
