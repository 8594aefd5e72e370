import { beforeAll, describe, expect, it } from 'vitest';
import { api, listIds, type Member, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

const control = (extra: object = {}) => ({ control: { access: true, incidentsAndLogs: true, ...extra } });
const sorted = (ids: string[]) => [...ids].sort();

/**
 * The list filters through the HTTP API: owner, department, privacy status (`none` included),
 * confidential, and their combinations, for callers who see everything and callers who see just
 * their own items plus a privacy grant.
 */
describe('work item list filters', () => {
  let t: Tenant;
  let security: string;
  let catering: string;
  let restricted: string;
  let secret: string;
  let ann: Member;
  let ben: Member;
  const incidents: Record<string, string> = {};

  const raise = async (label: string, ownerIds: string[], extra: object = {}) => {
    const res = await send('POST', '/incidents', t.token, {
      title: label,
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
    t = await newAccountWithAdmin('filters');
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, {
      version,
      departments: [{ name: 'Security' }, { name: 'Catering' }],
      privacyStatuses: [{ name: 'Restricted' }, { name: 'Secret' }],
    });
    [security, catering] = settings.body.departments.map((d: { id: string }) => d.id);
    [restricted, secret] = settings.body.privacyStatuses.map((p: { id: string }) => p.id);
    [ann, ben] = await Promise.all([
      // Ann sees just her own incidents, and those with the Restricted status.
      member(t, 'general', 'ann', control({ edit: 'owned', see: 'owned', confidential: [restricted] })),
      member(t, 'general', 'ben', control()),
    ]);
    const [a, b] = [ann.user.id, ben.user.id];
    await raise('ann-security', [a], { departmentId: security });
    await raise('ann-catering', [a], { departmentId: catering });
    await raise('ben-security', [b], { departmentId: security });
    await raise('shared-security', [a, b], { departmentId: security });
    await raise('ben-restricted', [b], { departmentId: security, privacyStatusId: restricted });
    await raise('ben-secret', [b], { privacyStatusId: secret });
    // A just-owned caller's list by another owner reads the (owner, co-owner) rows the stream
    // consumer keeps (WRK-8).
    await drainStreams();
  });

  const ids = (...labels: string[]) => sorted(labels.map((l) => incidents[l] ?? l));
  const list = async (token: string, query: string) => sorted(await listIds('/incidents', token, query, 2));

  it('filters by owner, department and privacy status for a caller who sees everything', async () => {
    expect(await list(t.token, `ownerId=${ben.user.id}`)).toEqual(
      ids('ben-security', 'shared-security', 'ben-restricted', 'ben-secret'),
    );
    expect(await list(t.token, `departmentId=${security}`)).toEqual(
      ids('ann-security', 'ben-security', 'shared-security', 'ben-restricted'),
    );
    expect(await list(t.token, 'privacyStatusId=none')).toEqual(
      ids('ann-security', 'ann-catering', 'ben-security', 'shared-security'),
    );
    expect(await list(t.token, `privacyStatusId=${secret}`)).toEqual(ids('ben-secret'));
    expect(await list(t.token, `ownerId=${ben.user.id}&departmentId=${security}&privacyStatusId=none`)).toEqual(
      ids('ben-security', 'shared-security'),
    );
  });

  it('filters within what a just-owned caller sees: their own items and their granted privacy status', async () => {
    expect(await list(ann.token, '')).toEqual(ids('ann-security', 'ann-catering', 'shared-security', 'ben-restricted'));
    expect(await list(ann.token, `departmentId=${security}`)).toEqual(
      ids('ann-security', 'shared-security', 'ben-restricted'),
    );
    // Filtering by another owner finds the items both own, and the other's granted confidential ones.
    expect(await list(ann.token, `ownerId=${ben.user.id}`)).toEqual(ids('shared-security', 'ben-restricted'));
    expect(await list(ann.token, `ownerId=${ben.user.id}&privacyStatusId=none`)).toEqual(ids('shared-security'));
  });

  it('answers an empty list for a privacy status the caller is not granted, never its items', async () => {
    expect(await list(ann.token, `privacyStatusId=${secret}`)).toEqual([]);
    expect(await list(ann.token, `ownerId=${ben.user.id}&privacyStatusId=${secret}`)).toEqual([]);
  });

  it('filters risks and projects by the confidential flag', async () => {
    const risk = await send('POST', '/risks', t.token, { title: 'Crowd', kind: 'risk', ownerIds: [ben.user.id] });
    const hidden = await send('POST', '/risks', t.token, {
      title: 'Threat',
      kind: 'risk',
      ownerIds: [ben.user.id],
      confidential: true,
    });
    expect(await listIds('/risks', t.token, `ownerId=${ben.user.id}&confidential=true`)).toEqual([hidden.body.id]);
    expect(await listIds('/risks', t.token, `ownerId=${ben.user.id}&confidential=false`)).toEqual([risk.body.id]);
    // Ben has no Risk access: a filter does not open the module.
    expect(await listIds('/risks', ben.token, 'confidential=false')).toEqual([]);
  });

  it.each([
    ['a filter the list does not have', '/risks?privacyStatusId=none', 'query'],
    ['an owner id that could break out of its key', '/incidents?ownerId=a%23b', 'query.ownerId'],
    ['a department id with control characters', '/jobs?departmentId=a%0Ab', 'query.departmentId'],
    ['a confidential value that is not true or false', '/projects?confidential=yes', 'query.confidential'],
  ])('answers 400 naming the query field for %s', async (_, path, field) => {
    const res = await api(path, { token: t.token });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it('refuses a cursor of the unfiltered list on a filtered one (400 INVALID_CURSOR)', async () => {
    const first = await api('/incidents?limit=1', { token: t.token });
    expect(first.body.cursor).toBeDefined();
    const res = await api(`/incidents?limit=1&departmentId=${security}&cursor=${first.body.cursor}`, {
      token: t.token,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });
});
