import { beforeAll, describe, expect, it } from 'vitest';
import { daysFromNow } from '../support/dates';
import {
  api,
  listIds,
  type Member,
  member,
  newAccountWithAdmin,
  newEmail,
  send,
  type Tenant,
} from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * Assigning external users to jobs and incidents: with the item (`externalUsers` on create and
 * PATCH) and one at a time (`…/assignments`), inline creation, revocation with a reason,
 * reactivation, and who may do it.
 */
describe('assignments of external users', () => {
  let t: Tenant;
  let editor: Member;
  let viewer: Member;
  let outsider: Member;
  let controlEditor: Member;
  let restricted: string;

  const external = async (label: string) => {
    const res = await send('POST', '/external-users', t.token, {
      givenName: label,
      familyName: 'Contractor',
      email: newEmail(label),
    });
    if (res.status !== 201) throw new Error(`external user: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; email: string; version: number };
  };
  const newJob = (extra: object = {}) => ({
    title: 'Check barriers',
    dueAt: daysFromNow(180),
    location: { text: 'Gate C' },
    ownerIds: [editor.user.id],
    ...extra,
  });
  const job = async (token: string, extra: object = {}) => {
    const res = await send('POST', '/jobs', token, newJob(extra));
    if (res.status !== 201) throw new Error(`job: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const assignmentsOf = async (path: string, token = t.token) =>
    (await api(`${path}/assignments`, { token })).body.items;

  beforeAll(async () => {
    t = await newAccountWithAdmin('assignments');
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, { version, privacyStatuses: [{ name: 'Restricted' }] });
    restricted = settings.body.privacyStatuses[0].id;
    [editor, viewer, outsider, controlEditor] = await Promise.all([
      member(t, 'general', 'editor', { jobs: { access: true } }),
      member(t, 'general', 'viewer', { jobs: { access: true, edit: 'owned' } }),
      member(t, 'general', 'outsider'),
      member(t, 'general', 'control', { control: { access: true, incidentsAndLogs: true } }),
    ]);
  });

  it('assigns when a job is created: an existing external user by id, a new one by name and address, and an existing address reused', async () => {
    const [known, byAddress] = await Promise.all([external('Ana'), external('Ben')]);
    const fresh = newEmail('Cleo');
    const created = await job(editor.token, {
      externalUsers: [
        { id: known.id },
        { givenName: 'Cleo', familyName: 'New', email: fresh },
        { givenName: 'Benjamin', familyName: 'Other', email: byAddress.email.toUpperCase() },
      ],
    });
    expect(created.externalUsers).toHaveLength(3);
    expect(created.externalUsers).toEqual(expect.arrayContaining([known.id, byAddress.id]));
    const made = (await api(`/external-users?q=${encodeURIComponent(fresh)}`, { token: t.token })).body.items;
    expect(made).toEqual([expect.objectContaining({ givenName: 'Cleo', createdBy: editor.user.id })]);
    const assignments = await assignmentsOf(`/jobs/${created.id}`, editor.token);
    expect(assignments).toHaveLength(3);
    for (const a of assignments) expect(a).toMatchObject({ status: 'active', assignedBy: editor.user.id, version: 1 });
    expect((await api(`/jobs/${created.id}`, { token: editor.token })).body.externalUsers).toEqual(
      created.externalUsers,
    );
  });

  it('revokes those a PATCH leaves out, keeping who and when, and reactivates one added again, keeping when it was made', async () => {
    const [a, b] = await Promise.all([external('Dee'), external('Eve')]);
    const created = await job(editor.token, { externalUsers: [{ id: a.id }, { id: b.id }] });
    const fewer = await send('PATCH', `/jobs/${created.id}`, editor.token, {
      version: created.version,
      externalUsers: [{ id: a.id }],
    });
    expect(fewer.body.externalUsers).toEqual([a.id]);
    const revoked = (await assignmentsOf(`/jobs/${created.id}`)).find(
      (x: { externalUserId: string }) => x.externalUserId === b.id,
    );
    expect(revoked).toMatchObject({ status: 'revoked', revokedBy: editor.user.id, version: 2 });
    const again = await send('PATCH', `/jobs/${created.id}`, editor.token, {
      version: fewer.body.version,
      externalUsers: [{ id: a.id }, { id: b.id }],
    });
    expect(again.body.externalUsers).toEqual([a.id, b.id]);
    const back = (await assignmentsOf(`/jobs/${created.id}`)).find(
      (x: { externalUserId: string }) => x.externalUserId === b.id,
    );
    // Reactivated, it keeps when it was first made.
    expect(back).toMatchObject({ status: 'active', version: 3, createdAt: revoked.createdAt });
    expect(back).not.toHaveProperty('revokedAt');
  });

  it('adds one at a time and revokes with a reason; a second add answers 409 ALREADY_ASSIGNED and a second revoke 404', async () => {
    const person = await external('Fay');
    const created = await job(editor.token);
    const added = await send('POST', `/jobs/${created.id}/assignments`, editor.token, { id: person.id });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      itemType: 'job',
      itemId: created.id,
      externalUserId: person.id,
      status: 'active',
    });
    const twice = await send('POST', `/jobs/${created.id}/assignments`, editor.token, { id: person.id });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ALREADY_ASSIGNED');
    const revoked = await send('POST', `/jobs/${created.id}/assignments/${person.id}/revoke`, editor.token, {
      reason: 'Shift cancelled',
    });
    expect(revoked.body).toMatchObject({
      status: 'revoked',
      revokedReason: 'Shift cancelled',
      revokedBy: editor.user.id,
    });
    expect((await api(`/jobs/${created.id}`, { token: editor.token })).body.externalUsers).toEqual([]);
    const again = await send('POST', `/jobs/${created.id}/assignments/${person.id}/revoke`, editor.token, {});
    expect(again.status).toBe(404);
  });

  it('creates an external user inline when adding one by an address nobody has yet', async () => {
    const created = await job(editor.token);
    const email = newEmail('Gus');
    const added = await send('POST', `/jobs/${created.id}/assignments`, editor.token, {
      givenName: 'Gus',
      familyName: 'Guard',
      email,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ givenName: 'Gus', email: email.toLowerCase(), status: 'active' });
  });

  it('refuses an unknown, disabled or expired external user (400 naming the entry) and changes nothing', async () => {
    const [disabled, expired] = await Promise.all([external('Hal'), external('Ida')]);
    await send('POST', `/external-users/${disabled.id}/disable`, t.token, { version: 1 });
    await send('PATCH', `/external-users/${expired.id}`, t.token, {
      version: 1,
      autoDisableAt: '2020-01-01T00:00:00Z',
    });
    const res = await send('POST', '/jobs', editor.token, {
      ...newJob(),
      externalUsers: [{ id: 'no-such-person' }, { id: disabled.id }, { id: expired.id }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: 'body.externalUsers.0', code: 'unknown_external_user' }),
      expect.objectContaining({ path: 'body.externalUsers.1', code: 'external_user_without_access' }),
      expect.objectContaining({ path: 'body.externalUsers.2', code: 'external_user_without_access' }),
    ]);
  });

  it('answers 400 naming the field for more than 20 external users or a malformed entry', async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ id: `person-${i}` }));
    const tooMany = await send('POST', '/jobs', editor.token, { ...newJob(), externalUsers: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.map((d: { path: string }) => d.path)).toContain('body.externalUsers');
    const malformed = await send('POST', '/jobs', editor.token, { ...newJob(), externalUsers: [{ email: 'x' }] });
    expect(malformed.status).toBe(400);
  });

  it('needs edit access to the item: a viewer gets 403, a user without Jobs access 404, and nothing is assigned', async () => {
    const person = await external('Jay');
    const created = await job(t.token, { ownerIds: [editor.user.id] });
    const byViewer = await send('POST', `/jobs/${created.id}/assignments`, viewer.token, { id: person.id });
    expect(byViewer.status).toBe(403);
    const byOutsider = await send('POST', `/jobs/${created.id}/assignments`, outsider.token, { id: person.id });
    expect(byOutsider.status).toBe(404);
    expect((await api(`/jobs/${created.id}/assignments`, { token: outsider.token })).status).toBe(404);
    expect(await assignmentsOf(`/jobs/${created.id}`)).toEqual([]);
  });

  it("assigns a new job its category's default external users, leaving out those without access, unless the job names its own", async () => {
    const [regular, gone, own] = await Promise.all([external('Mia'), external('Nat'), external('Oz')]);
    const category = await send('POST', '/job-categories', t.token, {
      name: `Stewards ${Date.now()}`,
      defaultExternalUserIds: [regular.id, gone.id],
    });
    expect(category.status).toBe(201);
    await send('POST', `/external-users/${gone.id}/disable`, t.token, { version: 1 });
    const fromTemplate = await job(editor.token, { categoryId: category.body.id });
    expect(fromTemplate.externalUsers).toEqual([regular.id]);
    const chosen = await job(editor.token, { categoryId: category.body.id, externalUsers: [{ id: own.id }] });
    expect(chosen.externalUsers).toEqual([own.id]);
  });

  it('refuses a job category whose default external users do not exist (400 naming the entry)', async () => {
    const res = await send('POST', '/job-categories', t.token, {
      name: `Ghosts ${Date.now()}`,
      defaultExternalUserIds: ['no-such-person'],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: 'body.defaultExternalUserIds.0', code: 'unknown_external_user' }),
    ]);
  });

  it('filters job lists by an external user assigned now, within what the caller sees', async () => {
    const person = await external('Pia');
    const seeOwned = await member(t, 'general', 'seeowned', { jobs: { access: true, edit: 'owned', see: 'owned' } });
    const mine = await job(t.token, { ownerIds: [seeOwned.user.id], externalUsers: [{ id: person.id }] });
    const theirs = await job(t.token, { externalUsers: [{ id: person.id }] });
    const revoked = await job(t.token, { externalUsers: [{ id: person.id }] });
    await send('POST', `/jobs/${revoked.id}/assignments/${person.id}/revoke`, t.token, {});
    await job(t.token);
    expect((await listIds('/jobs', t.token, `externalUserId=${person.id}`)).sort()).toEqual(
      [mine.id, theirs.id].sort(),
    );
    // A caller who sees just their own items reads the (owner, external user) rows, which the
    // stream consumer keeps (WRK-8): listed once it has handled the writes.
    await drainStreams();
    expect(await listIds('/jobs', seeOwned.token, `externalUserId=${person.id}`)).toEqual([mine.id]);
    expect(await listIds('/jobs', t.token, `externalUserId=${person.id}&privacyStatusId=${restricted}`)).toEqual([]);
  });

  it('answers 400 naming externalUserId when it is combined with ownerId or departmentId', async () => {
    const res = await api(`/jobs?externalUserId=someone&ownerId=${editor.user.id}`, { token: t.token });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: 'query.externalUserId', code: 'unsupported_filter_combination' }),
    ]);
  });

  it("refuses another account's external user as unknown (400), never assigning across tenants", async () => {
    const elsewhere = await newAccountWithAdmin('assignments-other');
    const theirs = await send('POST', '/external-users', elsewhere.token, {
      givenName: 'Quinn',
      familyName: 'Elsewhere',
      email: newEmail('quinn'),
    });
    const res = await send('POST', '/jobs', editor.token, { ...newJob(), externalUsers: [{ id: theirs.body.id }] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: 'body.externalUsers.0', code: 'unknown_external_user' }),
    ]);
  });

  it('lets only one of two simultaneous additions to the same job win; the other answers 409 and nothing is lost', async () => {
    const [first, second] = await Promise.all([external('Rae'), external('Sol')]);
    const created = await job(editor.token);
    const answers = await Promise.all([
      send('POST', `/jobs/${created.id}/assignments`, editor.token, { id: first.id }),
      send('POST', `/jobs/${created.id}/assignments`, editor.token, { id: second.id }),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    const stored = (await api(`/jobs/${created.id}`, { token: editor.token })).body.externalUsers;
    const active = (await assignmentsOf(`/jobs/${created.id}`)).filter(
      (a: { status: string }) => a.status === 'active',
    );
    // Either both landed one after the other, or one was refused: the job and its records agree.
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(stored).toHaveLength(statuses.filter((status) => status === 201).length);
    expect(active.map((a: { externalUserId: string }) => a.externalUserId).sort()).toEqual([...stored].sort());
  });

  it('assigns to incidents the same way', async () => {
    const person = await external('Kai');
    const res = await send('POST', '/incidents', controlEditor.token, {
      title: 'Crowd surge',
      severity: 'high',
      raisedAt: '2026-11-20T21:00:00Z',
      location: { text: 'Pit' },
      ownerIds: [controlEditor.user.id],
      externalUsers: [{ id: person.id }],
    });
    expect(res.status).toBe(201);
    expect(res.body.externalUsers).toEqual([person.id]);
    expect(await assignmentsOf(`/incidents/${res.body.id}`, controlEditor.token)).toEqual([
      expect.objectContaining({ itemType: 'incident', externalUserId: person.id, status: 'active' }),
    ]);
    const revoked = await send(
      'POST',
      `/incidents/${res.body.id}/assignments/${person.id}/revoke`,
      controlEditor.token,
      {},
    );
    expect(revoked.body.status).toBe('revoked');
  });

  it("lists an external user's assignments across jobs and incidents, leaving out items the caller may not see", async () => {
    const person = await external('Lou');
    const open = await job(t.token, { externalUsers: [{ id: person.id }] });
    const secret = await job(t.token, { privacyStatusId: restricted, externalUsers: [{ id: person.id }] });
    const incident = await send('POST', '/incidents', t.token, {
      title: 'Spill',
      severity: 'low',
      raisedAt: '2026-11-20T21:00:00Z',
      location: { text: 'Bar' },
      ownerIds: [controlEditor.user.id],
      externalUsers: [{ id: person.id }],
    });
    const ids = async (token: string) =>
      (await api(`/external-users/${person.id}/assignments`, { token })).body.items
        .map((a: { itemId: string }) => a.itemId)
        .sort();
    expect(await ids(t.token)).toEqual([open.id, secret.id, incident.body.id].sort());
    expect(await ids(editor.token)).toEqual([open.id]);
    expect(await ids(controlEditor.token)).toEqual([incident.body.id]);
  });

  it("pages an external user's 230 assignments in full pages, filling each from further reads when items are hidden", async () => {
    const person = await external('Many');
    const incident = (n: number) =>
      send('POST', '/incidents', t.token, {
        title: `Spill ${n}`,
        severity: 'low',
        raisedAt: '2026-11-20T21:00:00Z',
        location: { text: 'Bar' },
        ownerIds: [controlEditor.user.id],
        externalUsers: [{ id: person.id }],
      }).then((res) => res.body.id as string);
    // Incidents sort first: a caller who sees only jobs must still get full pages of jobs.
    const made: { incidents: string[]; jobs: string[]; hidden: string[] } = { incidents: [], jobs: [], hidden: [] };
    for (let n = 0; n < 130; n += 10) {
      made.incidents.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => incident(n + i)))));
    }
    for (let n = 0; n < 100; n += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          job(t.token, {
            title: `Barrier ${n + i}`,
            externalUsers: [{ id: person.id }],
            ...((n + i) % 10 === 0 ? { privacyStatusId: restricted } : {}),
          }),
        ),
      );
      for (const j of batch) (j.privacyStatusId ? made.hidden : made.jobs).push(j.id);
    }
    const walk = async (token: string, limit: number) => {
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const res = await api(
          `/external-users/${person.id}/assignments?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          { token },
        );
        expect(res.status).toBe(200);
        pages.push(res.body.items.map((a: { itemId: string }) => a.itemId));
        cursor = res.body.cursor;
      } while (cursor && pages.length < 20);
      return pages;
    };
    const all = await walk(t.token, 100);
    expect(all.map((page) => page.length)).toEqual([100, 100, 30]);
    expect(all.flat().sort()).toEqual([...made.incidents, ...made.jobs, ...made.hidden].sort());
    const jobsOnly = await walk(editor.token, 40);
    expect(jobsOnly.map((page) => page.length)).toEqual([40, 40, 10]);
    expect(jobsOnly.flat().sort()).toEqual([...made.jobs].sort());
    const tampered = await api(`/external-users/${person.id}/assignments?cursor=not-a-cursor`, { token: t.token });
    expect(tampered.status).toBe(400);
  }, 120_000);
});
