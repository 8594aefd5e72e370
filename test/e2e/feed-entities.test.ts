import { randomUUID } from 'node:crypto';
import { OData } from '@odata/client';
import { parse as parseEdmx } from '@sap-ux/edmx-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { daysFromNow } from '../support/dates';
import { linksTo, portal, portalSignIn } from '../support/portal-session';
import {
  api,
  apiUrl,
  type Member,
  member,
  newAccountWithAdmin,
  newEmail,
  send,
  type Tenant,
} from '../support/staff-session';
import { drainStreams } from '../support/streams';

type Row = Record<string, unknown>;

/**
 * The Power BI feed's external-user entity sets through the local stack (issue 19): ExternalUsers,
 * Assignments, ChecklistAnswers and AuditEvents read to the end by @odata/client following
 * `@odata.nextLink`, with $select, $top, $count and $filter on modifiedAt; deleted jobs as
 * `isDeleted` rows; nothing of a confidential job (its assignments, answers or activity) for a key
 * whose maker lacks the grant; revoked keys and other accounts' keys refused or shown nothing.
 */
describe('the Power BI feed: external users, assignments, answers, activity, deletions', () => {
  let t: Tenant;
  let other: Tenant;
  let admin: Member;
  let secret: string;
  let ownerKey: string;
  let adminKey: string;
  let otherKey: string;
  let ext: { id: string; email: string };
  let ext2: { id: string; email: string };
  let openJob: { id: string };
  let secretJob: { id: string };

  const newKey = async (token: string, name: string) => {
    const res = await send('POST', '/feed-keys', token, { name });
    if (res.status !== 201) throw new Error(`feed key: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; key: string };
  };
  const feed = (path: string, key: string) => fetch(`${apiUrl()}/odata${path}`, { headers: { 'x-api-key': key } });
  const feedJson = async (path: string, key: string) => {
    const res = await feed(path, key);
    // biome-ignore lint/suspicious/noExplicitAny: an OData answer, read field by field in each test.
    return { status: res.status, body: (await res.json()) as any };
  };

  /** Every row of an entity set, read by @odata/client: the first page, then each nextLink to the end. */
  const readAll = async (key: string, set: string, params?: (p: ReturnType<OData['newParam']>) => void) => {
    const client = OData.New4({ serviceEndpoint: `${apiUrl()}/odata/`, commonHeaders: { 'x-api-key': key } });
    const param = client.newParam();
    params?.(param);
    const rows: Row[] = [];
    let page = (await client.newRequest({ collection: set, params: param })) as unknown as {
      value: Row[];
      '@odata.nextLink'?: string;
      error?: unknown;
    };
    for (let pages = 0; pages < 100; pages++) {
      if (page.error) throw new Error(JSON.stringify(page.error));
      rows.push(...page.value);
      const next = page['@odata.nextLink'];
      if (!next) return { rows, pages: pages + 1 };
      const url = new URL(next);
      expect(url.pathname).toBe(`/odata/${set}`);
      const following = client.newParam();
      for (const [name, value] of url.searchParams) following.custom(name, value);
      page = (await client.newRequest({ collection: set, params: following })) as unknown as typeof page;
    }
    throw new Error('the feed did not end within 100 pages');
  };

  const newJob = async (title: string, extra: object) => {
    const res = await send('POST', '/jobs', t.token, {
      title,
      dueAt: daysFromNow(30),
      location: { text: 'Yard' },
      ownerIds: [t.admin.id],
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const checklistOf = async (jobId: string) => {
    const res = await send('POST', `/jobs/${jobId}/checklists`, t.token, {
      title: 'Safety',
      sections: [{ title: 'S', items: [{ label: 'Vest on?', response: { type: 'yes_no_na' } }] }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; sections: { items: { id: string }[] }[] };
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('feedx'), newAccountWithAdmin('feedx-other')]);
    const { version } = (await api('/account', { token: t.token })).body;
    secret = (await send('PATCH', '/account', t.token, { version, privacyStatuses: [{ name: 'Secret' }] })).body
      .privacyStatuses[0].id;
    admin = await member(t, 'admin', 'feedx-admin');
    const newExternal = async (name: string) =>
      (await send('POST', '/external-users', t.token, { givenName: name, familyName: 'X', email: newEmail(name) }))
        .body;
    [ext, ext2] = [await newExternal('ela'), await newExternal('fin')];
    openJob = await newJob('Open job', { externalUsers: [{ id: ext.id }, { id: ext2.id }] });
    secretJob = await newJob('Secret job', { externalUsers: [{ id: ext.id }], privacyStatusId: secret });
    const [openList, secretList] = [await checklistOf(openJob.id), await checklistOf(secretJob.id)];
    await drainStreams();
    const [link] = await linksTo(ext.email);
    const { idToken } = await portalSignIn(link as string, ext.email);
    for (const [job, list, value] of [
      [openJob, openList, 'yes'],
      [secretJob, secretList, 'no'],
    ] as const) {
      const path = `/portal/jobs/${job.id}/checklists/${list.id}/items/${list.sections[0]?.items[0]?.id}/answer`;
      const res = await portal('PUT', path, idToken, { value, version: 0, requestId: randomUUID() });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    await drainStreams();
    // The key of the Account Admin sees every job; an Admin's no confidential one.
    ownerKey = (await newKey(t.token, 'Owner BI')).key;
    adminKey = (await newKey(admin.token, 'Admin BI')).key;
    otherKey = (await newKey(other.token, 'Other BI')).key;
  });

  it('declares every entity set in $metadata, with foreign keys and navigation to jobs, incidents and external users', async () => {
    const res = await feed('/$metadata', ownerKey);
    expect(res.status).toBe(200);
    const metadata = parseEdmx(await res.text()) as unknown as {
      schema: {
        entitySets: { name: string; navigationPropertyBinding: Record<string, { name: string }> }[];
        entityTypes: { name: string; navigationProperties: { name: string }[]; keys: { name: string }[] }[];
      };
    };
    expect(metadata.schema.entitySets.map((s) => s.name).sort()).toEqual([
      'Assignments',
      'AuditEvents',
      'ChecklistAnswers',
      'ExternalUsers',
      'Incidents',
      'Jobs',
    ]);
    const assignment = metadata.schema.entityTypes.find((e) => e.name === 'Assignment');
    expect(assignment?.keys.map((k) => k.name)).toEqual(['id']);
    expect(assignment?.navigationProperties.map((n) => n.name).sort()).toEqual(['externalUser', 'incident', 'job']);
  });

  describe('ExternalUsers', () => {
    it('lists the account’s external users page by page, with $select, $count and status', async () => {
      const { rows } = await readAll(ownerKey, 'ExternalUsers', (p) => p.top(1));
      expect(rows).toHaveLength(1);
      const all = await readAll(ownerKey, 'ExternalUsers');
      expect(all.rows.map((r) => r.id).sort()).toEqual([ext.id, ext2.id].sort());
      expect(all.rows.find((r) => r.id === ext.id)).toMatchObject({ email: ext.email, status: 'active' });
      const { status, body } = await feedJson(
        "/ExternalUsers?$select=id,email&$count=true&$filter=status eq 'active'",
        ownerKey,
      );
      expect(status).toBe(200);
      expect(body['@odata.count']).toBe(2);
      for (const row of body.value) expect(Object.keys(row).sort()).toEqual(['email', 'id']);
      expect((await readAll(otherKey, 'ExternalUsers')).rows).toEqual([]);
    });

    it('serves an incremental refresh of ExternalUsers by modification time: a user made and disabled after the mark, nothing older', async () => {
      const mark = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const made = await send('POST', '/external-users', t.token, {
        givenName: 'Gus',
        familyName: 'Later',
        email: newEmail('gus'),
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const disabled = await send('POST', `/external-users/${made.body.id}/disable`, t.token, {
        version: made.body.version,
      });
      expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
      const since = await readAll(ownerKey, 'ExternalUsers', (p) => p.filter(`modifiedAt ge ${mark}`));
      expect(since.rows.map((r) => [r.id, r.status, r.modifiedAt])).toEqual([
        [made.body.id, 'disabled', new Date(disabled.body.updatedAt).toISOString()],
      ]);
      const before = await readAll(ownerKey, 'ExternalUsers', (p) => p.filter(`modifiedAt lt ${mark}`));
      expect(before.rows.map((r) => r.id).sort()).toEqual([ext.id, ext2.id].sort());
      const { body } = await feedJson(
        `/ExternalUsers?$count=true&$filter=modifiedAt ge ${mark} and status eq 'active'`,
        ownerKey,
      );
      expect(body).toMatchObject({ value: [], '@odata.count': 0 });
      expect((await readAll(otherKey, 'ExternalUsers', (p) => p.filter(`modifiedAt ge ${mark}`))).rows).toEqual([]);
    });
  });

  describe('Assignments', () => {
    it('shows each assignment with its e-mail status and link state, and none of a confidential job without the grant', async () => {
      const owners = (await readAll(ownerKey, 'Assignments')).rows;
      expect(owners.map((r) => `${r.jobId}/${r.externalUserId}`).sort()).toEqual(
        [`${openJob.id}/${ext.id}`, `${openJob.id}/${ext2.id}`, `${secretJob.id}/${ext.id}`].sort(),
      );
      for (const row of owners) {
        expect(row).toMatchObject({ itemType: 'job', incidentId: null, status: 'active', emailStatus: 'sent' });
        expect(row.linkState).toBe('open');
      }
      const admins = (await readAll(adminKey, 'Assignments')).rows;
      expect(admins.map((r) => r.jobId)).toEqual([openJob.id, openJob.id]);
      expect(JSON.stringify(admins)).not.toContain(secretJob.id);
      expect((await readAll(otherKey, 'Assignments')).rows).toEqual([]);
    });

    it('tells an incremental refresh of a revoked assignment (status and link state revoked), by modifiedAt', async () => {
      const mark = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const revoked = await send('POST', `/jobs/${openJob.id}/assignments/${ext2.id}/revoke`, t.token, {
        reason: 'Shift over',
      });
      expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
      // The feed's log of assignments follows the stream (FEED-12).
      await drainStreams();
      const later = await readAll(ownerKey, 'Assignments', (p) => p.filter(`modifiedAt ge ${mark}`));
      expect(later.rows).toHaveLength(1);
      expect(later.rows[0]).toMatchObject({ externalUserId: ext2.id, status: 'revoked', linkState: 'revoked' });
      const active = await readAll(ownerKey, 'Assignments', (p) => p.filter("status eq 'active'"));
      expect(active.rows.map((r) => r.externalUserId)).not.toContain(ext2.id);
      const { body } = await feedJson('/Assignments?$count=true&$top=1&$select=id,status', ownerKey);
      expect(body['@odata.count']).toBe(3);
      expect(body.value).toHaveLength(1);
      expect(Object.keys(body.value[0]).sort()).toEqual(['id', 'status']);
    });
  });

  describe('ChecklistAnswers', () => {
    it('shows each answer with who answered and when, and never one on a confidential job without the grant', async () => {
      const owners = (await readAll(ownerKey, 'ChecklistAnswers')).rows;
      expect(owners.map((r) => `${r.jobId}:${r.value}`).sort()).toEqual(
        [`${openJob.id}:yes`, `${secretJob.id}:no`].sort(),
      );
      for (const row of owners) {
        expect(row).toMatchObject({ answeredByKind: 'external', answeredById: ext.id, externalUserId: ext.id });
        expect(Date.parse(row.answeredAt as string)).toBeGreaterThan(0);
        expect(row.modifiedAt).toBe(row.answeredAt);
      }
      const admins = (await readAll(adminKey, 'ChecklistAnswers')).rows;
      expect(admins.map((r) => r.jobId)).toEqual([openJob.id]);
      const future = await readAll(ownerKey, 'ChecklistAnswers', (p) => p.filter(`modifiedAt ge ${daysFromNow(1)}`));
      expect(future.rows).toEqual([]);
      const { body } = await feedJson('/ChecklistAnswers?$count=true', adminKey);
      expect(body['@odata.count']).toBe(1);
    });
  });

  describe('AuditEvents', () => {
    it('shows the external activity the maker may see: nothing about a confidential job without the grant', async () => {
      const owners = (await readAll(ownerKey, 'AuditEvents')).rows;
      const onSecret = owners.filter((r) => r.jobId === secretJob.id);
      expect(onSecret.map((r) => r.action)).toContain('answer_saved');
      expect(owners.filter((r) => r.jobId === openJob.id).map((r) => r.action)).toContain('assigned');
      for (const row of owners) expect(row.modifiedAt).toBe(row.at);
      const admins = (await readAll(adminKey, 'AuditEvents')).rows;
      expect(admins.length).toBeGreaterThan(0);
      expect(JSON.stringify(admins)).not.toContain(secretJob.id);
      const from = owners.map((r) => r.at as string).sort()[0] as string;
      const later = await readAll(ownerKey, 'AuditEvents', (p) => p.filter(`modifiedAt gt ${from}`));
      expect(later.rows.length).toBeLessThan(owners.length);
      expect(later.rows.every((r) => (r.at as string) > from)).toBe(true);
      expect((await readAll(otherKey, 'AuditEvents')).rows.filter((r) => r.jobId !== null)).toEqual([]);
    });
  });

  describe('one external user', () => {
    it('shows their Assignments, with status eq too, and never one on a confidential job without the grant', async () => {
      const mine = (key: string, extra = '') =>
        readAll(key, 'Assignments', (p) => p.filter(`externalUserId eq '${ext.id}'${extra}`));
      const owners = (await mine(ownerKey)).rows;
      expect(owners.map((r) => r.jobId).sort()).toEqual([openJob.id, secretJob.id].sort());
      for (const row of owners) {
        expect(row).toMatchObject({ externalUserId: ext.id, email: ext.email, status: 'active', linkState: 'open' });
      }
      // The same rows as the unfiltered set's of that user.
      const all = (await readAll(ownerKey, 'Assignments')).rows.filter((r) => r.externalUserId === ext.id);
      expect(owners.sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual(
        all.sort((a, b) => String(a.id).localeCompare(String(b.id))),
      );
      const admins = (await mine(adminKey)).rows;
      expect(admins.map((r) => r.jobId)).toEqual([openJob.id]);
      expect(JSON.stringify(admins)).not.toContain(secretJob.id);
      expect((await mine(ownerKey, " and status eq 'revoked'")).rows).toEqual([]);
      expect((await mine(otherKey)).rows).toEqual([]);
      const { status, body } = await feedJson(
        `/Assignments?$count=true&$filter=${encodeURIComponent("externalUserId eq 'nobody'")}`,
        ownerKey,
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({ value: [], '@odata.count': 0 });
    });

    it('shows only that user’s activity, with a modifiedAt range too, and never an entry on a confidential job without the grant', async () => {
      const mine = (key: string, extra = '') =>
        readAll(key, 'AuditEvents', (p) => p.filter(`externalUserId eq '${ext.id}'${extra}`));
      const owners = (await mine(ownerKey)).rows;
      expect(owners.length).toBeGreaterThan(0);
      for (const row of owners) expect(row.externalUserId).toBe(ext.id);
      expect(owners.filter((r) => r.jobId === secretJob.id).map((r) => r.action)).toContain('answer_saved');
      // Exactly the user's entries of the unfiltered set.
      const all = (await readAll(ownerKey, 'AuditEvents')).rows;
      expect(owners.map((r) => r.id).sort()).toEqual(
        all
          .filter((r) => r.externalUserId === ext.id)
          .map((r) => r.id)
          .sort(),
      );
      expect(all.some((r) => r.externalUserId === ext2.id)).toBe(true);

      // The Admin's key: ext is on the confidential job, the Admin may not see it: none of its entries.
      const admins = (await mine(adminKey)).rows;
      expect(admins.filter((r) => r.jobId === openJob.id).length).toBeGreaterThan(0);
      expect(JSON.stringify(admins)).not.toContain(secretJob.id);

      const from = owners.map((r) => r.at as string).sort()[0] as string;
      const later = (await mine(ownerKey, ` and modifiedAt gt ${from}`)).rows;
      expect(later.length).toBeLessThan(owners.length);
      expect(later.every((r) => (r.at as string) > from && r.externalUserId === ext.id)).toBe(true);

      // Another account's key names this account's user: nothing.
      expect((await mine(otherKey)).rows).toEqual([]);
      const { status, body } = await feedJson(
        `/AuditEvents?$count=true&$filter=${encodeURIComponent("externalUserId eq 'nobody'")}`,
        ownerKey,
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({ value: [], '@odata.count': 0 });
    });

    it('shows their Jobs, Assignments and ChecklistAnswers in a modifiedAt range, and their ExternalUsers row, never a confidential job’s without the grant', async () => {
      const mine = (key: string, set: string, extra = '') =>
        readAll(key, set, (p) =>
          p.filter(`externalUserId eq '${ext.id}' and modifiedAt ge 2000-01-01T00:00:00Z${extra}`),
        );
      const jobIds = (rows: Row[], column = 'jobId') => new Set(rows.map((r) => r[column]));
      // The log follows the stream: what the consumer has handled.
      await drainStreams();
      // Jobs: the user's rows by modification time, each the item as it was changed.
      const ownersJobs = (await mine(ownerKey, 'Jobs')).rows;
      for (const id of [openJob.id, secretJob.id]) expect(jobIds(ownersJobs, 'id').has(id), id).toBe(true);
      const latest = ownersJobs.filter((r) => r.id === openJob.id).at(-1);
      const current = (await readAll(ownerKey, 'Jobs')).rows.find((r) => r.id === openJob.id);
      expect(latest).toEqual(current);
      const adminsJobs = (await mine(adminKey, 'Jobs')).rows;
      expect(jobIds(adminsJobs, 'id').has(openJob.id)).toBe(true);
      expect(JSON.stringify(adminsJobs)).not.toContain(secretJob.id);
      // Assignments: theirs in the range, with the link state.
      const ownersAssignments = (await mine(ownerKey, 'Assignments')).rows;
      for (const id of [openJob.id, secretJob.id]) expect(jobIds(ownersAssignments).has(id), id).toBe(true);
      for (const row of ownersAssignments) expect(row.externalUserId).toBe(ext.id);
      expect(JSON.stringify((await mine(adminKey, 'Assignments')).rows)).not.toContain(secretJob.id);
      // ChecklistAnswers: those the user gave (on the confidential job among them), alone or in the range.
      const answers = (await readAll(ownerKey, 'ChecklistAnswers', (p) => p.filter(`externalUserId eq '${ext.id}'`)))
        .rows;
      expect(jobIds(answers).has(secretJob.id)).toBe(true);
      for (const row of answers) expect(row).toMatchObject({ externalUserId: ext.id, answeredByKind: 'external' });
      expect((await mine(ownerKey, 'ChecklistAnswers')).rows).toEqual(answers);
      expect(JSON.stringify((await mine(adminKey, 'ChecklistAnswers')).rows)).not.toContain(secretJob.id);
      // ExternalUsers: the one row, in the range; another account's key names no user of this one.
      const users = (await mine(adminKey, 'ExternalUsers')).rows;
      expect(users.map((r) => r.id)).toEqual([ext.id]);
      for (const set of ['Jobs', 'Assignments', 'ChecklistAnswers', 'ExternalUsers'])
        expect((await mine(otherKey, set)).rows, set).toEqual([]);
    });

    it('shows their Jobs, current and archived, with status eq too, and never a confidential one without the grant', async () => {
      const mine = (key: string, extra = '') =>
        readAll(key, 'Jobs', (p) => p.filter(`externalUserId eq '${ext.id}'${extra}`));
      const archivedJob = await newJob('Archived with ela', { externalUsers: [{ id: ext.id }] });
      const archived = await send('POST', `/jobs/${archivedJob.id}/archive`, t.token, {
        version: archivedJob.version,
      });
      expect(archived.status, JSON.stringify(archived.body)).toBe(200);
      const owners = (await mine(ownerKey)).rows;
      expect(owners.map((r) => r.id).sort()).toEqual([openJob.id, secretJob.id, archivedJob.id].sort());
      expect(owners.find((r) => r.id === archivedJob.id)).toMatchObject({ archived: true, isDeleted: false });
      for (const row of owners) expect(row.externalUserIds).toContain(ext.id);
      // The same rows as the unfiltered set's (apart from order).
      const all = (await readAll(ownerKey, 'Jobs')).rows.filter((r) =>
        (r.externalUserIds as string[]).includes(ext.id),
      );
      const byId = (rows: Row[]) => [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));
      expect(byId(owners)).toEqual(byId(all));
      // The Admin's key: never the confidential job.
      const admins = (await mine(adminKey)).rows;
      expect(admins.map((r) => r.id).sort()).toEqual([openJob.id, archivedJob.id].sort());
      expect(JSON.stringify(admins)).not.toContain(secretJob.id);
      const open = (await mine(ownerKey, " and status eq 'open'")).rows;
      expect(open.every((r) => r.status === 'open')).toBe(true);
      expect((await mine(ownerKey, " and status eq 'nope'")).rows).toEqual([]);
      expect((await mine(otherKey)).rows).toEqual([]);
      const { status, body } = await feedJson(
        `/Incidents?$count=true&$filter=${encodeURIComponent(`externalUserId eq '${ext.id}'`)}`,
        ownerKey,
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({ value: [], '@odata.count': 0 });
      const counted = await feedJson(
        `/Jobs?$count=true&$top=1&$filter=${encodeURIComponent(`externalUserId eq '${ext.id}'`)}`,
        adminKey,
      );
      expect(counted.body['@odata.count']).toBe(2);
      expect(counted.body.value).toHaveLength(1);
    });
  });

  describe('deletions', () => {
    it('shows a deleted job as an isDeleted row to an incremental refresh, and a confidential one only with the grant', async () => {
      const mark = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const [gone, goneSecret] = [await newJob('Gone', {}), await newJob('Gone secret', { privacyStatusId: secret })];
      for (const job of [gone, goneSecret]) {
        expect((await send('DELETE', `/jobs/${job.id}`, t.token)).status).toBe(204);
      }
      const owners = await readAll(ownerKey, 'Jobs', (p) => p.filter(`modifiedAt ge ${mark}`));
      expect(owners.rows.map((r) => r.id).sort()).toEqual([gone.id, goneSecret.id].sort());
      for (const row of owners.rows) {
        // Who deleted it is kept: the deletion's modifiedBy.
        expect(row).toMatchObject({ isDeleted: true, status: null, modifiedBy: t.admin.id });
        expect(row.deletedAt).toBe(row.modifiedAt);
      }
      const admins = await readAll(adminKey, 'Jobs', (p) => p.filter(`modifiedAt ge ${mark}`));
      expect(admins.rows.map((r) => r.id)).toEqual([gone.id]);
      const live = await readAll(ownerKey, 'Jobs', (p) => p.filter(`modifiedAt lt ${mark}`));
      for (const row of live.rows) expect(row).toMatchObject({ isDeleted: false, deletedAt: null });
    });
  });

  describe('refusals', () => {
    it('answers 400 naming $filter for a filter a set cannot answer', async () => {
      for (const [set, filter] of [
        ['AuditEvents', "status eq 'x'"],
        ['Assignments', "contains(email,'x')"],
        ['ChecklistAnswers', 'modifiedAt ge yesterday'],
        ['ExternalUsers', "email eq 'a@b.c'"],
        ['ExternalUsers', "status eq 'a#b'"],
        ['AuditEvents', "externalUserId eq 'a#EXTUSER#b'"],
        ['AuditEvents', "externalUserId ne 'x'"],
        ['AuditEvents', "externalUserId eq 'x' or modifiedAt ge 2026-01-01T00:00:00Z"],
        ['Jobs', "externalUserId ne 'x' and modifiedAt ge 2026-01-01T00:00:00Z"],
        ['Incidents', "externalUserId eq 'a#b' and modifiedAt lt 2026-01-01T00:00:00Z"],
        ['ChecklistAnswers', "externalUserId eq 'x' or externalUserId eq 'y'"],
        ['ChecklistAnswers', "externalUserId eq 'x' and externalUserId eq 'y'"],
        ['ExternalUsers', "externalUserId eq 'x y'"],
        ['Assignments', "externalUserId eq '../x' and modifiedAt ge 2026-01-01T00:00:00Z"],
      ] as const) {
        const { status, body } = await feedJson(`/${set}?$filter=${encodeURIComponent(filter)}`, ownerKey);
        expect(status, `${set} ${filter}`).toBe(400);
        expect(body.error).toMatchObject({ code: 'BAD_QUERY', target: '$filter' });
      }
      const { status, body } = await feedJson('/Assignments?$select=nope', ownerKey);
      expect(status).toBe(400);
      expect(body.error.target).toBe('$select');
    });

    it("refuses a key moved to another account (its account part swapped) and shows a key of another account none of this one's rows", async () => {
      const [prefix, , ...rest] = ownerKey.split('_');
      const otherAccount = otherKey.split('_')[1] as string;
      const moved = [prefix, otherAccount, ...rest].join('_');
      for (const set of ['ExternalUsers', 'Assignments', 'ChecklistAnswers', 'AuditEvents']) {
        expect((await feed(`/${set}`, moved)).status, set).toBe(401);
        const rows = (await readAll(otherKey, set)).rows;
        for (const id of [openJob.id, secretJob.id, ext.id, ext2.id])
          expect(JSON.stringify(rows), set).not.toContain(id);
      }
    });

    it('refuses a revoked key on every set', async () => {
      const made = await newKey(t.token, 'Revoked soon');
      expect((await send('DELETE', `/feed-keys/${made.id}`, t.token)).status).toBe(200);
      for (const set of ['ExternalUsers', 'Assignments', 'ChecklistAnswers', 'AuditEvents']) {
        const res = await feed(`/${set}`, made.key);
        expect(res.status, set).toBe(401);
        expect(await res.text()).not.toContain(made.key);
      }
    });
  });

  describe('a job made confidential', () => {
    it('takes its assignments out of the feed of a key whose maker lacks the grant, from the stream’s next pass', async () => {
      const mark = new Date().toISOString();
      const moved = await newJob('Made secret later', { externalUsers: [{ id: ext2.id }] });
      await drainStreams();
      const jobsOf = async (key: string) => (await readAll(key, 'Assignments')).rows.map((r) => r.jobId);
      expect(await jobsOf(adminKey)).toContain(moved.id);

      const hidden = await send('PATCH', `/jobs/${moved.id}`, t.token, {
        version: moved.version,
        privacyStatusId: secret,
      });
      expect(hidden.status, JSON.stringify(hidden.body)).toBe(200);
      await drainStreams();
      const { body } = await feedJson('/Assignments', adminKey);
      expect(JSON.stringify(body)).not.toContain(moved.id);
      // Nor does an incremental refresh of the admin's key; the owner's key still gets it.
      const later = await readAll(adminKey, 'Assignments', (p) => p.filter(`modifiedAt ge ${mark}`));
      expect(later.rows.map((r) => r.jobId)).not.toContain(moved.id);
      expect(await jobsOf(ownerKey)).toContain(moved.id);
    });
  });
});
