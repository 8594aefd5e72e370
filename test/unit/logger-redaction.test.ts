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

  it('removes a JWT written inside any message', () => {
    expect(serialise({ message: `verification failed for ${jwt} at gate` })).not.toContain(jwt);
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
