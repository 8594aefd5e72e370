import { beforeAll, describe, expect, it } from 'vitest';
import { emailsTo } from '../support/inbox';
import {
  api,
  invite,
  listIds,
  type Member,
  member,
  newAccountWithAdmin,
  newEmail,
  send,
  type Tenant,
} from '../support/staff-session';

/** Creates an external user as `token`'s user and answers the API's reply. */
const createExternal = (token: string, body: object) => send('POST', '/external-users', token, body);

describe('external users', () => {
  let t: Tenant;
  let other: Tenant;
  let general: Member;
  let userAdmin: Member;
  let admin: Member;

  /** A new external user, created by the Account Admin, with a unique address. */
  const external = async (givenName = 'Sam', familyName = 'Steward', extra: object = {}) => {
    const res = await createExternal(t.token, { givenName, familyName, email: newEmail(givenName), ...extra });
    if (res.status !== 201) throw new Error(`external user: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('externals'), newAccountWithAdmin('externals-other')]);
    [general, userAdmin, admin] = await Promise.all([
      member(t, 'general', 'plain', { jobs: { access: true } }),
      invite(t.token, 'user_admin', 'useradmin'),
      invite(t.token, 'admin', 'adminrole'),
    ]);
  });

  it('creates an external user with a lower-case address, active and with access, and answers it on GET', async () => {
    const email = newEmail('Casey').replace('casey', 'CaSeY');
    const res = await createExternal(admin.token, { givenName: 'Casey', familyName: 'Contractor', email });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      givenName: 'Casey',
      familyName: 'Contractor',
      email: email.toLowerCase(),
      status: 'active',
      hasAccess: true,
      version: 1,
      createdBy: admin.user.id,
    });
    expect((await api(`/external-users/${res.body.id}`, { token: general.token })).body).toEqual(res.body);
  });

  it('refuses a second external user with the same address in any case (409 EMAIL_TAKEN)', async () => {
    const first = await external('Dana');
    const again = await createExternal(t.token, { givenName: 'D', familyName: 'X', email: first.email.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('lets the same address exist in another account', async () => {
    const mine = await external('Eli');
    const theirs = await createExternal(other.token, { givenName: 'Eli', familyName: 'Other', email: mine.email });
    expect(theirs.status).toBe(201);
  });

  it('answers 400 naming each invalid field of a new external user', async () => {
    const res = await createExternal(t.token, { givenName: ' ', email: 'not-an-address', autoDisableAt: 'soon' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['body.givenName', 'body.familyName', 'body.email', 'body.autoDisableAt']),
    );
  });

  it('lets any staff user look external users up, but only admin roles create or change them (403 EXTERNAL_USERS_DENIED)', async () => {
    const someone = await external('Fran');
    const create = await createExternal(general.token, { givenName: 'G', familyName: 'H', email: newEmail('g') });
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe('EXTERNAL_USERS_DENIED');
    const rename = await send('PATCH', `/external-users/${someone.id}`, general.token, { version: 1, givenName: 'X' });
    expect(rename.body.error.code).toBe('EXTERNAL_USERS_DENIED');
    const disable = await send('POST', `/external-users/${someone.id}/disable`, general.token, { version: 1 });
    expect(disable.body.error.code).toBe('EXTERNAL_USERS_DENIED');
    expect((await api(`/external-users/${someone.id}`, { token: general.token })).body.version).toBe(1);
  });

  it('lists by family name in pages, searches by the start of the name in any case or by a whole address, and filters by status', async () => {
    const tag = `Zq${Date.now().toString(36)}`;
    const [a, b, c] = [
      await external('Ann', `${tag}alpha`),
      await external('Bob', `${tag}beta`),
      await external('Cat', `${tag}gamma`),
    ];
    expect(await listIds('/external-users', t.token, `q=${tag.toLowerCase()}`, 2)).toEqual([a.id, b.id, c.id]);
    expect(await listIds('/external-users', t.token, `q=${tag.toUpperCase()}B`)).toEqual([b.id]);
    expect(await listIds('/external-users', t.token, `q=${encodeURIComponent(c.email.toUpperCase())}`)).toEqual([c.id]);
    await send('POST', `/external-users/${b.id}/disable`, t.token, { version: 1 });
    expect(await listIds('/external-users', t.token, `q=${tag}&status=active`)).toEqual([a.id, c.id]);
    expect(await listIds('/external-users', t.token, `q=${tag}&status=disabled`)).toEqual([b.id]);
  });

  it("never lists or answers another account's external users", async () => {
    const mine = await external('Hal');
    expect((await api(`/external-users/${mine.id}`, { token: other.token })).status).toBe(404);
    expect(await listIds('/external-users', other.token, `q=${encodeURIComponent(mine.email)}`)).toEqual([]);
    expect(await listIds('/external-users', other.token, `q=${mine.familyName}`)).not.toContain(mine.id);
  });

  it('renames an external user and sets and clears the auto-disable date, after which they have no access', async () => {
    const person = await external('Ivy');
    const renamed = await send('PATCH', `/external-users/${person.id}`, t.token, { version: 1, familyName: 'Ingram' });
    expect(renamed.body).toMatchObject({ familyName: 'Ingram', version: 2 });
    const past = await send('PATCH', `/external-users/${person.id}`, t.token, {
      version: 2,
      autoDisableAt: '2020-01-01T00:00:00Z',
    });
    expect(past.body).toMatchObject({ autoDisableAt: '2020-01-01T00:00:00.000Z', status: 'active', hasAccess: false });
    const cleared = await send('PATCH', `/external-users/${person.id}`, t.token, { version: 3, autoDisableAt: null });
    expect(cleared.body.hasAccess).toBe(true);
    expect(cleared.body).not.toHaveProperty('autoDisableAt');
  });

  it('answers 400 naming the address when a change tries to edit it, and 409 with the current record to a stale version', async () => {
    const person = await external('Jo');
    const email = await send('PATCH', `/external-users/${person.id}`, t.token, { version: 1, email: newEmail('new') });
    expect(email.status).toBe(400);
    expect(email.body.error.details).toEqual([expect.objectContaining({ path: 'body.email' })]);
    await send('PATCH', `/external-users/${person.id}`, t.token, { version: 1, givenName: 'Joan' });
    const stale = await send('PATCH', `/external-users/${person.id}`, t.token, { version: 1, givenName: 'Jody' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current).toMatchObject({ givenName: 'Joan', version: 2 });
  });

  it('disables an external user, who then has no access, and enables them again', async () => {
    const person = await external('Kit');
    const disabled = await send('POST', `/external-users/${person.id}/disable`, t.token, { version: 1 });
    expect(disabled.body).toMatchObject({ status: 'disabled', hasAccess: false, version: 2 });
    const enabled = await send('POST', `/external-users/${person.id}/enable`, t.token, { version: 2 });
    expect(enabled.body).toMatchObject({ status: 'active', hasAccess: true, version: 3 });
  });

  describe('promotion to Employee', () => {
    it('makes a staff user with the same name and address and the chosen role, invited by e-mail, and marks the record promoted', async () => {
      const person = await external('Lee', 'Lifeguard');
      const res = await send('POST', `/external-users/${person.id}/promote`, userAdmin.token, {
        version: 1,
        role: 'general',
        permissions: { jobs: { access: true, edit: 'owned' } },
      });
      expect(res.status).toBe(201);
      expect(res.body.staffUser).toMatchObject({
        email: person.email,
        givenName: 'Lee',
        familyName: 'Lifeguard',
        role: 'general',
        permissions: { jobs: { access: true, edit: 'owned' } },
      });
      expect(res.body.externalUser).toMatchObject({
        id: person.id,
        status: 'promoted',
        promotedToUserId: res.body.staffUser.id,
        hasAccess: false,
      });
      const [invitation] = await emailsTo(person.email);
      expect(invitation?.subject).toBe('Your FieldPass account');
      expect((await api(`/users/${res.body.staffUser.id}`, { token: t.token })).status).toBe(200);
    });

    it('keeps a promoted record as history: it cannot change, be enabled or be promoted again (409 EXTERNAL_USER_PROMOTED)', async () => {
      const person = await external('Max');
      const promoted = await send('POST', `/external-users/${person.id}/promote`, t.token, {
        version: 1,
        role: 'admin',
      });
      const version = promoted.body.externalUser.version;
      const attempts = await Promise.all([
        send('PATCH', `/external-users/${person.id}`, t.token, { version, givenName: 'Maxine' }),
        send('POST', `/external-users/${person.id}/enable`, t.token, { version }),
        send('POST', `/external-users/${person.id}/promote`, t.token, { version, role: 'general' }),
      ]);
      for (const res of attempts) {
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe('EXTERNAL_USER_PROMOTED');
      }
    });

    it('needs user settings access: an Admin or a General user gets 403 and nothing changes', async () => {
      const person = await external('Ned');
      for (const caller of [admin, general]) {
        const res = await send('POST', `/external-users/${person.id}/promote`, caller.token, {
          version: 1,
          role: 'general',
        });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('USER_SETTINGS_DENIED');
      }
      expect((await api(`/external-users/${person.id}`, { token: t.token })).body).toMatchObject({
        status: 'active',
        version: 1,
      });
    });

    it('lets a User Admin not promote anyone to Account Admin (403 ROLE_GRANT_DENIED)', async () => {
      const person = await external('Oli');
      const res = await send('POST', `/external-users/${person.id}/promote`, userAdmin.token, {
        version: 1,
        role: 'account_admin',
      });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('ROLE_GRANT_DENIED');
    });

    it('answers 409 to a stale version or an address already used by a staff user, leaving the record as it was', async () => {
      const person = await external('Pat');
      const stale = await send('POST', `/external-users/${person.id}/promote`, t.token, {
        version: 7,
        role: 'general',
      });
      expect(stale.status).toBe(409);
      const staff = await invite(t.token, 'general', 'taken');
      const twin = await createExternal(t.token, { givenName: 'Twin', familyName: 'Taken', email: staff.email });
      const taken = await send('POST', `/external-users/${twin.body.id}/promote`, t.token, {
        version: 1,
        role: 'general',
      });
      expect(taken.status).toBe(409);
      expect(taken.body.error.code).toBe('EMAIL_TAKEN');
      expect((await api(`/external-users/${twin.body.id}`, { token: t.token })).body.status).toBe('active');
    });
  });
});
