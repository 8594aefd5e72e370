import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/shared/data/keys';
import { updateVersioned } from '../../functions/shared/data/table';
import { storedStaffUser } from '../../functions/staff/staff-repository';
import { api, newAccountWithAdmin } from '../support/staff-session';

type Tenant = Awaited<ReturnType<typeof newAccountWithAdmin>>;

describe('staff sign-in and tenancy, end to end', () => {
  let a: Tenant;
  let b: Tenant;
  beforeAll(async () => {
    [a, b] = await Promise.all([newAccountWithAdmin('alpha'), newAccountWithAdmin('bravo')]);
  });

  it('signs in with Cognito and reads the signed-in user through the API', async () => {
    const res = await api('/me', { token: a.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.body).toMatchObject({
      id: a.admin.id,
      accountId: a.account.id,
      email: a.admin.email,
      role: 'account_admin',
      status: 'active',
    });
  });

  it("serves each token only its own account's data", async () => {
    const [fromA, fromB] = await Promise.all([api('/me', { token: a.token }), api('/me', { token: b.token })]);
    const [meA, meB] = [fromA.body, fromB.body];
    expect(meA.accountId).toBe(a.account.id);
    expect(meB.accountId).toBe(b.account.id);
    expect(meB.id).not.toBe(meA.id);
  });

  it('answers 401 like API Gateway when the token is missing or malformed', async () => {
    for (const token of [undefined, 'not-a-jwt', `${a.token.slice(0, -4)}AAAA`]) {
      const res = await api('/me', token === undefined ? {} : { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Unauthorized' });
    }
  });

  it('answers 401 for a token with the right claims signed by another key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    await exportJWK(publicKey);
    const claims = decodeJwt(a.token);
    const forged = await new SignJWT({ ...claims, 'custom:accountId': b.account.id })
      .setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(a.token).kid ?? 'k' })
      .sign(privateKey);
    const res = await api('/me', { token: forged });
    expect(res.status).toBe(401);
  });

  it('answers 403 USER_INACTIVE once the FieldPass user is disabled, whatever the token says', async () => {
    const c = await newAccountWithAdmin('charlie');
    await updateVersioned(
      keys.staffUser(c.account.id, c.admin.id),
      1,
      { status: 'disabled' },
      storedStaffUser,
      new Date(),
    );
    const res = await api('/me', { token: c.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('USER_INACTIVE');
  });
});

describe('PATCH /me', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await newAccountWithAdmin('delta');
  });
  const patch = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    api('/me', {
      method: 'PATCH',
      token: t.token,
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('renames the caller when the version is current', async () => {
    const res = await patch({ version: 1, givenName: 'Robin' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ givenName: 'Robin', familyName: 'Admin', version: 2 });
  });

  it('answers 409 with the current record for a stale version', async () => {
    const res = await patch({ version: 1, givenName: 'Late' });
    expect(res.status).toBe(409);
    const { error } = res.body;
    expect(error.code).toBe('CONFLICT');
    expect(error.details.current).toMatchObject({ givenName: 'Robin' });
  });

  it('answers 400 naming the field for bad input, and refuses a tenant in the body', async () => {
    const empty = await patch({ version: 2, givenName: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('body.givenName');
    const smuggled = await patch({ version: 2, givenName: 'X', accountId: 'other' });
    expect(smuggled.status).toBe(400);
    expect(JSON.stringify(smuggled.body.error.details)).toContain('accountId');
  });

  it('answers 400 INVALID_JSON for a body that is not JSON', async () => {
    const res = await patch('{"version":', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
  });

  it('answers 413 for a body over the route limit, and changes nothing', async () => {
    const res = await patch({ version: 2, givenName: 'x'.repeat(70_000) });
    expect(res.status).toBe(413);
    const me = (await api('/me', { token: t.token })).body;
    expect(me).toMatchObject({ givenName: 'Robin', version: 2 });
  });
});
