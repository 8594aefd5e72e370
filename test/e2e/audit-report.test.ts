import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Cell, neutralisedCell } from '../../functions/reports/report-csv';
import { localTime } from '../../functions/shared/local-time';
import { daysFromNow } from '../support/dates';
import { api, type Member, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * GET /reports/audit and `report: 'audit'` exports through the local stack: one item's trail or
 * the external activity with its filters, as rows; the audit views' permissions (a confidential
 * item's entries only with its grant); times in UTC and in the account's time zone.
 */
describe('the audit-trail report', () => {
  let t: Tenant;
  let plainAdmin: Member;
  let general: Member;
  let ann: { id: string; email: string };
  let open: { id: string };
  let secret: { id: string };

  const job = async (title: string, extra: object = {}) => {
    const res = await send('POST', '/jobs', t.token, {
      title,
      dueAt: daysFromNow(30),
      location: { text: 'Gate A' },
      ownerIds: [t.admin.id],
      ...extra,
    });
    if (res.status !== 201) throw new Error(`job ${title}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };

  type Row = Record<string, Cell>;
  /** Every row of the report for `query`, page by page (2 rows a page, so paging is exercised). */
  const allRows = async (token: string, query: string) => {
    const rows: Row[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages += 1) {
      const res = await api(`/reports/audit?limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      rows.push(...(res.body.rows as Row[]));
      cursor = res.body.cursor;
      if (!cursor) return rows;
    }
    throw new Error('the report did not end within 100 pages');
  };

  /** The entries of an audit view, every page. */
  const allEntries = async (token: string, path: string) => {
    const entries: { at: string; action: string; itemId?: string; actor: { kind: string; id?: string } }[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages += 1) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await api(`${path}${cursor ? `${sep}cursor=${cursor}` : ''}`, { token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      entries.push(...res.body.items);
      cursor = res.body.cursor;
      if (!cursor) return entries;
    }
    throw new Error('the view did not end within 100 pages');
  };

  const exported = async (token: string, body: object) => {
    const started = await send('POST', '/exports', token, body);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const until = Date.now() + 120_000;
    for (;;) {
      const res = await api(`/exports/${started.body.id}`, { token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
      if (Date.now() > until) throw new Error(`export still ${res.body.status}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  };
  const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

  beforeAll(async () => {
    t = await newAccountWithAdmin('audit-report');
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, {
      version,
      privacyStatuses: [{ name: 'Secret' }],
      timeZone: 'Europe/London',
    });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    plainAdmin = await member(t, 'admin', 'auditreportadmin');
    general = await member(t, 'general', 'auditreportgeneral', { jobs: { access: true } });
    ann = (
      await send('POST', '/external-users', t.token, { givenName: 'Ann', familyName: 'Zoë', email: newEmail('ann') })
    ).body;
    open = await job('audited open', { externalUsers: [{ id: ann.id }] });
    secret = await job('audited secret', {
      privacyStatusId: settings.body.privacyStatuses[0].id,
      externalUsers: [{ id: ann.id }],
    });
    await drainStreams();
  });

  it("answers an item's trail as rows: the entries of GET /jobs/{jobId}/audit, newest first, page by page", async () => {
    const rows = await allRows(t.token, `itemType=job&itemId=${open.id}`);
    const entries = await allEntries(t.token, `/jobs/${open.id}/audit`);
    expect(rows.map((row) => [row.at, row.action, row.actorKind, row.itemId])).toEqual(
      entries.map((entry) => [new Date(entry.at).toISOString(), entry.action, entry.actor.kind, open.id]),
    );
    expect(rows.map((row) => row.action)).toEqual(expect.arrayContaining(['item_created', 'assigned']));
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'at',
      'action',
      'actorKind',
      'actorId',
      'itemType',
      'itemId',
      'externalUserId',
      'subjectType',
      'subjectId',
      'details',
    ]);
  });

  it("answers the external activity with the view's filters, a confidential job's entries only with its grant", async () => {
    const byAdmin = await allRows(t.token, `externalUserId=${ann.id}&columns=action,itemId,externalUserId`);
    const view = await allEntries(t.token, `/external-activity?externalUserId=${ann.id}`);
    expect(byAdmin.map((row) => [row.action, row.itemId])).toEqual(view.map((e) => [e.action, e.itemId ?? null]));
    expect(byAdmin.map((row) => row.itemId)).toEqual(expect.arrayContaining([open.id, secret.id]));
    expect(byAdmin.every((row) => row.externalUserId === ann.id)).toBe(true);
    const byPlainAdmin = await allRows(plainAdmin.token, `externalUserId=${ann.id}&columns=itemId`);
    expect(byPlainAdmin.map((row) => row.itemId)).toContain(open.id);
    expect(byPlainAdmin.map((row) => row.itemId)).not.toContain(secret.id);
    const jobsOnly = await allRows(t.token, 'itemType=incident&columns=itemId');
    expect(jobsOnly).toEqual([]);
    expect(await allRows(t.token, `to=2020-01-01T00:00:00Z&externalUserId=${ann.id}`)).toEqual([]);
  });

  it("adds each entry's time in the account's time zone when asked (atLocal), ISO 8601 with the zone's offset", async () => {
    const rows = await allRows(t.token, `itemType=job&itemId=${open.id}&columns=at,atLocal`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.atLocal).toBe(localTime(row.at as string, 'Europe/London'));
    expect(String(rows[0]?.atLocal)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  });

  it('answers 403 for the activity to a caller without an admin role, as the activity view does', async () => {
    const res = await api('/reports/audit', { token: general.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AUDIT_DENIED');
  });

  it('answers 404 for an unknown item, another account’s, or a confidential one the caller may not see', async () => {
    const other = await newAccountWithAdmin('audit-report-other');
    for (const [token, id] of [
      [t.token, randomUUID()],
      [other.token, open.id],
      [plainAdmin.token, secret.id],
    ] as const) {
      const res = await api(`/reports/audit?itemType=job&itemId=${id}`, { token });
      expect(res.status).toBe(404);
    }
  });

  it('answers 400 naming the field for filters that do not combine, unknown columns, an empty range or too many rows', async () => {
    const cases: [string, string][] = [
      [`itemId=${open.id}`, 'query.itemType'],
      [`itemType=job&itemId=${open.id}&from=2026-01-01T00:00:00Z`, 'query.from'],
      [`itemType=job&itemId=${open.id}&externalUserId=${ann.id}`, 'query.externalUserId'],
      ['columns=at,salary', 'query.columns'],
      ['columns=at,at', 'query.columns'],
      ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'query.from'],
      ['limit=1001', 'query.limit'],
      ['itemType=project', 'query.itemType'],
      ['from=yesterday', 'query.from'],
      ['sort=at', 'query'],
    ];
    for (const [query, path] of cases) {
      const res = await api(`/reports/audit?${query}`, { token: t.token });
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(res.body.error.details), query).toContain(path);
    }
  });

  describe('exports', () => {
    it('files an export’s start (who, report, filters, format) and each download link issued in the audit trail', async () => {
      const done = await exported(t.token, {
        report: 'jobs',
        format: 'xlsx',
        query: { status: 'open', columns: 'title' },
      });
      expect(done.status).toBe('done');
      await drainStreams();
      const rows = (await allRows(t.token, 'columns=action,actorId,subjectType,subjectId,details')).filter(
        (row) => row.subjectId === done.id,
      );
      expect(rows.map((row) => row.action).sort()).toEqual(['export_downloaded', 'export_started']);
      const started = rows.find((row) => row.action === 'export_started');
      expect(started).toMatchObject({ actorId: t.admin.id, subjectType: 'export' });
      expect(JSON.parse(String(started?.details))).toEqual({
        report: 'jobs',
        format: 'xlsx',
        query: { status: 'open', columns: 'title' },
      });
      // Another link, another entry; the activity view shows them as the report does.
      expect((await api(`/exports/${done.id}`, { token: t.token })).body.download.url).toBeTruthy();
      await drainStreams();
      const view = await allEntries(t.token, '/external-activity');
      const actions = view.filter((e) => (e as { subject?: { id: string } }).subject?.id === done.id);
      expect(actions.map((e) => e.action).sort()).toEqual(['export_downloaded', 'export_downloaded', 'export_started']);
    });

    it('writes the activity as CSV: the GET report’s rows, with the local-time column by default, neutralised', async () => {
      const done = await exported(t.token, { report: 'audit', format: 'csv', query: { externalUserId: ann.id } });
      expect(done.status, JSON.stringify(done)).toBe('done');
      expect(done.columns.slice(0, 3)).toEqual(['at', 'atLocal', 'action']);
      const records = parse((await download(done.download.url)).toString('utf8'), {
        bom: true,
        record_delimiter: '\r\n',
      }) as string[][];
      const rows = await allRows(t.token, `externalUserId=${ann.id}&columns=${done.columns.join(',')}`);
      expect(records[0]).toEqual(done.columns);
      expect(records.slice(1)).toEqual(
        rows.map((row) => (done.columns as string[]).map((name) => neutralisedCell(row[name] ?? null))),
      );
      expect(done.rowsWritten).toBe(rows.length);
    });

    it('writes an item’s trail as XLSX', async () => {
      const done = await exported(t.token, {
        report: 'audit',
        format: 'xlsx',
        query: { itemType: 'job', itemId: open.id, columns: 'at,action,itemId' },
      });
      expect(done.status).toBe('done');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await download(done.download.url)) as never);
      const values: unknown[][] = [];
      workbook.worksheets[0]?.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
      const rows = await allRows(t.token, `itemType=job&itemId=${open.id}&columns=at,action,itemId`);
      expect(values).toEqual([['at', 'action', 'itemId'], ...rows.map((row) => [row.at, row.action, row.itemId])]);
    });

    it('never writes a confidential job’s entries for a requester without its grant', async () => {
      const done = await exported(plainAdmin.token, {
        report: 'audit',
        format: 'csv',
        query: { externalUserId: ann.id, columns: 'itemId' },
      });
      const text = (await download(done.download.url)).toString('utf8');
      expect(text).toContain(open.id);
      expect(text).not.toContain(secret.id);
      const hidden = await send('POST', '/exports', plainAdmin.token, {
        report: 'audit',
        format: 'csv',
        query: { itemType: 'job', itemId: secret.id },
      });
      expect(hidden.status).toBe(404);
    });

    it("answers 404 at the start of an item trail's export for an item the requester may not see, alike for an unknown one and another account's, writing no export", async () => {
      const other = await newAccountWithAdmin('auditreport-other');
      const start = (token: string, itemType: string, itemId: string) =>
        send('POST', '/exports', token, { report: 'audit', format: 'csv', query: { itemType, itemId } });
      const refusals = [
        await start(plainAdmin.token, 'job', secret.id),
        await start(general.token, 'job', secret.id),
        await start(t.token, 'job', randomUUID()),
        await start(other.token, 'job', open.id),
        await start(t.token, 'incident', open.id),
      ];
      for (const refused of refusals) {
        expect(refused.status, JSON.stringify(refused.body)).toBe(404);
        expect(refused.body.id).toBeUndefined();
      }
      const jobRefusals = refusals.slice(0, 4).map((refused) => ({
        code: refused.body.error.code,
        message: refused.body.error.message,
      }));
      expect(new Set(jobRefusals.map((refusal) => JSON.stringify(refusal))).size).toBe(1);
      expect(jobRefusals[0]).toEqual({ code: 'NOT_FOUND', message: 'No such job' });
      // One the requester may see starts as before.
      expect((await start(plainAdmin.token, 'job', open.id)).status).toBe(202);
    });

    it('answers 403 for an export of the activity without an admin role, and 400 naming the field for bad filters', async () => {
      const denied = await send('POST', '/exports', general.token, { report: 'audit', format: 'csv' });
      expect(denied.status).toBe(403);
      expect(denied.body.error.code).toBe('AUDIT_DENIED');
      const cases: [object, string][] = [
        [{ itemId: open.id }, 'body.query.itemType'],
        [{ columns: 'at,salary' }, 'body.query.columns'],
        [{ limit: '5' }, 'body.query'],
        [{ itemType: 'job', itemId: open.id, to: '2026-01-01T00:00:00Z' }, 'body.query.to'],
      ];
      for (const [query, path] of cases) {
        const res = await send('POST', '/exports', t.token, { report: 'audit', format: 'csv', query });
        expect(res.status, JSON.stringify(query)).toBe(400);
        expect(JSON.stringify(res.body.error.details), JSON.stringify(query)).toContain(path);
      }
    });
  });
});
