import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ImportRecord } from '../../functions/imports/import.schema';
import { processImportChunk } from '../../functions/imports/import-processor';
import { findImport, importOfImage } from '../../functions/imports/import-repository';
import { reportCsv } from '../../functions/reports/report-csv';
import { systemClock } from '../../functions/shared/clock';
import { exportRecord, importPreviewObject, importRecord } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import { deleteObject, readObject, writeObject } from '../../functions/shared/file-store';
import { handler as worker } from '../../functions/workers/worker.handler';
import { replayDeadLetters } from '../../scripts/dead-letters';
import { daysFromNow } from '../support/dates';
import {
  deadLetterBucket,
  failingOnItemFailures,
  goneStreamRecord,
  deadLetterObject as lambdaDeadLetter,
} from '../support/dead-letters';
import { emailsTo } from '../support/inbox';
import { api, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * `npm run replay-dead-letters -- --worker`' replay, through the local stack: the background
 * worker's dead letters are kept as the consumer's are (Lambda's S3 on-failure record, the batch
 * whole in `payload`), so the same replay hands them to the real worker long after the stream
 * trimmed them: an import commit the live worker gave up on is applied by the replay. Replaying is
 * idempotent: a batch whose export or import has moved on changes nothing.
 */
describe("replaying the background worker's dead letters from its S3 on-failure destination", () => {
  let s3: S3Client;
  let bucket: string;
  let t: Tenant;
  const invokeWorker = failingOnItemFailures(worker);

  beforeAll(async () => {
    t = await newAccountWithAdmin('worker-dead-letters');
    ({ s3, bucket } = await deadLetterBucket(inject('localEnv'), 'worker-dead-letters'));
  });

  /** An export run to its end by the live worker, and the INSERT record of it as first queued. */
  async function finishedExport(): Promise<{ id: string; record: DynamoDBRecord }> {
    const started = await send('POST', '/exports', t.token, { report: 'jobs', format: 'csv' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const until = Date.now() + 60_000;
    while ((await api(`/exports/${started.body.id}`, { token: t.token })).body.status !== 'done') {
      if (Date.now() > until) throw new Error('export not done');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const key = exportRecord(t.account.id, started.body.id);
    const { Item } = await dynamo.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: key }));
    const stored = Item as Record<string, unknown>;
    const queued = { ...stored, status: 'queued', version: 1 };
    return {
      id: started.body.id,
      record: goneStreamRecord('INSERT', key, { new: queued }, '200000000000000000001'),
    };
  }

  /** The object Lambda writes for a failed batch of the worker's mapping. */
  const deadLetterObject = (records: DynamoDBRecord[]) =>
    lambdaDeadLetter(records, { shardId: 'shardId-0002', approximateInvokeCount: 3 });

  it('hands a batch the stream no longer holds to the worker, which finds the export done and changes nothing, and moves it aside', async () => {
    const { id, record } = await finishedExport();
    await drainStreams();
    const before = (await api(`/exports/${id}`, { token: t.token })).body;
    const mails = (await emailsTo(t.admin.email)).length;
    const key = `aws/lambda/worker-mapping/shardId-0002/2026/09/01/2026-09-01T10.00.00-${randomUUID()}`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: deadLetterObject([record]) }));

    expect(await replayDeadLetters(s3, bucket, invokeWorker)).toEqual({ replayed: [key], failed: [] });
    await drainStreams();
    const after = (await api(`/exports/${id}`, { token: t.token })).body;
    expect(after).toMatchObject({ status: 'done', rowsWritten: before.rowsWritten });
    expect((await emailsTo(t.admin.email)).length).toBe(mails);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'replayed/' }));
    expect((listed.Contents ?? []).map((object) => object.Key)).toContain(`replayed/${key}`);
    // The same batch again: replayed, still nothing changes.
    const again = `${key}-again`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: again, Body: deadLetterObject([record]) }));
    expect((await replayDeadLetters(s3, bucket, invokeWorker, { key: again })).replayed).toEqual([again]);
    expect((await api(`/exports/${id}`, { token: t.token })).body.status).toBe('done');
  });

  /** The import's state once the live worker has moved it out of `status`. */
  async function importLeaving(id: string, status: ImportRecord['status']): Promise<ImportRecord> {
    const until = Date.now() + 60_000;
    for (;;) {
      const record = (await findImport(t.account.id, id)) as ImportRecord;
      if (record.status !== status) return record;
      if (Date.now() > until) throw new Error(`import still ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const jobsTitled = async (prefix: string) => {
    const res = await api('/reports/jobs?columns=id,title&limit=1000', { token: t.token });
    expect(res.status).toBe(200);
    return (res.body.rows as { title: string }[]).filter((row) => row.title.startsWith(prefix));
  };

  /**
   * An import whose commit the live worker gave up on for real: its preview file is gone (as in an
   * S3 outage), so the worker throws on every try and Lambda dead-letters the record. Answers the
   * import, the preview file to put back, and the committing record as stored (the dead letter's image).
   */
  async function strandedCommit(label: string) {
    const prefix = `${label} ${randomUUID().slice(0, 8)}`;
    const file = reportCsv(
      ['Title', 'Due Date', 'Location', 'Owners'],
      [1, 2].map((n) => ({
        Title: `${prefix} ${n}`,
        'Due Date': daysFromNow(30),
        Location: 'Gate',
        Owners: t.admin.email,
      })),
    );
    const bytes = new TextEncoder().encode(file);
    const started = await send('POST', '/imports', t.token, { kind: 'jobs', format: 'csv', size: bytes.byteLength });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const put = await fetch(started.body.upload.url, {
      method: 'PUT',
      headers: started.body.upload.headers,
      body: bytes,
    });
    expect(put.status).toBe(200);
    const id = started.body.import.id as string;
    expect((await send('POST', `/imports/${id}/validate`, t.token)).status).toBe(202);
    expect(await importLeaving(id, 'validating')).toMatchObject({ status: 'previewed', preview: { create: 2 } });

    const previewKey = importPreviewObject(t.account.id, id);
    const preview = await readObject(previewKey);
    await deleteObject(previewKey);
    const commit = await send('POST', `/imports/${id}/commit`, t.token);
    expect(commit.status, JSON.stringify(commit.body)).toBe(202);
    await drainStreams();
    expect(await findImport(t.account.id, id)).toMatchObject({ status: 'committing', progress: { rowsApplied: 0 } });
    expect(await jobsTitled(prefix)).toEqual([]);

    const key = importRecord(t.account.id, id);
    const { Item } = await dynamo.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: key }));
    const restore = () => writeObject(previewKey, new TextDecoder().decode(preview), 'application/json');
    return { id, prefix, key, item: Item as Record<string, unknown>, restore };
  }

  it('hands an import commit the worker gave up on to the worker days later, which applies its rows and commits it; a second replay adds nothing', async () => {
    const { id, prefix, key, item, restore } = await strandedCommit('Replayed import');
    // The cause fixed; the dead letter (the committing record whole) replayed long after the stream let it go.
    await restore();
    const record = goneStreamRecord('MODIFY', key, { new: item }, '200000000000000000002');
    const deadLetter = `aws/lambda/worker-mapping/shardId-0002/2026/09/03/2026-09-03T10.00.00-${randomUUID()}`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: deadLetter, Body: deadLetterObject([record]) }));

    expect(await replayDeadLetters(s3, bucket, invokeWorker, { key: deadLetter })).toEqual({
      replayed: [deadLetter],
      failed: [],
    });
    await drainStreams();
    expect(await findImport(t.account.id, id)).toMatchObject({
      status: 'committed',
      progress: { rowsApplied: 2, rowsTotal: 2 },
      summary: { created: 2, failed: 0 },
    });
    expect((await jobsTitled(prefix)).map((row) => row.title).sort()).toEqual([`${prefix} 1`, `${prefix} 2`]);

    // The same dead letter replayed again: its rows' items exist, its progress write loses; nothing more.
    const again = `${deadLetter}-again`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: again, Body: deadLetterObject([record]) }));
    expect((await replayDeadLetters(s3, bucket, invokeWorker, { key: again })).replayed).toEqual([again]);
    await drainStreams();
    expect(await jobsTitled(prefix)).toHaveLength(2);
    expect(await findImport(t.account.id, id)).toMatchObject({ status: 'committed', summary: { created: 2 } });
  });
  it('counts the commit once (ImportCommitted), by the step whose write recorded it', async () => {
    const { id, item, restore } = await strandedCommit('Counted import');
    await restore();
    const counted: [string, Record<string, string> | undefined][] = [];
    const count = (name: string, properties?: Record<string, string>) => counted.push([name, properties]);
    const committing = importOfImage(item).record;

    await processImportChunk(t.account.id, committing, systemClock, count);
    await processImportChunk(t.account.id, committing, systemClock, count);

    expect(counted).toEqual([['ImportCommitted', { kind: 'jobs' }]]);
    expect(await findImport(t.account.id, id)).toMatchObject({ status: 'committed' });
  });
});
