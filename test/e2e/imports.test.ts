import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ImportRecord } from '../../functions/imports/import.schema';
import { readXlsx } from '../../functions/imports/import-file';
import { commitChunkRows, importedItemId, processImportChunk } from '../../functions/imports/import-processor';
import { findImport } from '../../functions/imports/import-repository';
import {
  type TemplateItem,
  type TemplateRow,
  templateColumns,
  templateRow,
} from '../../functions/imports/import-template';
import { reportCsv } from '../../functions/reports/report-csv';
import { importFileObject } from '../../functions/shared/data/keys';
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
 * Imports of jobs and incidents through the local stack: the templates, the upload, validation
 * into a preview (the processor called directly, as the worker calls it), bad files, permissions,
 * the commit in chunks (interrupted and resumed, repeated), external users and the round trip.
 */
describe('imports of jobs and incidents', () => {
  let t: Tenant;
  let other: Tenant;
  let general: Member;
  let noJobs: Member;
  let secret: string;
  let ann: { id: string; email: string };

  const csv = (columns: readonly string[], rows: readonly Record<string, string>[]) => reportCsv(columns, rows);
  const jobColumns = ['Title', 'Due Date', 'Location', 'Owners', 'External Users', 'Privacy Status'];
  const due = daysFromNow(30);

  /** Starts an import and uploads `file` through its presigned PUT. */
  async function upload(token: string, file: string | Uint8Array, options: object = {}) {
    const bytes = typeof file === 'string' ? new TextEncoder().encode(file) : file;
    const started = await send('POST', '/imports', token, {
      kind: 'jobs',
      format: 'csv',
      size: bytes.byteLength,
      ...options,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const put = await fetch(started.body.upload.url, {
      method: 'PUT',
      headers: started.body.upload.headers,
      body: bytes,
    });
    expect(put.status).toBe(200);
    return started.body.import as ImportRecord;
  }

  /**
   * Runs the worker's import step on the import record as stored (its whole item, as a stream
   * record's new image carries it) until it leaves `status`, as the worker would, change after change.
   */
  /**
   * Waits for the background worker (the local stack's second stream mapping, as in AWS) to move
   * the import out of `status`, and answers the record then.
   */
  async function runWorker(accountId: string, id: string, status: ImportRecord['status']) {
    for (let tries = 0; tries < 600; tries++) {
      const record = (await findImport(accountId, id)) as ImportRecord;
      if (record.status !== status) return record;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('the import did not finish');
  }

  /** Uploads, validates and answers the previewed (or rejected) import as GET /imports/{id} shows it. */
  async function preview(tenant: { token: string; account: { id: string } }, file: string | Uint8Array, options = {}) {
    const started = await upload(tenant.token, file, options);
    const validating = await send('POST', `/imports/${started.id}/validate`, tenant.token);
    expect(validating.status, JSON.stringify(validating.body)).toBe(202);
    expect(validating.body.status).toBe('validating');
    await runWorker(tenant.account.id, started.id, 'validating');
    const shown = await api(`/imports/${started.id}`, { token: tenant.token });
    expect(shown.status).toBe(200);
    return shown.body as ImportRecord;
  }

  async function commit(tenant: { token: string; account: { id: string } }, id: string) {
    const res = await send('POST', `/imports/${id}/commit`, tenant.token);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await runWorker(tenant.account.id, id, 'committing');
    return (await api(`/imports/${id}`, { token: tenant.token })).body as ImportRecord;
  }

  const jobsTitled = async (token: string, prefix: string) => {
    const res = await api('/reports/jobs?columns=id,title&limit=1000', { token });
    expect(res.status).toBe(200);
    return (res.body.rows as { id: string; title: string }[]).filter((row) => row.title.startsWith(prefix));
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('imports'), newAccountWithAdmin('imports-other')]);
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, { version, privacyStatuses: [{ name: 'Secret' }] });
    secret = settings.body.privacyStatuses[0].id;
    general = await member(t, 'general', 'importer', { jobs: { access: true } });
    noJobs = await member(t, 'general', 'no-jobs');
    ann = (
      await send('POST', '/external-users', t.token, {
        givenName: 'Ann',
        familyName: 'Steward',
        email: newEmail('ann'),
      })
    ).body;
  });

  describe('templates', () => {
    it('serves the jobs template as CSV: a byte order mark, the header row, CRLF, External Users and ID columns', async () => {
      const res = await api('/imports/templates/jobs?format=csv', { token: t.token });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toContain('jobs-template.csv');
      const raw = await fetch(`${inject('apiUrl')}/imports/templates/jobs`, {
        headers: { authorization: `Bearer ${t.token}` },
      });
      const bytes = new Uint8Array(await raw.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      // The response's text is decoded as UTF-8, which drops the BOM (its bytes are checked above).
      expect(res.body).toBe(`${templateColumns.jobs.join(',')}\r\n`);
      expect(templateColumns.jobs).toEqual(expect.arrayContaining(['ID', 'External Users', 'Owners', 'Category']));
    });

    it('serves the XLSX templates as workbooks with the header row', async () => {
      for (const kind of ['jobs', 'incidents'] as const) {
        const raw = await fetch(`${inject('apiUrl')}/imports/templates/${kind}?format=xlsx`, {
          headers: { authorization: `Bearer ${t.token}` },
        });
        expect(raw.status).toBe(200);
        expect(raw.headers.get('content-type')).toBe(
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        );
        const read = await readXlsx(new Uint8Array(await raw.arrayBuffer()));
        expect(read).toEqual({ ok: true, header: [...templateColumns[kind]], rows: [] });
      }
    });

    it('serves the incidents template and answers 400 naming an unknown kind or format', async () => {
      const incidents = await api('/imports/templates/incidents', { token: t.token });
      expect(incidents.body).toContain('Raised At,Severity');
      const kind = await api('/imports/templates/risks', { token: t.token });
      expect(kind.status).toBe(400);
      expect(JSON.stringify(kind.body.error.details)).toContain('kind');
      const format = await api('/imports/templates/jobs?format=pdf', { token: t.token });
      expect(format.status).toBe(400);
      expect(JSON.stringify(format.body.error.details)).toContain('format');
    });
  });

  describe('starting an import', () => {
    it('answers 400 naming the field for an unknown kind and a file over 10 MB', async () => {
      const kind = await send('POST', '/imports', t.token, { kind: 'risks', format: 'csv', size: 10 });
      expect(kind.status).toBe(400);
      expect(JSON.stringify(kind.body.error.details)).toContain('kind');
      const size = await send('POST', '/imports', t.token, { kind: 'jobs', format: 'csv', size: 10 * 1024 * 1024 + 1 });
      expect(size.status).toBe(400);
      expect(JSON.stringify(size.body.error.details)).toContain('size');
    });

    it('answers 403 to a General user without Jobs access', async () => {
      const res = await send('POST', '/imports', noJobs.token, { kind: 'jobs', format: 'csv', size: 10 });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('MODULE_ACCESS_REQUIRED');
    });

    it("answers 404 for another account's import and another user's", async () => {
      const started = await upload(t.token, csv(jobColumns, []));
      expect((await api(`/imports/${started.id}`, { token: other.token })).status).toBe(404);
      expect((await send('POST', `/imports/${started.id}/validate`, other.token)).status).toBe(404);
      expect((await send('POST', `/imports/${started.id}/commit`, general.token)).status).toBe(404);
    });

    it('refuses an upload of another length than the one signed: nothing is stored', async () => {
      const started = await send('POST', '/imports', t.token, { kind: 'jobs', format: 'csv', size: 5 });
      const put = await fetch(started.body.upload.url, {
        method: 'PUT',
        headers: started.body.upload.headers,
        body: 'Title\nhello',
      }).catch(() => undefined);
      expect(put?.ok ?? false).toBe(false);
      const res = await send('POST', `/imports/${started.body.import.id}/validate`, t.token);
      expect(res.body.error.code).toBe('IMPORT_FILE_MISSING');
    });

    it('answers 400 IMPORT_FILE_SIZE when the stored file is not the size the import was started with', async () => {
      const started = await send('POST', '/imports', t.token, { kind: 'jobs', format: 'csv', size: 5 });
      // Stored around the signed URL (as a bucket stand-in that ignores the signed length would).
      const env = inject('localEnv');
      const s3 = new S3Client({
        region: env.AWS_REGION,
        endpoint: env.AWS_ENDPOINT_URL_S3,
        forcePathStyle: true,
        credentials: {
          accessKeyId: env.AWS_ACCESS_KEY_ID as string,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
        },
      });
      await s3.send(
        new PutObjectCommand({
          Bucket: env.ATTACHMENTS_BUCKET,
          Key: importFileObject(t.account.id, started.body.import.id),
          Body: 'Title\nhello',
        }),
      );
      const res = await send('POST', `/imports/${started.body.import.id}/validate`, t.token);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'IMPORT_FILE_SIZE', details: { size: 11, expected: 5 } });
    });
  });

  describe('bad files', () => {
    it('answers 400 IMPORT_FILE_MISSING when validating before the upload', async () => {
      const started = await send('POST', '/imports', t.token, { kind: 'jobs', format: 'csv', size: 10 });
      const res = await send('POST', `/imports/${started.body.import.id}/validate`, t.token);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('IMPORT_FILE_MISSING');
    });

    it('answers 400 for an XLSX file started as CSV, and for a CSV file started as XLSX', async () => {
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('Jobs').addRow(['Title']);
      const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
      const asCsv = await upload(t.token, xlsx);
      const refused = await send('POST', `/imports/${asCsv.id}/validate`, t.token);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('IMPORT_FORMAT_MISMATCH');
      const asXlsx = await upload(t.token, 'Title\nA\n', { format: 'xlsx' });
      const notXlsx = await send('POST', `/imports/${asXlsx.id}/validate`, t.token);
      expect(notXlsx.status).toBe(400);
      expect(notXlsx.body.error.code).toBe('IMPORT_FILE_NOT_XLSX');
    });

    it('rejects binary data, mixed encodings and broken quoting with a code and message, never a 500', async () => {
      const binary = await preview(t, new Uint8Array([0x00, 0xff, 0x10, 0x00]));
      expect(binary).toMatchObject({ status: 'rejected', error: { code: 'IMPORT_FILE_ENCODING' } });
      const mixed = new Uint8Array([...new TextEncoder().encode('Title,Due Date,Location\nCafé,'), 0xe9, 0x0a]);
      expect(await preview(t, mixed)).toMatchObject({ status: 'rejected', error: { code: 'IMPORT_FILE_ENCODING' } });
      const quoting = await preview(t, 'Title,Due Date,Location\n"Gate,2027-01-01,A\n');
      expect(quoting).toMatchObject({ status: 'rejected', error: { code: 'IMPORT_FILE_NOT_CSV' } });
    });

    it('rejects wrong headers, naming each column', async () => {
      const res = await preview(t, 'Title,Colour,Location\nA,red,B\n');
      expect(res.status).toBe('rejected');
      expect(res.error).toMatchObject({
        code: 'IMPORT_HEADERS',
        details: [
          { column: 'Colour', problem: 'is not a column of the template' },
          { column: 'Due Date', problem: 'is missing' },
        ],
      });
    });

    it('accepts a BOM, CRLF and a quoted line break in a cell; a duplicate row and a bad cell are row errors', async () => {
      const file = `\uFEFFTitle,Due Date,Location,Owners\r\n"Gate\r\nchecks",${due},Gate A,${t.admin.email}\r\n"Gate\r\nchecks",${due},Gate A,${t.admin.email}\r\nNo date,soon,Gate B,${t.admin.email}\r\n`;
      const res = await preview(t, file);
      expect(res.status).toBe('previewed');
      expect(res.preview).toMatchObject({ rows: 3, create: 1, update: 0, skip: 0, invalid: 2 });
      expect(res.preview?.errors).toEqual([
        { row: 3, column: '', problem: 'repeats row 2' },
        { row: 4, column: 'Due Date', problem: expect.any(String) },
      ]);
      const commit = await send('POST', `/imports/${res.id}/commit`, t.token);
      expect(commit.status).toBe(409);
      expect(commit.body.error.code).toBe('IMPORT_HAS_ERRORS');
      expect(await jobsTitled(t.token, 'Gate\r\nchecks')).toEqual([]);
    });

    it('stores an injection payload as text, never evaluated, and takes off the quote an export adds', async () => {
      const rows = [
        { Title: "=cmd|' /C calc'!A0", 'Due Date': due, Location: 'Gate A', Owners: t.admin.email },
        { Title: "'@SUM(1+1)", 'Due Date': due, Location: '+Gate B', Owners: t.admin.email },
      ];
      const res = await preview(
        t,
        `Title,Due Date,Location,Owners\n${rows
          .map((row) =>
            Object.values(row)
              .map((v) => `"${v}"`)
              .join(','),
          )
          .join('\n')}\n`,
      );
      expect(res.preview).toMatchObject({ create: 2, invalid: 0 });
      const done = await commit(t, res.id);
      expect(done.summary).toMatchObject({ created: 2, failed: 0 });
      const created = await api(`/jobs/${importedItemId(res.id, 2)}`, { token: t.token });
      expect(created.body.title).toBe("=cmd|' /C calc'!A0");
      const second = await api(`/jobs/${importedItemId(res.id, 3)}`, { token: t.token });
      expect(second.body).toMatchObject({ title: '@SUM(1+1)', location: { text: '+Gate B' } });
    });
  });

  describe('formats and kinds', () => {
    it('imports an XLSX workbook: a formula cell is its text, a date cell its ISO time', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Jobs');
      sheet.addRow(['Title', 'Due Date', 'Location', 'Owners']);
      sheet.addRow([{ formula: 'HYPERLINK("http://evil")' }, new Date(due), 'Gate X', t.admin.email]);
      const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
      const res = await preview(t, bytes, { format: 'xlsx' });
      expect(res).toMatchObject({ status: 'previewed', preview: { create: 1, invalid: 0 } });
      await commit(t, res.id);
      const job = await api(`/jobs/${importedItemId(res.id, 2)}`, { token: t.token });
      expect(job.body).toMatchObject({ title: '=HYPERLINK("http://evil")', dueAt: new Date(due).toISOString() });
    });

    it('imports incidents with the incident rules: a severity of the account scale, owners required', async () => {
      const started = await send('POST', '/imports', t.token, { kind: 'incidents', format: 'csv', size: 1 });
      expect(started.status).toBe(201);
      const file = csv(
        ['Title', 'Raised At', 'Severity', 'Owners', 'Location'],
        [
          {
            Title: 'Slip at bar',
            'Raised At': '2026-12-01T20:00:00Z',
            Severity: 'High',
            Owners: t.admin.email,
            Location: 'Bar',
          },
          { Title: 'No owner', 'Raised At': '2026-12-01T20:00:00Z', Severity: 'low', Owners: '', Location: 'Bar' },
        ],
      );
      const res = await preview(t, file, { kind: 'incidents' });
      expect(res.preview).toMatchObject({ create: 1, invalid: 1 });
      expect(res.preview?.errors).toEqual([{ row: 3, column: 'Owners', problem: 'is required' }]);
    });
  });

  describe('permissions', () => {
    it('makes a row the importer could not create by hand a row error (a General user and a privacy status they lack)', async () => {
      const file = csv(jobColumns, [
        { Title: 'Open one', 'Due Date': due, Location: 'A', Owners: general.email },
        { Title: 'Secret one', 'Due Date': due, Location: 'A', Owners: general.email, 'Privacy Status': 'Secret' },
      ]);
      const res = await preview({ token: general.token, account: t.account }, file);
      expect(res.preview).toMatchObject({ create: 1, invalid: 1 });
      expect(res.preview?.errors).toEqual([
        { row: 3, column: '', problem: 'you may not create this job (CONFIDENTIAL_DENIED)' },
      ]);
      // The admin may: the same file previews clean for them.
      const admin = await preview(t, file);
      expect(admin.preview).toMatchObject({ create: 2, invalid: 0 });
      expect(secret).toBeTruthy();
    });

    it('makes an update row of a job the importer cannot see a row error, like an unknown id', async () => {
      const hidden = await send('POST', '/jobs', t.token, {
        title: 'Hidden',
        dueAt: due,
        location: { text: 'A' },
        ownerIds: [t.admin.id],
        privacyStatusId: secret,
      });
      const file = csv(
        ['ID', ...jobColumns],
        [
          { ID: hidden.body.id, Title: 'Seen?', 'Due Date': due, Location: 'A', Owners: general.email },
          { ID: 'no-such-job', Title: 'Unknown', 'Due Date': due, Location: 'A', Owners: general.email },
        ],
      );
      const res = await preview({ token: general.token, account: t.account }, file);
      expect(res.preview?.errors).toEqual([
        { row: 2, column: 'ID', problem: 'no such job' },
        { row: 3, column: 'ID', problem: 'no such job' },
      ]);
    });
  });

  describe('external users', () => {
    const assigned = (address: string) =>
      csv(jobColumns, [
        {
          Title: `For ${address}`,
          'Due Date': due,
          Location: 'A',
          Owners: t.admin.email,
          'External Users': `${ann.email}; ${address}`,
        },
      ]);

    it('makes an unknown address a row error when the import does not create external users', async () => {
      const address = newEmail('unknown');
      const res = await preview(t, assigned(address));
      expect(res.preview?.errors).toEqual([
        {
          row: 2,
          column: 'External Users',
          problem: `no external user with the address ${address} (the import does not create them)`,
        },
      ]);
    });

    it('creates the external user an unknown address names, when the import says so, and assigns both', async () => {
      const address = newEmail('new-steward');
      const res = await preview(t, assigned(address), { createExternalUsers: true });
      expect(res.preview).toMatchObject({
        create: 1,
        invalid: 0,
        externalUsersToCreate: [address],
        externalUsersToCreateCount: 1,
      });
      const done = await commit(t, res.id);
      expect(done.summary).toMatchObject({ created: 1, failed: 0 });
      const found = await api(`/external-users?q=${encodeURIComponent(address)}`, { token: t.token });
      expect(found.body.items).toHaveLength(1);
      const job = await api(`/jobs/${importedItemId(res.id, 2)}`, { token: t.token });
      expect([...job.body.externalUsers].sort()).toEqual([ann.id, found.body.items[0].id].sort());
      const assignments = await api(`/jobs/${job.body.id}/assignments`, { token: t.token });
      expect(assignments.status).toBe(200);
    });
  });

  describe('commit', () => {
    const many = (prefix: string, count: number) =>
      csv(
        jobColumns,
        Array.from({ length: count }, (_, i) => ({
          Title: `${prefix} ${String(i).padStart(2, '0')}`,
          'Due Date': due,
          Location: 'Gate',
          Owners: t.admin.email,
        })),
      );

    it('applies a preview chunk by chunk, and a chunk run again after a crash creates nothing twice', async () => {
      const prefix = `Chunked ${Date.now()}`;
      const rows = commitChunkRows + 5;
      const res = await preview(t, many(prefix, rows));
      expect(res.preview).toMatchObject({ rows, create: rows, invalid: 0 });
      expect(await jobsTitled(t.token, prefix)).toEqual([]);
      const started = await send('POST', `/imports/${res.id}/commit`, t.token);
      expect(started.body).toMatchObject({ status: 'committing', progress: { rowsApplied: 0, rowsTotal: rows } });
      // The record as the commit left it, before the worker's chunks: what a retried or duplicated
      // invocation of the first chunk would be handed again later.
      const first = (await findImport(t.account.id, res.id)) as ImportRecord;
      // The background worker applies it chunk by chunk, each chunk its own invocation.
      const done = await runWorker(t.account.id, res.id, 'committing');
      expect(done).toMatchObject({
        status: 'committed',
        progress: { rowsApplied: rows, rowsTotal: rows },
        summary: { created: rows, updated: 0, skipped: 0, failed: 0, failures: [] },
      });
      // The first chunk run again from that older record, after the commit finished: its rows'
      // items exist already, and its progress write loses to the one recorded.
      await processImportChunk(t.account.id, first);
      expect((await api(`/imports/${res.id}`, { token: t.token })).body).toMatchObject({
        status: 'committed',
        summary: { created: rows },
      });
      const titles = (await jobsTitled(t.token, prefix)).map((row) => row.title).sort();
      expect(titles).toEqual(Array.from({ length: rows }, (_, i) => `${prefix} ${String(i).padStart(2, '0')}`));
    });

    it('answers 409 to a second commit, and a replayed last chunk changes nothing', async () => {
      const prefix = `Twice ${Date.now()}`;
      const res = await preview(t, many(prefix, 2));
      const before = (await findImport(t.account.id, res.id)) as ImportRecord;
      const done = await commit(t, res.id);
      expect(done.summary).toMatchObject({ created: 2 });
      const again = await send('POST', `/imports/${res.id}/commit`, t.token);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('IMPORT_STATE');
      await processImportChunk(t.account.id, {
        ...before,
        status: 'committing',
        progress: { rowsApplied: 0, rowsTotal: 2 },
      });
      expect(await jobsTitled(t.token, prefix)).toHaveLength(2);
      expect((await api(`/imports/${res.id}`, { token: t.token })).body).toMatchObject({
        status: 'committed',
        summary: { created: 2 },
      });
    });

    it('counts every row once when invocations of the same chunk run at the same time', async () => {
      const prefix = `Duplicated ${Date.now()}`;
      const rows = commitChunkRows;
      const res = await preview(t, many(prefix, rows));
      const previewed = (await findImport(t.account.id, res.id)) as ImportRecord;
      // What a stream record delivered more than once hands concurrent worker invocations: the same
      // committing record. Each row's create races the others'; a losing write must still count its
      // row as created, whichever invocation's summary is recorded.
      const committing: ImportRecord = {
        ...previewed,
        status: 'committing',
        progress: { rowsApplied: 0, rowsTotal: rows },
      };
      await Promise.all(
        [0, 3, 6, 9].map(async (delay) => {
          await new Promise((resolve) => setTimeout(resolve, delay));
          await processImportChunk(t.account.id, committing);
        }),
      );
      expect(await findImport(t.account.id, res.id)).toMatchObject({
        status: 'committed',
        summary: { created: rows, updated: 0, skipped: 0, failed: 0, failures: [] },
      });
      expect(await jobsTitled(t.token, prefix)).toHaveLength(rows);
    });
  });

  describe('round trip', () => {
    it('re-imports a template-format export of jobs as updates of the same jobs: edited rows update, the others are skipped', async () => {
      const prefix = `Round ${Date.now()}`;
      const made = await Promise.all(
        ['a', 'b', 'c'].map((label) =>
          send('POST', '/jobs', t.token, {
            title: `${prefix} ${label}`,
            dueAt: due,
            location: { text: `=Gate ${label}` },
            ownerIds: [t.admin.id],
            externalUsers: [{ id: ann.id }],
            ...(label === 'c' ? { privacyStatusId: secret } : {}),
          }),
        ),
      );
      expect(made.map((res) => res.status)).toEqual([201, 201, 201]);
      const columns =
        'id,title,status,dueAt,categoryId,location,ownerIds,departmentId,privacyStatusId,customerId,siteId,externalUserIds';
      const report = await api(`/reports/jobs?limit=1000&columns=${columns}`, { token: t.token });
      expect(report.status).toBe(200);
      // A report row as the template's item: nothing for null, the location's text, the external users.
      const items = (report.body.rows as Record<string, unknown>[])
        .filter((row) => String(row.title).startsWith(prefix))
        .map((row) => {
          const kept = Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null));
          return { ...kept, location: { text: row.location }, externalUsers: row.externalUserIds } as TemplateItem;
        });
      expect(items).toHaveLength(3);
      const directory = {
        staffEmail: (id: string) => (id === t.admin.id ? t.admin.email : undefined),
        externalUserEmail: (id: string) => (id === ann.id ? ann.email : undefined),
        categories: [],
        departments: [],
        privacyStatuses: [{ id: secret, name: 'Secret' }],
      };
      const rows: TemplateRow[] = items.map((item) => templateRow('jobs', item, directory));
      const edited = rows.map((row) =>
        row.Title === `${prefix} b` ? { ...row, Title: `${prefix} b renamed`, 'External Users': '' } : row,
      );
      const res = await preview(t, csv(templateColumns.jobs, edited));
      expect(res.preview).toMatchObject({ rows: 3, create: 0, update: 1, skip: 2, invalid: 0 });
      const done = await commit(t, res.id);
      expect(done.summary).toMatchObject({ created: 0, updated: 1, skipped: 2, failed: 0 });
      const after = await jobsTitled(t.token, prefix);
      expect(after.map((row) => row.id).sort()).toEqual(items.map((item) => item.id).sort());
      const renamed = await api(`/jobs/${made[1]?.body.id}`, { token: t.token });
      expect(renamed.body).toMatchObject({ title: `${prefix} b renamed`, version: 2, location: { text: '=Gate b' } });
      expect(renamed.body.externalUsers ?? []).toEqual([]);
      const all = await listIds('/jobs', t.token, '', 100);
      expect(all).toEqual(expect.arrayContaining(items.map((item) => item.id)));
    });
  });
  describe('commit leaving out the rows with errors', () => {
    /** An XLSX workbook of jobs titled `prefix` n: row `bad` (spreadsheet numbering) has a due date that is no date. */
    async function workbook(prefix: string, count: number, bad: number) {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Jobs');
      sheet.addRow(['Title', 'Due Date', 'Location', 'Owners']);
      for (let i = 0; i < count; i++) {
        sheet.addRow([`${prefix} ${String(i).padStart(2, '0')}`, i + 2 === bad ? 'soon' : due, 'Gate', t.admin.email]);
      }
      return new Uint8Array(await book.xlsx.writeBuffer());
    }

    it('answers 409 IMPORT_HAS_ERRORS naming skipInvalidRows without it, and 400 naming body.skipInvalidRows for a non-boolean', async () => {
      const res = await preview(t, await workbook(`Refused ${Date.now()}`, 2, 3), { format: 'xlsx' });
      expect(res.preview).toMatchObject({ rows: 2, create: 1, invalid: 1 });
      const refused = await send('POST', `/imports/${res.id}/commit`, t.token, {});
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('IMPORT_HAS_ERRORS');
      expect(refused.body.error.message).toContain('skipInvalidRows');
      const off = await send('POST', `/imports/${res.id}/commit`, t.token, { skipInvalidRows: false });
      expect(off.status).toBe(409);
      const bad = await send('POST', `/imports/${res.id}/commit`, t.token, { skipInvalidRows: 'yes' });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body.error)).toContain('skipInvalidRows');
      const unknown = await send('POST', `/imports/${res.id}/commit`, t.token, { skipRows: true });
      expect(unknown.status).toBe(400);
      expect((await api(`/imports/${res.id}`, { token: t.token })).body.status).toBe('previewed');
    });

    it("answers 404 to a commit with skipInvalidRows of another user's import and of an unknown one", async () => {
      const res = await preview(t, await workbook(`Foreign ${Date.now()}`, 2, 3), { format: 'xlsx' });
      for (const [token, id] of [
        [general.token, res.id],
        [other.token, res.id],
        [t.token, 'no-such-import'],
      ] as const) {
        const answer = await send('POST', `/imports/${id}/commit`, token, { skipInvalidRows: true });
        expect(answer.status).toBe(404);
      }
      expect((await api(`/imports/${res.id}`, { token: t.token })).body.status).toBe('previewed');
    });

    it('commits an XLSX workbook with a bad row with skipInvalidRows: exactly the valid rows, the left-out row and its problem in the summary and the audit entry', async () => {
      const prefix = `Skipping ${Date.now()}`;
      const res = await preview(t, await workbook(prefix, 3, 3), { format: 'xlsx' });
      expect(res.preview).toMatchObject({ rows: 3, create: 2, invalid: 1 });
      const started = await send('POST', `/imports/${res.id}/commit`, t.token, { skipInvalidRows: true });
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      expect(started.body).toMatchObject({
        status: 'committing',
        skipInvalidRows: true,
        progress: { rowsApplied: 0, rowsTotal: 2 },
      });
      await runWorker(t.account.id, res.id, 'committing');
      const done = (await api(`/imports/${res.id}`, { token: t.token })).body as ImportRecord;
      expect(done).toMatchObject({
        status: 'committed',
        progress: { rowsApplied: 2, rowsTotal: 2 },
        summary: {
          created: 2,
          updated: 0,
          skipped: 0,
          failed: 0,
          failures: [],
          invalidSkipped: 1,
          invalidRows: [{ row: 3, problems: [{ column: 'Due Date', problem: expect.any(String) }] }],
        },
      });
      const titles = (await jobsTitled(t.token, prefix)).map((row) => row.title).sort();
      expect(titles).toEqual([`${prefix} 00`, `${prefix} 02`]);
      expect((await api(`/jobs/${importedItemId(res.id, 3)}`, { token: t.token })).status).toBe(404);

      await drainStreams();
      const activity: { action: string; subject?: { id: string }; details: Record<string, unknown> }[] = [];
      let cursor: string | undefined;
      do {
        const page = await api(`/external-activity${cursor ? `?cursor=${cursor}` : ''}`, { token: t.token });
        expect(page.status).toBe(200);
        activity.push(...page.body.items);
        cursor = page.body.cursor;
      } while (cursor);
      const entries = activity.filter((entry) => entry.subject?.id === res.id);
      expect(entries).toEqual([
        expect.objectContaining({
          action: 'import_committed',
          actor: { kind: 'staff', id: t.admin.id },
          details: expect.objectContaining({ skipInvalidRows: true, invalidSkipped: 1, invalidRows: [3], create: 2 }),
        }),
      ]);
    });

    it('resumes a commit with skipInvalidRows after a crash and creates nothing twice', async () => {
      const prefix = `Resumed skip ${Date.now()}`;
      const rows = commitChunkRows + 4;
      const bad = 5;
      const res = await preview(t, await workbook(prefix, rows, bad), { format: 'xlsx' });
      expect(res.preview).toMatchObject({ rows, create: rows - 1, invalid: 1 });
      const started = await send('POST', `/imports/${res.id}/commit`, t.token, { skipInvalidRows: true });
      expect(started.status).toBe(202);
      const first = (await findImport(t.account.id, res.id)) as ImportRecord;
      const done = await runWorker(t.account.id, res.id, 'committing');
      expect(done).toMatchObject({
        status: 'committed',
        progress: { rowsApplied: rows - 1, rowsTotal: rows - 1 },
        summary: { created: rows - 1, failed: 0, invalidSkipped: 1 },
      });
      // The first chunk again from the record as the commit left it (a crashed invocation retried),
      // and a second commit asked for: nothing more is created, the summary stands.
      await processImportChunk(t.account.id, first);
      const again = await send('POST', `/imports/${res.id}/commit`, t.token, { skipInvalidRows: true });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('IMPORT_STATE');
      const titles = (await jobsTitled(t.token, prefix)).map((row) => row.title);
      expect(titles).toHaveLength(rows - 1);
      expect(new Set(titles).size).toBe(rows - 1);
      expect(titles).not.toContain(`${prefix} ${String(bad - 2).padStart(2, '0')}`);
      expect((await api(`/imports/${res.id}`, { token: t.token })).body).toMatchObject({
        status: 'committed',
        summary: { created: rows - 1, invalidSkipped: 1, invalidRows: [{ row: bad }] },
      });
    });
  });
});
