import { randomUUID } from 'node:crypto';
import type { BenchClient } from './client';
import { type ExportFigures, workerInvocationsOf } from './export-figures';
import { measureOperation, type OperationResult } from './measure';
import type { BenchContext } from './operations';
import { dueIn, type Fixture } from './scenario';

/** The rows the export scenario exports: issue 17's "export of 10,000 rows". */
export const exportRows = 10_000;

/**
 * Copies of one job's stored record, each with an id of its own, written directly to the table
 * in batches of 25 (uncounted: outside a measurement): 10,000 jobs in seconds, not 10,000 API calls.
 * They share a due date no other bench job has, so a due-date filter selects exactly them.
 */
async function seedJobs(client: BenchClient, fixture: Fixture, accountId: string, count: number) {
  const [{ BatchWriteCommand, GetCommand }, { dynamo }, { workItem }] = await Promise.all([
    import('@aws-sdk/lib-dynamodb'),
    import('../functions/shared/data/table'),
    import('../functions/shared/data/keys'),
  ]);
  const tableName = process.env.TABLE_NAME as string;
  const model = await client.expect(201, 'POST', '/jobs', {
    token: fixture.adminToken,
    body: {
      title: 'Bulk export row',
      dueAt: dueIn(1000),
      location: { text: 'North stand, gate 12' },
      ownerIds: [fixture.owner.id],
      departmentId: fixture.departments.security,
    },
  });
  const { Item: stored } = await dynamo.send(
    new GetCommand({ TableName: tableName, Key: workItem('job', accountId, model.id) }),
  );
  if (!stored) throw new Error('export seed: no stored job');
  const model_ = JSON.stringify(stored);
  const copies = Array.from({ length: count - 1 }, (_, i) =>
    JSON.parse(model_.replaceAll(model.id, randomUUID()).replace('"Bulk export row"', `"Bulk export row ${i + 1}"`)),
  );
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < copies.length; i += 25) batches.push(copies.slice(i, i + 25));
  // A few batches at a time: DynamoDB Local takes them faster than one after another.
  for (let i = 0; i < batches.length; i += 8) {
    await Promise.all(
      batches.slice(i, i + 8).map(async (batch) => {
        let writes = batch.map((Item) => ({ PutRequest: { Item } }));
        while (writes.length > 0) {
          const { UnprocessedItems } = await dynamo.send(
            new BatchWriteCommand({ RequestItems: { [tableName]: writes } }),
          );
          writes = (UnprocessedItems?.[tableName] ?? []) as typeof writes;
        }
      }),
    );
  }
}

/** Bytes of every object under `prefix` in the exports bucket. */
async function bucketBytes(prefix: string) {
  const { ListObjectsV2Command, S3Client } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client({ forcePathStyle: true });
  let bytes = 0;
  let file = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: process.env.EXPORTS_BUCKET, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      bytes += object.Size ?? 0;
      if (!object.Key?.includes('/segments/')) file += object.Size ?? 0;
    }
    token = page.NextContinuationToken;
  } while (token);
  return { bytes, file };
}

/**
 * The export of 10,000 rows: 10,000 jobs seeded directly (not measured), then `POST /exports` of
 * the jobs report (CSV, the default columns, the seeded jobs' due date as the filter) measured to
 * done: the request path is the POST; the stream side is everything the background worker (its
 * chunks: report pages, segments, progress writes; then the file and the e-mail) and the stream
 * consumer did until the stream drained.
 */
export async function measureExport(
  context: BenchContext,
  fixture: Fixture,
  log: (line: string) => void,
): Promise<OperationResult & { export: ExportFigures }> {
  const { client } = context;
  const accountId = String(
    JSON.parse(Buffer.from(fixture.adminToken.split('.')[1] ?? '', 'base64url').toString('utf8'))['custom:accountId'],
  );
  log(`seeding ${exportRows.toLocaleString('en')} jobs for the export`);
  await seedJobs(client, fixture, accountId, exportRows);
  await client.drain(900_000);
  const day = (days: number) => `${dueIn(days).slice(0, 10)}T00:00:00Z`;
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);
  let result: Awaited<ReturnType<typeof measureOperation>>;
  try {
    result = await measureOperation(
      context,
      'export of 10,000 rows',
      'POST /exports',
      () =>
        client.api('POST', '/exports', {
          token: fixture.adminToken,
          body: { report: 'jobs', format: 'csv', query: { dueFrom: day(999), dueTo: day(1001) } },
        }),
      202,
      ['jobs report, CSV, default columns; the stream side is the worker to done (and the stream consumer)'],
    );
  } finally {
    clearInterval(sampler);
  }
  const { answer, ...operation } = result;
  const [{ readExport }, { exportFileObject }] = await Promise.all([
    import('../functions/exports/export-read-repository'),
    import('../functions/shared/data/keys'),
  ]);
  const record = await readExport(accountId, String(answer.body.id));
  if (record?.status !== 'done') throw new Error(`the export did not finish: ${record?.status}`);
  if (record.rowsWritten !== exportRows) throw new Error(`the export wrote ${record.rowsWritten} rows`);
  const file = exportFileObject(accountId, record.id, 'csv');
  const s3 = await bucketBytes(file.slice(0, file.lastIndexOf('/') + 1));
  const figures: ExportFigures = {
    rows: record.rowsWritten,
    chunks: record.chunks,
    segments: record.segments,
    workerInvocations: workerInvocationsOf(record.chunks),
    s3BytesWritten: s3.bytes,
    fileBytes: s3.file,
    peakHeapGrowthMb: Math.round(((peak - baseline) / 1024 / 1024) * 10) / 10,
  };
  log(
    `  export: ${figures.rows} rows in ${figures.chunks} chunks (${figures.workerInvocations} worker invocations); ` +
      `${operation.stream?.requests} requests, ${operation.stream?.rru} RRU; ${figures.s3BytesWritten} bytes to S3; ` +
      `heap +${figures.peakHeapGrowthMb} MB`,
  );
  return { ...operation, export: figures };
}
