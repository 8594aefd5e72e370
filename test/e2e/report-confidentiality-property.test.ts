import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkItem } from '../../functions/staff/permissions/access';
import type { ModulePermissions } from '../../functions/staff/permissions/permission-settings';
import type { StaffRole } from '../../functions/staff/permissions/roles';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { findStaffUser, updateStaffUser } from '../../functions/staff/staff-repository';
import { daysFromNow } from '../support/dates';
import { referenceModel, roleArbitrary, storedPermissionsArbitrary } from '../support/permission-reference';
import { propertyRuns } from '../support/property-runs';
import { api, invite, type Member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/*
 * Issue 19's promise across every output: for generated staff users (any role, any stored module
 * permissions: with and without privacy-status grants, owned-only scopes, modules off), the rows of
 * GET /reports/jobs, /reports/incidents and /reports/audit, and a CSV export, hold exactly the
 * jobs and incidents the independent reference model (test/support/permission-reference.ts) lets
 * the user see: never a confidential one without its grant. The user is one real staff user whose
 * stored role and permissions each run overwrites, as in permissions-property.test.ts. Each run
 * makes one export (the background worker writes it), so the full size is small: 40 runs under
 * CI's FIELDPASS_PROPERTY_RUNS=full, 4 (a few seconds) otherwise.
 */

const adminRoles: readonly StaffRole[] = ['account_admin', 'user_admin', 'admin'];
const numRuns = propertyRuns(40);

interface Item {
  id: string;
  type: 'job' | 'incident';
  facts: WorkItem;
  label: string;
}

describe('reports and exports against the reference model of who sees which item', () => {
  let t: Tenant;
  let me: Member;
  let other: Member;
  let statusIds: string[];
  let watcherId: string;
  let meStored: StaffUser | undefined;
  const corpus: Item[] = [];

  beforeAll(async () => {
    t = await newAccountWithAdmin('report-property');
    [me, other] = await Promise.all([invite(t.token, 'general', 'rpme'), invite(t.token, 'general', 'rpother')]);
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, {
      version,
      departments: [{ name: 'Operations' }],
      privacyStatuses: [{ name: 'Restricted' }, { name: 'Secret' }, { name: 'Top secret' }],
    });
    statusIds = settings.body.privacyStatuses.map((s: { id: string }) => s.id);
    const department = settings.body.departments[0].id as string;
    watcherId = (
      await send('POST', '/external-users', t.token, { givenName: 'Watch', familyName: 'Er', email: newEmail('rpw') })
    ).body.id;
    const ownerSets = [[me.user.id], [other.user.id], [me.user.id, other.user.id]];
    // Items use the first two statuses; the third is only ever granted.
    const privacy = [undefined, statusIds[0], statusIds[1]];
    const specs: Omit<Item, 'id'>[] = [];
    for (const type of ['job', 'incident'] as const) {
      for (const [o, ownerIds] of ownerSets.entries()) {
        for (const [p, privacyStatusId] of privacy.entries()) {
          const departmentId = (o + p) % 2 === 0 ? department : undefined;
          specs.push({
            type,
            label: `${type} ${o}/${p}`,
            facts: {
              type,
              ownerIds,
              ...(privacyStatusId ? { privacyStatusId } : {}),
              ...(departmentId ? { departmentId } : {}),
            } as WorkItem,
          });
        }
      }
    }
    const made = await Promise.all(
      specs.map(async (spec) => {
        const facts = spec.facts as unknown as { ownerIds: string[]; privacyStatusId?: string; departmentId?: string };
        const common = {
          title: spec.label,
          ownerIds: facts.ownerIds,
          ...(facts.privacyStatusId ? { privacyStatusId: facts.privacyStatusId } : {}),
          ...(facts.departmentId ? { departmentId: facts.departmentId } : {}),
          externalUsers: [{ id: watcherId }],
        };
        const body =
          spec.type === 'job'
            ? { ...common, dueAt: daysFromNow(90), location: { text: 'Gate A' } }
            : { ...common, location: { text: 'Gate B' }, severity: 'low', raisedAt: '2026-11-20T18:30:00Z' };
        const res = await send('POST', spec.type === 'job' ? '/jobs' : '/incidents', t.token, body);
        if (res.status !== 201) throw new Error(`${spec.label}: ${res.status} ${JSON.stringify(res.body)}`);
        return { ...spec, id: res.body.id as string };
      }),
    );
    corpus.push(...made);
    await drainStreams();
  });

  /** Makes `me` the generated user: role and every module permission stored as given. */
  async function become(role: StaffRole, permissions: ModulePermissions): Promise<void> {
    const current = meStored ?? (await findStaffUser(t.account.id, me.user.id));
    if (!current) throw new Error('the generated user is gone');
    meStored = undefined;
    meStored = await updateStaffUser(current, current.version, { role, permissions }, new Date());
  }

  const labelOf = (id: string) => corpus.find((item) => item.id === id)?.label ?? `unknown ${id}`;

  /** What an output showed beyond (or short of) the items the reference lets the user see. */
  function compare(output: string, shown: readonly string[], expected: ReadonlySet<string>, exact: boolean) {
    const problems = shown
      .filter((id) => corpus.some((item) => item.id === id) && !expected.has(id))
      .map((id) => `${output} shows what the rules deny: ${labelOf(id)}`);
    if (exact) {
      for (const id of expected) if (!shown.includes(id)) problems.push(`${output} hides ${labelOf(id)}`);
    }
    return problems;
  }

  /** The ids a report answers, every page (a page holds one visibility scope), or undefined when it refuses (403). */
  async function reportIds(path: string, column: 'id' | 'itemId'): Promise<string[] | undefined> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages += 1) {
      const query = `${path.includes('?') ? '&' : '?'}columns=${column}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await api(`${path}${query}`, { token: me.token });
      if (res.status === 403 && pages === 0) return undefined;
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      ids.push(
        ...(res.body.rows as Record<string, string | null>[]).flatMap((row) => (row[column] ? [row[column]] : [])),
      );
      cursor = res.body.cursor;
      if (!cursor) return ids;
    }
    throw new Error(`${path} did not end within 20 pages`);
  }

  /** The ids of a CSV export of the jobs report, once the worker wrote it (none when it failed for lack of the module). */
  async function exportedJobIds(): Promise<{ ids: string[]; failed?: string }> {
    const started = await send('POST', '/exports', me.token, {
      report: 'jobs',
      format: 'csv',
      query: { columns: 'id' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    for (let tries = 0; tries < 600; tries += 1) {
      const res = await api(`/exports/${started.body.id}`, { token: me.token });
      if (res.body.status === 'failed') return { ids: [], failed: res.body.failureReason };
      if (res.body.status === 'done') {
        const text = Buffer.from(await (await fetch(res.body.download.url)).arrayBuffer()).toString('utf8');
        return { ids: (parse(text, { bom: true }) as string[][]).slice(1).map((row) => row[0] as string) };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the export did not finish');
  }

  it('never puts an item the rules hide in a report, the audit report or a CSV export', async () => {
    const permissions = storedPermissionsArbitrary({ projectIds: [], statusIds: statusIds ?? [] });
    await fc.assert(
      fc.asyncProperty(roleArbitrary, permissions, async (role, stored) => {
        await become(role, stored);
        const reference = referenceModel(role, me.user.id, stored);
        const visible = (type: Item['type']) =>
          new Set(corpus.filter((item) => item.type === type && reference.maySee(item.facts)).map((item) => item.id));
        const jobs = visible('job');
        const incidents = visible('incident');
        const problems: string[] = [];
        for (const [type, expected] of [
          ['jobs', jobs],
          ['incidents', incidents],
        ] as const) {
          const ids = await reportIds(`/reports/${type}`, 'id');
          if (ids === undefined) {
            if (expected.size > 0) problems.push(`/reports/${type} refuses a user who may see ${expected.size}`);
          } else problems.push(...compare(`/reports/${type}`, ids, expected, true));
        }
        const activity = await reportIds(`/reports/audit?externalUserId=${watcherId}`, 'itemId');
        const both = new Set([...jobs, ...incidents]);
        if (adminRoles.includes(role)) {
          problems.push(...compare('/reports/audit', activity ?? [], both, true));
        } else if (activity !== undefined) {
          problems.push(`/reports/audit answers the activity to a ${role}`);
        }
        // One item's trail: exactly when the item is seen (404 otherwise).
        for (const item of corpus.filter((_, i) => i % 4 === 0)) {
          const res = await api(`/reports/audit?itemType=${item.type}&itemId=${item.id}&columns=itemId`, {
            token: me.token,
          });
          const expected = reference.maySee(item.facts) ? 200 : 404;
          if (res.status !== expected) problems.push(`the trail of ${item.label}: ${res.status}, not ${expected}`);
        }
        const exported = await exportedJobIds();
        problems.push(...compare('the CSV export', exported.ids, jobs, exported.failed === undefined));
        if (exported.failed !== undefined && jobs.size > 0) {
          problems.push(`the export failed (${exported.failed}) for a user who may see ${jobs.size} jobs`);
        }
        expect(problems, `${role} ${JSON.stringify(stored)}`).toEqual([]);
      }),
      { numRuns },
    );
  }, 600_000);
});
