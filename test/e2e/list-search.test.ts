import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, listIds, type Member, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

const control = (extra: object = {}) => ({ control: { access: true, incidentsAndLogs: true, ...extra } });
const sorted = (ids: string[]) => [...ids].sort();

/**
 * `q` on the staff lists through the HTTP API: incidents and jobs by reference (exact) or title
 * words, with the other filters and the permission rules of the list; staff users by the start of
 * the name or the e-mail address.
 */
describe('list search', () => {
  let t: Tenant;
  let security: string;
  let secret: string;
  let ann: Member;
  let ben: Member;
  const incidents: Record<string, string> = {};

  const raise = async (label: string, title: string, ownerIds: string[], extra: object = {}) => {
    const res = await send('POST', '/incidents', t.token, {
      title,
      severity: 'low',
      raisedAt: '2026-12-01T09:00:00Z',
      location: { text: 'Gate A' },
      ownerIds,
      ...extra,
    });
    if (res.status !== 201) throw new Error(`raise ${label}: ${res.status} ${JSON.stringify(res.body)}`);
    incidents[label] = res.body.id;
  };

  beforeAll(async () => {
    t = await newAccountWithAdmin('search');
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, {
      version,
      departments: [{ name: 'Security' }],
      privacyStatuses: [{ name: 'Secret' }],
    });
    [security] = settings.body.departments.map((d: { id: string }) => d.id);
    [secret] = settings.body.privacyStatuses.map((p: { id: string }) => p.id);
    // Ann sees every open incident but no confidential one; Ben sees everything.
    [ann, ben] = await Promise.all([
      member(t, 'general', 'ann', control({ see: 'all', edit: 'owned' })),
      member(t, 'general', 'ben', control({ see: 'all', edit: 'all', confidential: [secret] })),
    ]);
    const [a, b] = [ann.user.id, ben.user.id];
    await raise('pump', 'Broken PUMP at gate 3', [a], { departmentId: security });
    await raise('pumpHouse', 'Pumphouse door jammed', [b]);
    await raise('accent', 'Fuite de la pompe près du quai', [b]);
    await raise('secretPump', 'Pump sabotage suspected', [b], { privacyStatusId: secret });
    await raise('fence', 'Fence down', [a], { departmentId: security });
  });

  const ids = (...labels: string[]) => sorted(labels.map((l) => incidents[l] ?? l));
  const search = async (token: string, query: string, limit = 2) =>
    sorted(await listIds('/incidents', token, query, limit));

  it('finds incidents by the start of their title words, case-insensitively, paging with the cursor', async () => {
    expect(await search(ben.token, 'q=pump', 1)).toEqual(ids('pump', 'pumpHouse', 'secretPump'));
  });

  it('needs every word of the search in the title, accents ignored', async () => {
    expect(await search(ben.token, `q=${encodeURIComponent('broken Gate')}`)).toEqual(ids('pump'));
    expect(await search(ben.token, `q=${encodeURIComponent('pres quai')}`)).toEqual(ids('accent'));
  });

  it('answers an empty page when nothing matches', async () => {
    const res = await api('/incidents?q=zeppelin', { token: ben.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
  });

  it('combines the search with the other filters', async () => {
    expect(await search(ben.token, `q=pump&departmentId=${security}`)).toEqual(ids('pump'));
    expect(await search(ben.token, `q=pump&ownerId=${ben.user.id}`)).toEqual(ids('pumpHouse', 'secretPump'));
    expect(await search(ben.token, 'q=pump&privacyStatusId=none')).toEqual(ids('pump', 'pumpHouse'));
    expect(await search(ben.token, 'q=pump&status=closed')).toEqual([]);
  });

  it('never shows a confidential incident to a caller without its grant', async () => {
    expect(await search(ann.token, 'q=pump')).toEqual(ids('pump', 'pumpHouse'));
    expect(await search(ann.token, 'q=sabotage')).toEqual([]);
  });

  it('finds one incident by its reference, under the same rules and filters as the list', async () => {
    expect(await search(ann.token, `q=${incidents.fence}`)).toEqual(ids('fence'));
    expect(await search(ann.token, `q=${(incidents.fence ?? '').toUpperCase()}`)).toEqual(ids('fence'));
    expect(await search(ann.token, `q=${incidents.fence}&departmentId=${security}`)).toEqual(ids('fence'));
    expect(await search(ann.token, `q=${incidents.fence}&ownerId=${ben.user.id}`)).toEqual([]);
    expect(await search(ann.token, `q=${incidents.fence}&archived=true`)).toEqual([]);
    expect(await search(ann.token, `q=${incidents.secretPump}`)).toEqual([]);
    expect(await search(ben.token, `q=${incidents.secretPump}`)).toEqual(ids('secretPump'));
    expect(await search(ben.token, `q=${randomUUID()}`)).toEqual([]);
  });

  it('refuses a cursor with a reference search: the page is whole', async () => {
    const res = await api(`/incidents?q=${incidents.fence}&cursor=eyJzY29wZSI6MH0`, { token: ann.token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });

  it('searches jobs the same way, by title words and by reference', async () => {
    const res = await send('POST', '/jobs', t.token, {
      title: 'Service the boiler',
      dueAt: '2026-12-01T09:00:00Z',
      location: { text: 'Plant room' },
      ownerIds: [ann.user.id],
    });
    expect(res.status).toBe(201);
    expect(await listIds('/jobs', t.token, 'q=BOIL')).toEqual([res.body.id]);
    expect(await listIds('/jobs', t.token, `q=${res.body.id}&status=open`)).toEqual([res.body.id]);
    expect(await listIds('/jobs', t.token, 'q=zeppelin')).toEqual([]);
  });

  it.each([
    ['an empty search', '/incidents?q='],
    ['a search of spaces', '/incidents?q=%20%20'],
    ['a search without a letter or digit', '/jobs?q=---'],
    ['a search over 100 characters', `/jobs?q=${'a'.repeat(101)}`],
    ['an empty staff user search', '/users?q='],
    ['a staff user search over 254 characters', `/users?q=${'a'.repeat(255)}`],
  ])('answers 400 naming q for %s', async (_name, path) => {
    const res = await api(path, { token: ben.token });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('query.q');
  });

  describe('staff users', () => {
    const tag = randomUUID().slice(0, 6);
    const people: Record<string, string> = {};
    beforeAll(async () => {
      const add = async (label: string, givenName: string, familyName: string, email: string) => {
        const res = await send('POST', '/users', t.token, { email, givenName, familyName, role: 'general' });
        if (res.status !== 201) throw new Error(`add ${label}: ${res.status} ${JSON.stringify(res.body)}`);
        people[label] = res.body.id;
      };
      await add('quill', 'Ada', `Quillon${tag}`, `ada.q-${tag}@example.com`);
      await add('quilt', 'Bo', `Quilter${tag}`, `bo-${tag}@example.com`);
      // Found by address only: the name starts otherwise.
      await add('mail', 'Cy', `Young${tag}`, `quill${tag}@example.com`);
    });
    const users = (query: string, limit = 1) => listIds('/users', ben.token, query, limit);

    it('finds staff users by the start of the family name, case-insensitively', async () => {
      expect(sorted(await users(`q=QUIL`))).toEqual(sorted([people.quill, people.quilt, people.mail] as string[]));
    });

    it('lists those found by name first, then those found by address only, each once', async () => {
      expect(await users(`q=quill`)).toEqual([people.quill, people.mail]);
      expect(await users(`q=quillon${tag}`)).toEqual([people.quill]);
    });

    it('finds a staff user by the start of the e-mail address', async () => {
      expect(await users(`q=${encodeURIComponent(`bo-${tag}@exa`)}`)).toEqual([people.quilt]);
      expect(await users(`q=ADA.Q-${tag}`)).toEqual([people.quill]);
    });

    it('answers an empty page when no name or address starts so', async () => {
      expect(await users(`q=zz${tag}`, 5)).toEqual([]);
    });

    it('refuses a cursor from another list', async () => {
      const res = await api(`/users?q=quill&cursor=${Buffer.from('{"part":"other"}').toString('base64url')}`, {
        token: ben.token,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_CURSOR');
    });
  });
});
