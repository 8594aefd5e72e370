import { OData } from '@odata/client';
import { parse as parseEdmx } from '@sap-ux/edmx-parser';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { daysFromNow } from '../support/dates';
import { propertyRuns } from '../support/property-runs';
import { api, apiUrl, type Member, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * The Power BI feed through the local stack: feed keys (made once, listed without secrets,
 * revoked), the key in the query, a header and Basic, `$metadata` read by an OData metadata
 * parser, entity sets read page by page by an OData client following `@odata.nextLink`, `$filter`
 * on modifiedAt and status, `$select`, `$top`, `$count`, confidential rows only for a maker with
 * the grant, bad queries, another account's key, and the audit trail of a key.
 */
describe('the Power BI (OData) feed', () => {
  let t: Tenant;
  let other: Tenant;
  let admin: Member;
  let general: Member;
  let secret: string;
  let ownerKey: string;
  let adminKey: string;
  let otherKey: string;
  const jobIds: Record<string, string> = {};

  const newKey = async (token: string, name: string, extra: object = {}) => {
    const res = await send('POST', '/feed-keys', token, { name, ...extra });
    if (res.status !== 201) throw new Error(`feed key: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; key: string; name: string; status: string };
  };
  const feed = (path: string, key?: string, headers: Record<string, string> = {}) =>
    fetch(`${apiUrl()}/odata${path}`, { headers: { ...(key ? { 'x-api-key': key } : {}), ...headers } });
  const feedJson = async (path: string, key: string) => {
    const res = await feed(path, key);
    // biome-ignore lint/suspicious/noExplicitAny: an OData answer, read field by field in each test.
    return { status: res.status, body: (await res.json()) as any };
  };
  const job = async (title: string, extra: object = {}) => {
    const res = await send('POST', '/jobs', t.token, {
      title,
      dueAt: daysFromNow(10),
      location: { text: 'Yard' },
      ownerIds: [t.admin.id],
      ...extra,
    });
    if (res.status !== 201) throw new Error(`job ${title}: ${res.status} ${JSON.stringify(res.body)}`);
    jobIds[title] = res.body.id;
    return res.body;
  };

  /** Every row of an entity set, read by @odata/client: the first page, then each nextLink to the end. */
  const readAll = async (key: string, set: string, params?: (p: ReturnType<OData['newParam']>) => void) => {
    const client = OData.New4({ serviceEndpoint: `${apiUrl()}/odata/`, commonHeaders: { 'x-api-key': key } });
    const param = client.newParam();
    params?.(param);
    const rows: Record<string, unknown>[] = [];
    let page = (await client.newRequest({ collection: set, params: param })) as unknown as {
      value: Record<string, unknown>[];
      '@odata.nextLink'?: string;
      error?: unknown;
    };
    for (let pages = 0; pages < 100; pages++) {
      if (page.error) throw new Error(JSON.stringify(page.error));
      rows.push(...page.value);
      const next = page['@odata.nextLink'];
      if (!next) return { rows, pages: pages + 1 };
      // The next link names the same set and carries the skip token (and $select/$filter/$top): the
      // client sends its query options as they are, with the key again in its header.
      const url = new URL(next);
      expect(url.pathname).toBe(`/odata/${set}`);
      const following = client.newParam();
      for (const [name, value] of url.searchParams) following.custom(name, value);
      page = (await client.newRequest({ collection: set, params: following })) as unknown as typeof page;
    }
    throw new Error('the feed did not end within 100 pages');
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('feed'), newAccountWithAdmin('feed-other')]);
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, { version, privacyStatuses: [{ name: 'Secret' }] });
    secret = settings.body.privacyStatuses[0].id;
    // An Admin sees every job that is not confidential, and no confidential one without a grant.
    [admin, general] = await Promise.all([member(t, 'admin', 'feed-admin'), member(t, 'general', 'feed-general')]);
    for (let i = 0; i < 7; i++) await job(`open-${i}`, i % 2 === 0 ? {} : { status: 'in_progress' });
    await job('secret-1', { privacyStatusId: secret });
    await job('secret-2', { privacyStatusId: secret });
    const incident = await send('POST', '/incidents', t.token, {
      title: 'Spill',
      raisedAt: daysFromNow(-1),
      location: { text: 'Dock' },
      severity: 'high',
      ownerIds: [t.admin.id],
    });
    expect(incident.status, JSON.stringify(incident.body)).toBe(201);
    ownerKey = (await newKey(t.token, 'Owner BI')).key;
    adminKey = (await newKey(admin.token, 'Admin BI')).key;
    otherKey = (await newKey(other.token, 'Other BI')).key;
  });

  describe('feed keys', () => {
    it('answers a new key once and lists keys without their secret or hash', async () => {
      const made = await newKey(t.token, 'Listed');
      expect(made.key).toMatch(/^fpk_[0-9a-f]+_[0-9a-f-]{36}_[0-9a-f]{64}$/);
      const list = await api('/feed-keys', { token: t.token });
      expect(list.status).toBe(200);
      const listed = list.body.items.find((k: { id: string }) => k.id === made.id);
      expect(listed).toMatchObject({ name: 'Listed', status: 'active', createdBy: t.admin.id });
      expect(JSON.stringify(list.body)).not.toContain(made.key.split('_').at(-1));
      expect(JSON.stringify(list.body)).not.toContain('secretHash');
    });

    it('refuses a General user making or listing keys (403) and a bad body (400 naming the field)', async () => {
      expect((await send('POST', '/feed-keys', general.token, { name: 'Mine' })).status).toBe(403);
      expect((await api('/feed-keys', { token: general.token })).status).toBe(403);
      const bad = await send('POST', '/feed-keys', t.token, { name: '', validUntil: 'soon' });
      expect(bad.status).toBe(400);
      const paths = bad.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.validUntil']));
    });

    it("answers 404 for revoking an unknown key or another account's", async () => {
      const others = (await api('/feed-keys', { token: other.token })).body.items[0].id;
      expect((await send('DELETE', `/feed-keys/${others}`, t.token)).status).toBe(404);
      expect((await send('DELETE', '/feed-keys/00000000-0000-4000-8000-000000000000', t.token)).status).toBe(404);
    });

    it('refuses a revoked key from the next request on (401)', async () => {
      const made = await newKey(t.token, 'Short-lived');
      expect((await feed('/Jobs?$top=1', made.key)).status).toBe(200);
      const revoked = await send('DELETE', `/feed-keys/${made.id}`, t.token);
      expect(revoked.status).toBe(200);
      expect(revoked.body.status).toBe('revoked');
      const after = await feed('/Jobs?$top=1', made.key);
      expect(after.status).toBe(401);
      expect(await after.text()).not.toContain(made.key);
    });

    it('refuses a key past its validUntil (and one made already past: 400), and a key whose maker was disabled', async () => {
      const past = await send('POST', '/feed-keys', t.token, { name: 'Past', validUntil: '2020-01-01T00:00:00Z' });
      expect(past.status).toBe(400);
      expect(past.body.error.details[0].path).toBe('body.validUntil');
      const expiring = await newKey(t.token, 'Expiring', { validUntil: new Date(Date.now() + 1500).toISOString() });
      expect((await feed('/Jobs?$top=1', expiring.key)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      expect((await feed('/Jobs?$top=1', expiring.key)).status).toBe(401);
      const maker = await member(t, 'admin', 'feed-leaver');
      const key = (await newKey(maker.token, 'Leaver BI')).key;
      expect((await feed('/Jobs?$top=1', key)).status).toBe(200);
      const disabled = await send('POST', `/users/${maker.user.id}/disable`, t.token, { version: maker.user.version });
      expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
      expect((await feed('/Jobs?$top=1', key)).status).toBe(401);
    });

    it('records making, using (once an hour) and revoking a key in the activity view, with its id', async () => {
      const made = await newKey(t.token, 'Audited');
      for (let i = 0; i < 3; i++) expect((await feed('/Jobs?$top=1', made.key)).status).toBe(200);
      await send('DELETE', `/feed-keys/${made.id}`, t.token);
      await drainStreams();
      const res = await api('/external-activity?limit=100', { token: t.token });
      expect(res.status).toBe(200);
      const about = (res.body.items as { action: string; subject?: { id: string }; details: object }[]).filter(
        (e) => e.subject?.id === made.id,
      );
      expect(about.map((e) => e.action).reverse()).toEqual(['feed_key_created', 'feed_key_used', 'feed_key_revoked']);
      expect(JSON.stringify(about)).not.toContain(made.key.split('_').at(-1));
    });
  });

  describe('authentication', () => {
    it('takes the key as the query parameter, the x-api-key header and the Basic password', async () => {
      const query = await fetch(`${apiUrl()}/odata/Jobs?$top=1&key=${encodeURIComponent(ownerKey)}`);
      expect(query.status).toBe(200);
      expect((await feed('/Jobs?$top=1', ownerKey)).status).toBe(200);
      const basic = `Basic ${Buffer.from(`powerbi:${ownerKey}`).toString('base64')}`;
      expect((await feed('/Jobs?$top=1', undefined, { authorization: basic })).status).toBe(200);
    });

    it('refuses no key, a wrong secret and a made-up key with the same 401 that never repeats the key', async () => {
      const wrong = `${ownerKey.slice(0, -4)}0000`;
      for (const key of [undefined, wrong, 'fpk_00_nope', 'x'.repeat(500)]) {
        const res = await feed('/Jobs', key);
        expect(res.status, String(key)).toBe(401);
        const text = await res.text();
        if (key) expect(text).not.toContain(key);
      }
    });

    it("shows each key its own account's rows only", async () => {
      const mine = await readAll(otherKey, 'Jobs');
      expect(mine.rows).toEqual([]);
    });
  });

  describe('OData', () => {
    it('answers $metadata that an EDMX parser reads: the entity sets, their keys and modifiedAt', async () => {
      const res = await feed('/$metadata', ownerKey);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/xml');
      const metadata = parseEdmx(await res.text()) as unknown as {
        version: string;
        schema: {
          entitySets: { name: string }[];
          entityTypes: { name: string; keys: { name: string }[]; entityProperties: { name: string; type: string }[] }[];
        };
      };
      expect(metadata.version).toBe('4.0');
      const sets = metadata.schema.entitySets.map((s) => s.name).sort();
      expect(sets).toEqual(['Assignments', 'AuditEvents', 'ChecklistAnswers', 'ExternalUsers', 'Incidents', 'Jobs']);
      const jobType = metadata.schema.entityTypes.find((e) => e.name === 'Job');
      expect(jobType?.keys.map((k) => k.name)).toEqual(['id']);
      expect(jobType?.entityProperties.find((p) => p.name === 'modifiedAt')?.type).toBe('Edm.DateTimeOffset');
    });

    it('answers a service document naming the entity sets', async () => {
      const { status, body } = await feedJson('', ownerKey);
      expect(status).toBe(200);
      expect(body['@odata.context']).toMatch(/\/odata\/\$metadata$/);
      expect(body.value.map((s: { name: string }) => s.name)).toEqual([
        'Jobs',
        'Incidents',
        'ExternalUsers',
        'Assignments',
        'ChecklistAnswers',
        'AuditEvents',
      ]);
    });

    it("reads every job page by page through nextLink, each row equal to the API's", async () => {
      const { rows, pages } = await readAll(ownerKey, 'Jobs', (p) => p.top(4));
      // $top=4 asks for four rows in all.
      expect(rows).toHaveLength(4);
      const all = await readAll(ownerKey, 'Jobs');
      expect(all.rows).toHaveLength(9);
      expect(pages).toBeGreaterThanOrEqual(1);
      for (const row of all.rows) {
        const api1 = (await api(`/jobs/${row.id}`, { token: t.token })).body;
        expect(row).toMatchObject({
          id: api1.id,
          title: api1.title,
          status: api1.status,
          dueAt: new Date(api1.dueAt).toISOString(),
          location: api1.location.text,
          ownerIds: api1.ownerIds,
          privacyStatusId: api1.privacyStatusId ?? null,
          archived: api1.archived,
          modifiedAt: new Date(api1.updatedAt).toISOString(),
        });
      }
    });

    it('pages a small $top through server-driven paging with nextLink and reads incidents', async () => {
      const first = await feedJson('/Jobs?$top=3&$select=id', ownerKey);
      expect(first.status).toBe(200);
      expect(first.body.value).toHaveLength(3);
      const incidents = await readAll(ownerKey, 'Incidents');
      expect(incidents.rows.map((r) => r.title)).toEqual(['Spill']);
      expect(incidents.rows[0]?.severity).toBe('high');
    });

    it('answers only the selected properties with $select, and a count with $count', async () => {
      const { status, body } = await feedJson('/Jobs?$select=id,title&$count=true', ownerKey);
      expect(status).toBe(200);
      expect(body['@odata.count']).toBe(9);
      for (const row of body.value) expect(Object.keys(row).sort()).toEqual(['id', 'title']);
      expect(body['@odata.context']).toMatch(/#Jobs\(id,title\)$/);
    });

    it('filters on status, and on modifiedAt for incremental refresh: only later changes', async () => {
      const open = await readAll(ownerKey, 'Jobs', (p) => p.filter("status eq 'in_progress'"));
      expect(open.rows.map((r) => r.title).sort()).toEqual(['open-1', 'open-3', 'open-5']);
      const mark = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const changed = (await api(`/jobs/${jobIds['open-2']}`, { token: t.token })).body;
      expect(
        (await send('PATCH', `/jobs/${changed.id}`, t.token, { version: changed.version, title: 'open-2 renamed' }))
          .status,
      ).toBe(200);
      const later = await readAll(ownerKey, 'Jobs', (p) => p.filter(`modifiedAt ge ${mark}`));
      expect(later.rows.map((r) => r.title)).toEqual(['open-2 renamed']);
      const window = await readAll(ownerKey, 'Jobs', (p) =>
        p.filter(`modifiedAt ge 2000-01-01T00:00:00Z and modifiedAt lt ${mark} and status eq 'in_progress'`),
      );
      expect(window.rows).toHaveLength(3);
    });

    it('answers 400 in OData error JSON naming an unsupported or malformed query option', async () => {
      for (const [query, target] of [
        ["$filter=contains(title,'x')", '$filter'],
        ['$filter=modifiedAt ge', '$filter'],
        ["$filter=status eq 'a' or status eq 'b'", '$filter'],
        ['$select=nope', '$select'],
        ['$top=-1', '$top'],
        ['$orderby=title', '$orderby'],
        ['$skiptoken=garbage', '$skiptoken'],
      ]) {
        const { status, body } = await feedJson(`/Jobs?${encodeURI(query as string)}`, ownerKey);
        expect(status, query).toBe(400);
        expect(body.error, query).toMatchObject({ code: 'BAD_QUERY', target });
        expect(body.error.message, query).toEqual(expect.any(String));
      }
    });

    it('answers 404 in OData error JSON for a name that is no entity set (names are case-sensitive), after the key', async () => {
      // Each set has a route of its own; any other name reaches `/odata/{resource}`, which serves $metadata only.
      for (const name of ['Nope', 'jobs', 'JOBS', 'metadata']) {
        const { status, body } = await feedJson(`/${name}`, ownerKey);
        expect(status, name).toBe(404);
        expect(body.error, name).toMatchObject({ code: 'NOT_FOUND' });
      }
      expect((await feed('/Nope')).status).toBe(401);
    });
  });

  describe('visibility', () => {
    it('never yields a confidential row for a key whose maker lacks the grant, and all of them for one who has it', async () => {
      const owners = await readAll(ownerKey, 'Jobs');
      const admins = await readAll(adminKey, 'Jobs');
      expect(owners.rows.filter((r) => r.privacyStatusId === secret)).toHaveLength(2);
      expect(admins.rows.filter((r) => r.privacyStatusId !== null)).toEqual([]);
      expect(admins.rows).toHaveLength(7);
    });

    it('follows the maker’s permissions as they are now: a grant shows confidential rows at once', async () => {
      const maker = await member(t, 'admin', 'feed-granted');
      const key = (await newKey(maker.token, 'Granted BI')).key;
      expect((await readAll(key, 'Jobs')).rows.some((r) => r.privacyStatusId === secret)).toBe(false);
      const granted = await send('PATCH', `/users/${maker.user.id}`, t.token, {
        version: maker.user.version,
        permissions: { jobs: { access: true, see: 'all', edit: 'all', confidential: [secret] } },
      });
      expect(granted.status, JSON.stringify(granted.body)).toBe(200);
      expect((await readAll(key, 'Jobs')).rows.filter((r) => r.privacyStatusId === secret)).toHaveLength(2);
    });

    it('shows a key of a General user who sees owned jobs only their own open jobs, for generated grants', async () => {
      const owner = await member(t, 'general', 'feed-owner', { jobs: { access: true, see: 'owned', edit: 'owned' } });
      // Feed keys are an admin's to make; the key of an admin later made General keeps working with their rights.
      const maker = await member(t, 'admin', 'feed-demoted');
      const key = (await newKey(maker.token, 'Demoted BI')).key;
      const demoted = await send('PATCH', `/users/${maker.user.id}`, t.token, {
        version: maker.user.version,
        role: 'general',
        permissions: { jobs: { access: true, see: 'owned', edit: 'owned' } },
      });
      expect(demoted.status, JSON.stringify(demoted.body)).toBe(200);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ mine: fc.boolean(), secret: fc.boolean() }), { minLength: 1, maxLength: 4 }),
          async (specs) => {
            const made: { id: string; visible: boolean }[] = [];
            for (const spec of specs) {
              const res = await send('POST', '/jobs', t.token, {
                title: 'generated',
                dueAt: daysFromNow(3),
                location: { text: 'Gen' },
                ownerIds: spec.mine ? [maker.user.id, owner.user.id] : [owner.user.id],
                ...(spec.secret ? { privacyStatusId: secret } : {}),
              });
              expect(res.status, JSON.stringify(res.body)).toBe(201);
              made.push({ id: res.body.id, visible: spec.mine && !spec.secret });
            }
            const seen = new Set((await readAll(key, 'Jobs')).rows.map((r) => r.id as string));
            for (const item of made) expect(seen.has(item.id), JSON.stringify(item)).toBe(item.visible);
            for (const id of seen) expect((await api(`/jobs/${id}`, { token: maker.token })).status).toBe(200);
          },
        ),
        { numRuns: propertyRuns(20) },
      );
    });
  });
});
