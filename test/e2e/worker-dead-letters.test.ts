import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ImportRecord } from '../../functions/imports/import.schema';
import { processImportChunk } from '../../functions/imports/import-processor';
import { findImport, importOfImage } from '../../functions/imports/import-repository';
import { reportCsv } from '../../functions/reports/report-csv';
import { systemClock } from '../../functions/shared/clock';
import { exportRecord, importPreviewObject, importRecord } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import { deleteObject, readObject, writeObject } from '../../functions/shared/file-store';
import { sendMessages } from '../../functions/shared/sqs-queue';
import { redriveWorkerDeadLetters } from '../../scripts/worker-dead-letters';
import { daysFromNow } from '../support/dates';
import { emailsTo } from '../support/inbox';
import { api, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * The background worker's queue through the local stack: a message the worker fails is received
 * again, and after its last receive waits in the dead-letter queue; `npm run replay-dead-letters
 * -- --worker`'s redrive (StartMessageMoveTask) hands it back to the worker, which applies an
 * import commit it gave up on. Messages are at-least-once: one whose export or import has moved
 * on changes nothing.
 */
describe("the background worker's queue and its dead letters", () => {
  let t: Tenant;
  const env = inject('localEnv');
  const sqs = new SQSClient({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL_SQS,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID as string, secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string },
  });
  const waiting = async (queueUrl: string) => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages);
  };
  const deadLettersWaiting = () => waiting(env.WORKER_DEAD_LETTER_QUEUE_URL as string);

  beforeAll(async () => {
    t = await newAccountWithAdmin('worker-dead-letters');
  });

  /** The message the records consumer sent when the export at `key` was queued. */
  const messageOf = (key: object, image: Record<string, unknown>, eventName: 'INSERT' | 'MODIFY' = 'INSERT') =>
    JSON.stringify({ eventName, keys: key, newImage: image });

  it('changes nothing for a message of an export already done, however often it comes', async () => {
    const started = await send('POST', '/exports', t.token, { report: 'jobs', format: 'csv' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await drainStreams();
    const before = (await api(`/exports/${started.body.id}`, { token: t.token })).body;
    expect(before.status).toBe('done');
    const mails = (await emailsTo(t.admin.email)).length;
    const key = exportRecord(t.account.id, started.body.id);
    const { Item } = await dynamo.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: key }));
    const queued = { ...(Item as Record<string, unknown>), status: 'queued', version: 1 };

    await sendMessages(env.WORKER_QUEUE_URL as string, [messageOf(key, queued), messageOf(key, queued)]);
    await drainStreams();

    expect((await api(`/exports/${started.body.id}`, { token: t.token })).body).toMatchObject({
      status: 'done',
      rowsWritten: before.rowsWritten,
    });
    expect((await emailsTo(t.admin.email)).length).toBe(mails);
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
   * S3 outage), so the worker throws on every receive and SQS dead-letters the message. Answers the
   * import, the preview file to put back, and the committing record as stored (the message's image).
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

  it('keeps an import commit the worker failed on every receive in the dead-letter queue, and the redrive applies it; a second message adds nothing', async () => {
    const before = await deadLettersWaiting();
    const { id, prefix, key, item, restore } = await strandedCommit('Redriven import');
    // The worker failed it on each of its receives: it now waits in the dead-letter queue.
    expect(await deadLettersWaiting()).toBe(before + 1);

    // The cause fixed; the dead letters redriven to the worker's queue.
    await restore();
    expect((await redriveWorkerDeadLetters(sqs, env.WORKER_DEAD_LETTER_QUEUE_ARN as string)).taskHandle).toBeTruthy();
    await drainStreams();
    expect(await deadLettersWaiting()).toBe(0);
    expect(await findImport(t.account.id, id)).toMatchObject({
      status: 'committed',
      progress: { rowsApplied: 2, rowsTotal: 2 },
      summary: { created: 2, failed: 0 },
    });
    expect((await jobsTitled(prefix)).map((row) => row.title).sort()).toEqual([`${prefix} 1`, `${prefix} 2`]);

    // The same step's message again (SQS delivers at least once): its rows' items exist, its progress write loses.
    await sendMessages(env.WORKER_QUEUE_URL as string, [messageOf(key, item, 'MODIFY')]);
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
