import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readExport } from '../../functions/exports/export-read-repository';
import { type Cell, neutralisedCell } from '../../functions/reports/report-csv';
import { workItem } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import { daysFromNow } from '../support/dates';
import { emailsTo } from '../support/inbox';
import { api, type Member, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * POST /exports and GET /exports/{id} through the local stack: the worker (on its queue, each
 * chunk's message sent by the records consumer) writes the file to the exports bucket (s3rver) in chunks, and the requester is
 * e-mailed (aws-ses-v2-local). The files are read back with csv-parse and exceljs's reader and
 * compared with the GET report's rows.
 */
describe('exports of reports', () => {
  let t: Tenant;
  let other: Tenant;
  let general: Member;
  let secret: string;
  let ann: { id: string; email: string };
  const columns =
    'title,status,dueAt,archived,externalUserIds,externalUserNames,externalUserEmails,externalUserEmailStatuses,requiredTotal';

  const job = async (token: string, title: string, extra: object = {}, ownerId = t.admin.id) => {
    const res = await send('POST', '/jobs', token, {
      title,
      dueAt: daysFromNow(30),
      location: { text: 'Gate A' },
      ownerIds: [ownerId],
      ...extra,
    });
    if (res.status !== 201) throw new Error(`job ${title}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };

  /** Starts an export and follows it until it is done or failed. */
  const exported = async (token: string, body: object, timeoutMs = 120_000) => {
    const started = await send('POST', '/exports', token, body);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.status).toBe('queued');
    const until = Date.now() + timeoutMs;
    for (;;) {
      const res = await api(`/exports/${started.body.id}`, { token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
      if (Date.now() > until) throw new Error(`export still ${res.body.status} after ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  };

  /** The GET report's rows as text cells, as a spreadsheet shows them (lists joined, formulas neutralised). */
  const reportCells = async (token: string, query: string) => {
    const res = await api(`/reports/jobs?limit=1000&${query}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return {
      header: res.body.columns as string[],
      rows: (res.body.rows as Record<string, Cell>[]).map((row) =>
        (res.body.columns as string[]).map((name) => neutralisedCell(row[name] ?? null)),
      ),
    };
  };

  const download = async (url: string) => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    return { bytes: Buffer.from(await res.arrayBuffer()), disposition: res.headers.get('content-disposition') };
  };

  beforeAll(async () => {
    [t, other] = await Promise.all([newAccountWithAdmin('exports'), newAccountWithAdmin('exports-other')]);
    const { version } = (await api('/account', { token: t.token })).body;
    const settings = await send('PATCH', '/account', t.token, { version, privacyStatuses: [{ name: 'Secret' }] });
    secret = settings.body.privacyStatuses[0].id;
    general = await member(t, 'general', 'exporter', { jobs: { access: true } });
    ann = (
      await send('POST', '/external-users', t.token, { givenName: 'Ann', familyName: 'Zoë', email: newEmail('ann') })
    ).body;
    await job(t.token, 'open with Ann', { externalUsers: [{ id: ann.id }] });
    await job(t.token, 'secret with Ann', { privacyStatusId: secret, externalUsers: [{ id: ann.id }] });
    await job(t.token, '=HYPERLINK("http://evil.example")');
    await job(t.token, '@SUM(1+1)', { status: 'completed' });
    await job(t.token, 'Café crème, "Zoë"\nline two');
    await drainStreams();
  });

  it('writes a CSV whose rows are the GET report’s, external-user columns included, with a BOM, CRLF and neutralised cells', async () => {
    const done = await exported(t.token, { report: 'jobs', format: 'csv', query: { columns } });
    expect(done).toMatchObject({ status: 'done', rowsWritten: 5, format: 'csv' });
    expect(Date.parse(done.download.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    const { bytes, disposition } = await download(done.download.url);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n');
    expect(disposition).toMatch(/attachment; filename\*=UTF-8''jobs-\d{4}-\d\d-\d\d\.csv/);
    const records = parse(text, { bom: true, record_delimiter: '\r\n' }) as string[][];
    const expected = await reportCells(t.token, `columns=${columns}`);
    expect(records[0]).toEqual(expected.header);
    expect(records.slice(1)).toEqual(expected.rows);
    const titles = records.slice(1).map((record) => record[0]);
    expect(titles).toContain('\'=HYPERLINK("http://evil.example")');
    expect(titles).toContain("'@SUM(1+1)");
    expect(titles).toContain('Café crème, "Zoë"\nline two');
    const row = records.find((record) => record[0] === 'open with Ann');
    expect(row?.slice(4, 8)).toEqual([ann.id, 'Ann Zoë', ann.email, 'sent']);
  });

  it('writes an XLSX with the same rows, numbers typed and text neutralised, readable by exceljs', async () => {
    const done = await exported(t.token, { report: 'jobs', format: 'xlsx', query: { columns } });
    expect(done.status).toBe('done');
    const { bytes } = await download(done.download.url);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as never);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no worksheet');
    const values: unknown[][] = [];
    sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const expected = await reportCells(t.token, `columns=${columns}`);
    expect(values[0]).toEqual(expected.header);
    const asText = (cell: unknown) => (cell === undefined || cell === null ? '' : String(cell));
    expect(values.slice(1).map((row) => expected.header.map((_, i) => asText(row[i])))).toEqual(expected.rows);
    const evil = values.find((row) => String(row[0]).includes('HYPERLINK'));
    expect(evil?.[0]).toBe('\'=HYPERLINK("http://evil.example")');
    // No cell is a formula, and the numbers are numbers.
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
    expect(typeof values.find((row) => row[0] === 'open with Ann')?.[8]).toBe('number');
  });

  it('e-mails the requester a link to the export’s status (not the expiring download URL)', async () => {
    const done = await exported(t.token, { report: 'jobs', format: 'csv' });
    // The e-mail follows the record's `done` (the worker marks it first, then sends).
    const mailFor = async () =>
      (await emailsTo(t.admin.email)).find((email) => email.body.text?.includes(`/exports/${done.id}`));
    let mail = await mailFor();
    for (let i = 0; i < 50 && !mail; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      mail = await mailFor();
    }
    expect(mail?.subject).toBe('Your jobs export is ready');
    expect(mail?.body.text).not.toContain('X-Amz-Signature');
  });

  it('never puts a confidential row in the export of a caller without its grant', async () => {
    const done = await exported(general.token, { report: 'jobs', format: 'csv', query: { columns: 'title' } });
    const text = (await download(done.download.url)).bytes.toString('utf8');
    expect(text).toContain('open with Ann');
    expect(text).not.toContain('secret with Ann');
    expect(done.rowsWritten).toBe(4);
  });

  it('answers 400 naming the field for a bad report, format, column or parameter, and queues nothing', async () => {
    const cases: [object, string][] = [
      [{ report: 'payroll', format: 'csv' }, 'body.report'],
      [{ report: 'jobs', format: 'pdf' }, 'body.format'],
      [{ report: 'jobs', format: 'csv', query: { columns: 'title,salary' } }, 'body.query.columns'],
      [{ report: 'jobs', format: 'csv', query: { status: 'sleeping' } }, 'body.query.status'],
      [{ report: 'jobs', format: 'csv', query: { limit: '10' } }, 'body.query'],
      [{ report: 'jobs', format: 'csv', extra: true }, 'body'],
    ];
    for (const [body, path] of cases) {
      const res = await send('POST', '/exports', t.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.error.details), JSON.stringify(body)).toContain(path);
    }
  });

  it('shows an export only to its requester: another account’s or another user’s id is 404', async () => {
    const started = await send('POST', '/exports', t.token, { report: 'incidents', format: 'csv' });
    expect(started.status).toBe(202);
    expect((await api(`/exports/${started.body.id}`, { token: other.token })).status).toBe(404);
    expect((await api(`/exports/${started.body.id}`, { token: general.token })).status).toBe(404);
    expect((await api(`/exports/${randomUUID()}`, { token: t.token })).status).toBe(404);
  });

  it('exports 10,000 jobs in chunks of at most 5,000 rows, never the whole result at once', async () => {
    const big = await newAccountWithAdmin('exports-10k');
    const model = await job(big.token, 'model', {}, big.admin.id);
    const { Item: stored } = await dynamo.send(
      new GetCommand({ TableName: process.env.TABLE_NAME, Key: workItem('job', big.account.id, model.id) }),
    );
    if (!stored) throw new Error('no stored job');
    // Copies of the job's own record (the list row the report reads), each with an id of its own.
    const copies = Array.from({ length: 9_999 }, (_, i) => {
      const id = randomUUID();
      return JSON.parse(JSON.stringify({ ...stored, title: `bulk ${i}` }).replaceAll(model.id, id));
    });
    for (let i = 0; i < copies.length; i += 25) {
      let writes = copies.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      while (writes.length > 0) {
        const { UnprocessedItems } = await dynamo.send(
          new BatchWriteCommand({ RequestItems: { [process.env.TABLE_NAME as string]: writes } }),
        );
        writes = (UnprocessedItems?.[process.env.TABLE_NAME as string] ?? []) as typeof writes;
      }
    }
    const done = await exported(big.token, { report: 'jobs', format: 'csv', query: { columns: 'id,title' } }, 600_000);
    expect(done).toMatchObject({ status: 'done', rowsWritten: 10_000 });
    const record = await readExport(big.account.id, done.id);
    // Chunks of at most 5 pages of 1,000 rows (fewer when a chunk's time runs out on a busy
    // machine), each its own invocation and segment: never the whole result at once.
    expect(record).toMatchObject({ rowsWritten: 10_000 });
    expect(record?.segments).toBeGreaterThanOrEqual(2);
    expect(record?.chunks).toBeGreaterThanOrEqual(record?.segments as number);
    const lines = (await download(done.download.url)).bytes.toString('utf8').split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(10_001);
    expect(new Set(lines.slice(1).map((line) => line.split(',')[0])).size).toBe(10_000);
  }, 900_000);
});
