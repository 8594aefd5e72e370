import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { exportProcessor } from '../../functions/exports/export-processor';
import { readExport } from '../../functions/exports/export-read-repository';
import type { ExportRecord } from '../../functions/exports/export-record';
import { startExport } from '../../functions/exports/export-service';
import { createJob } from '../../functions/item-writes/create-job';
import type { Email } from '../../functions/shared/email';
import type { StreamChange } from '../../functions/shared/stream-change';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { ensureTable } from '../../local/dynamodb-local';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';

// A table of this file's own on the local stack's DynamoDB Local, which no stream consumer reads:
// the local worker would otherwise take the same exports through the same steps, and whichever
// advanced a record first would count it. Set before the product's modules read it at load.
vi.hoisted(() => {
  process.env.TABLE_NAME = `export-metrics-${Math.random().toString(36).slice(2)}`;
});

/** An Export change as the worker's queue hands it over: the record as written. */
const changeOf = (record: ExportRecord): StreamChange => ({
  eventName: record.version === 1 ? 'INSERT' : 'MODIFY',
  eventId: randomUUID(),
  sequenceNumber: String(Date.now()),
  entity: 'Export',
  keys: {},
  newImage: { ...record },
  oldImage: undefined,
  isTtlExpiry: false,
  approximateCreationTime: undefined,
});

/**
 * The background worker's counts (docs/operations.md: `ExportDone`, `ExportFailed`, with the
 * report and format as properties), through its `count` seam, with the real DynamoDB Local and
 * S3 stand-in where it reads and writes: one count per export's outcome, none for a chunk, none
 * for a change delivered again or one the record has moved past.
 */
describe('the export worker’s counts', () => {
  let admin: StaffUser;

  /** A processor whose counts and e-mails are kept. */
  const worker = (send: (email: Email) => Promise<void> = async () => {}) => {
    const counted: [string, Record<string, string> | undefined][] = [];
    const emails: Email[] = [];
    const process = exportProcessor({
      apiUrl: 'https://api.example.com',
      sendEmail: async (email) => {
        emails.push(email);
        await send(email);
      },
      count: (name, properties) => counted.push([name, properties]),
    });
    return { process, counted, emails };
  };
  const current = async (id: string) => {
    const record = await readExport(admin.accountId, id);
    if (!record) throw new Error('the export is gone');
    return record;
  };

  beforeAll(async () => {
    await ensureTable(new DynamoDBClient({}), String(process.env.TABLE_NAME));
    admin = await newUser(await newAccount('exportmetrics'), 'account_admin');
    for (const title of ['Gate', 'Bar', 'Car park']) {
      await createJob(
        callerOf(admin),
        { title, dueAt: daysFromNow(5), location: { text: 'North' }, ownerIds: [admin.id] },
        clock,
      );
    }
  });

  it('counts one ExportDone with the report and format when the file is written, and nothing for a chunk', async () => {
    const { id } = await startExport(callerOf(admin), {
      report: 'jobs',
      format: 'xlsx',
      query: { columns: 'title,status' },
    });
    const { process, counted, emails } = worker();

    await process(changeOf(await current(id)));
    const chunked = await current(id);
    expect(chunked).toMatchObject({ status: 'running', pagesDone: true, chunks: 1, segments: 1, rowsWritten: 3 });
    expect(counted).toEqual([]);

    await process(changeOf(chunked));
    expect((await current(id)).status).toBe('done');
    expect(counted).toEqual([['ExportDone', { report: 'jobs', format: 'xlsx' }]]);
    expect(emails).toHaveLength(1);
  });

  it('counts an export done once when its last change is delivered twice at once, and again later', async () => {
    const { id } = await startExport(callerOf(admin), { report: 'jobs', format: 'csv', query: {} });
    const { process, counted, emails } = worker();
    const first = await current(id);
    await process(changeOf(first));
    const last = await current(id);

    await Promise.all([process(changeOf(last)), process(changeOf(last))]);
    await process(changeOf(last));
    await process(changeOf(first));

    expect(counted).toEqual([['ExportDone', { report: 'jobs', format: 'csv' }]]);
    expect(emails).toHaveLength(1);
    expect(await current(id)).toMatchObject({ status: 'done', rowsWritten: 3, chunks: 1 });
  });

  it('counts the export done even when its e-mail is refused', async () => {
    const { id } = await startExport(callerOf(admin), { report: 'jobs', format: 'csv', query: {} });
    const { process, counted } = worker(async () => {
      throw Object.assign(new Error('SES said no'), { name: 'MessageRejected' });
    });
    await process(changeOf(await current(id)));
    await process(changeOf(await current(id)));
    expect(counted).toEqual([['ExportDone', { report: 'jobs', format: 'csv' }]]);
  });

  it('counts one ExportFailed when a step fails, and nothing when that change comes again', async () => {
    // A template-layout export given to a worker without the import template's layout: its first
    // step throws, as an unexpected failure would.
    const { id } = await startExport(callerOf(admin), {
      report: 'jobs',
      format: 'xlsx',
      layout: 'template',
      query: {},
    });
    const { process, counted, emails } = worker();
    const queued = await current(id);

    await process(changeOf(queued));
    await process(changeOf(queued));

    expect(counted).toEqual([['ExportFailed', { report: 'jobs', format: 'xlsx' }]]);
    expect(emails).toHaveLength(1);
    expect(await current(id)).toMatchObject({
      status: 'failed',
      failureReason: 'The export could not be written; start it again, or ask support',
      rowsWritten: 0,
      chunks: 0,
    });
  });
});
