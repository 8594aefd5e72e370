import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportRecord } from '../../functions/imports/import.schema';
import { findImport } from '../../functions/imports/import-repository';
import { templateColumns } from '../../functions/imports/import-template';
import { reportCsv } from '../../functions/reports/report-csv';
import { daysFromNow } from '../support/dates';
import { api, type Member, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * Exports in the import template's layout (`layout: 'template'`) through the local stack: the
 * file has exactly the template's columns, settings by name and people by address, and re-imports
 * as updates of the same items (export → edit → import → commit).
 */
describe('template-layout exports', () => {
  let t: Tenant;
  let general: Member;
  let ann: { id: string; email: string };
  let secret: string;
  const jobs: Record<string, string> = {};

  const exported = async (token: string, body: object) => {
    const started = await send('POST', '/exports', token, body);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const until = Date.now() + 120_000;
    for (;;) {
      const res = await api(`/exports/${started.body.id}`, { token });
      if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
      if (Date.now() > until) throw new Error(`export still ${res.body.status}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  };
  const download = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

  /** Uploads `bytes` as an import, validates it, and answers the preview once the worker made it. */
  const preview = async (kind: 'jobs' | 'incidents', format: 'csv' | 'xlsx', bytes: Uint8Array) => {
    const started = await send('POST', '/imports', t.token, { kind, format, size: bytes.byteLength });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const put = await fetch(started.body.upload.url, {
      method: 'PUT',
      headers: started.body.upload.headers,
      body: bytes,
    });
    expect(put.status).toBe(200);
    const id = started.body.import.id as string;
    expect((await send('POST', `/imports/${id}/validate`, t.token)).status).toBe(202);
    await settled(id, 'validating');
    return (await api(`/imports/${id}`, { token: t.token })).body as ImportRecord;
  };
  const settled = async (id: string, status: ImportRecord['status']) => {
    for (let tries = 0; tries < 600; tries += 1) {
      if ((await findImport(t.account.id, id))?.status !== status) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('the import did not finish');
  };
  const commit = async (id: string) => {
    expect((await send('POST', `/imports/${id}/commit`, t.token)).status).toBe(202);
    await settled(id, 'committing');
    return (await api(`/imports/${id}`, { token: t.token })).body as ImportRecord;
  };
  const csvRecords = (bytes: Uint8Array) =>
    parse(Buffer.from(bytes).toString('utf8'), { bom: true, record_delimiter: '\r\n' }) as string[][];

  beforeAll(async () => {
    t = await newAccountWithAdmin('template-export');
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, {
      version,
      privacyStatuses: [{ name: 'Secret' }],
      departments: [{ name: 'Ops' }],
    });
    secret = settings.body.privacyStatuses[0].id;
    const ops = settings.body.departments[0].id;
    general = await member(t, 'general', 'templateexporter', { jobs: { access: true } });
    const category = await send('POST', '/job-categories', t.token, { name: 'Stewarding' });
    expect(category.status).toBe(201);
    ann = (
      await send('POST', '/external-users', t.token, { givenName: 'Ann', familyName: 'Zoë', email: newEmail('ann') })
    ).body;
    const job = async (label: string, extra: object) => {
      const res = await send('POST', '/jobs', t.token, {
        title: label,
        dueAt: daysFromNow(30),
        location: { text: `=Gate ${label}` },
        ownerIds: [t.admin.id],
        ...extra,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      jobs[label] = res.body.id;
    };
    await job('Café crème', {
      description: 'Stewards at the café, twice an hour; +1 at half-time',
      categoryId: category.body.id,
      departmentId: ops,
      externalUsers: [{ id: ann.id }],
      ownerIds: [t.admin.id, general.user.id],
    });
    await job('Secret audit', {
      description: '=Audit the ledger',
      privacyStatusId: secret,
      externalUsers: [{ id: ann.id }],
    });
    await job('@Plain', { status: 'in_progress' });
    const incident = await send('POST', '/incidents', t.token, {
      title: 'Crowd surge',
      description: 'Surge at gate B after the final whistle',
      location: { text: 'Gate B' },
      severity: 'high',
      raisedAt: '2026-11-20T18:30:00+01:00',
      ownerIds: [t.admin.id],
      externalUsers: [{ id: ann.id }],
    });
    expect(incident.status, JSON.stringify(incident.body)).toBe(201);
    await drainStreams();
  });

  it('writes exactly the template’s columns: settings by name, people by address, the description, formulas neutralised', async () => {
    const done = await exported(t.token, { report: 'jobs', format: 'csv', layout: 'template' });
    expect(done).toMatchObject({ status: 'done', rowsWritten: 3, columns: templateColumns.jobs });
    const [header = [], ...rows] = csvRecords(await download(done.download.url));
    expect(header).toEqual([...templateColumns.jobs]);
    const byTitle = new Map(rows.map((row) => [row[1], Object.fromEntries(header.map((c, i) => [c, row[i]]))]));
    expect(byTitle.get('Café crème')).toMatchObject({
      ID: jobs['Café crème'],
      Category: 'Stewarding',
      Department: 'Ops',
      Owners: `${t.admin.email}; ${general.user.email}`,
      'External Users': ann.email,
      Location: "'=Gate Café crème",
      'Privacy Status': '',
      Description: 'Stewards at the café, twice an hour; +1 at half-time',
    });
    expect(byTitle.get('Secret audit')).toMatchObject({
      'Privacy Status': 'Secret',
      Description: "'=Audit the ledger",
    });
    expect(byTitle.get("'@Plain")).toMatchObject({ Description: '' });
  });

  it('re-imports an unchanged export as updates of the same jobs that change nothing, with no errors', async () => {
    const done = await exported(t.token, { report: 'jobs', format: 'csv', layout: 'template' });
    const imported = await preview('jobs', 'csv', await download(done.download.url));
    expect(imported.status).toBe('previewed');
    expect(imported.preview, JSON.stringify(imported.preview)).toMatchObject({
      rows: 3,
      create: 0,
      update: 0,
      skip: 3,
      invalid: 0,
      errors: [],
    });
  });

  it('round trip: export, edit, import: the preview shows only updates, the commit changes exactly the edits', async () => {
    const done = await exported(t.token, { report: 'jobs', format: 'csv', layout: 'template' });
    const [header = [], ...rows] = csvRecords(await download(done.download.url));
    const records = rows.map((row) => Object.fromEntries(header.map((c, i) => [c, row[i] ?? ''])));
    const edited = records.map((row) =>
      row.Title === 'Café crème'
        ? { ...row, Title: 'Café crème renamed', 'External Users': '', Department: '' }
        : row.Title === 'Secret audit'
          ? { ...row, Status: 'completed', Description: 'Ledger audited; =SUM(A1) kept as text' }
          : row,
    );
    const before = await api(`/jobs/${jobs['@Plain']}`, { token: t.token });
    const imported = await preview('jobs', 'csv', new TextEncoder().encode(reportCsv(header, edited)));
    expect(imported.preview, JSON.stringify(imported.preview)).toMatchObject({
      rows: 3,
      create: 0,
      update: 2,
      skip: 1,
      invalid: 0,
      errors: [],
    });
    const committed = await commit(imported.id);
    expect(committed.summary).toMatchObject({ created: 0, updated: 2, skipped: 1, failed: 0 });
    const renamed = (await api(`/jobs/${jobs['Café crème']}`, { token: t.token })).body;
    expect(renamed).toMatchObject({
      title: 'Café crème renamed',
      location: { text: '=Gate Café crème' },
      description: 'Stewards at the café, twice an hour; +1 at half-time',
    });
    expect(renamed.externalUsers ?? []).toEqual([]);
    expect(renamed.departmentId).toBeUndefined();
    expect(renamed.ownerIds).toEqual([t.admin.id, general.user.id]);
    expect((await api(`/jobs/${jobs['Secret audit']}`, { token: t.token })).body).toMatchObject({
      status: 'completed',
      privacyStatusId: secret,
      description: 'Ledger audited; =SUM(A1) kept as text',
    });
    expect((await api(`/jobs/${jobs['@Plain']}`, { token: t.token })).body).toEqual(before.body);
  });

  it('writes incidents in their template as XLSX, which re-imports as the same incidents', async () => {
    const done = await exported(t.token, { report: 'incidents', format: 'xlsx', layout: 'template' });
    expect(done).toMatchObject({ status: 'done', rowsWritten: 1, columns: templateColumns.incidents });
    const bytes = await download(done.download.url);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as never);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no worksheet');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...templateColumns.incidents]);
    const cells = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(cells[header.indexOf('Description')]).toBe('Surge at gate B after the final whistle');
    const imported = await preview('incidents', 'xlsx', bytes);
    expect(imported.status).toBe('previewed');
    expect(imported.preview, JSON.stringify(imported.preview)).toMatchObject({
      rows: 1,
      update: 0,
      skip: 1,
      invalid: 0,
    });
  });

  it('never writes a confidential job for a requester without its grant', async () => {
    const done = await exported(general.token, { report: 'jobs', format: 'csv', layout: 'template' });
    const text = Buffer.from(await download(done.download.url)).toString('utf8');
    expect(done.rowsWritten).toBe(2);
    expect(text).not.toContain(jobs['Secret audit']);
  });

  it('answers 400 naming the field for columns with the template layout, or a layout of the audit report', async () => {
    const cases: [object, string][] = [
      [{ report: 'jobs', format: 'csv', layout: 'template', query: { columns: 'id' } }, 'body.query.columns'],
      [{ report: 'jobs', format: 'csv', layout: 'grid' }, 'body.layout'],
      [{ report: 'audit', format: 'csv', layout: 'template' }, 'body'],
    ];
    for (const [body, path] of cases) {
      const res = await send('POST', '/exports', t.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.error.details), JSON.stringify(body)).toContain(path);
    }
  });
});
