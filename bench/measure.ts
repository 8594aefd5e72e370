import { billRequest, type RequestBill, type TableShape } from './capacity';
import type { ApiAnswer, BenchClient } from './client';
import type { ExportFigures } from './export-figures';
import type { CountingProxy, ProxyEvent } from './proxy';
import { roundsOf, sequenceText } from './rounds';

/** One DynamoDB request of an operation, billed. */
export interface RequestLine {
  round: number;
  operation: string;
  rru: number;
  wru: number;
  itemsRead: number;
  itemsReturned: number;
  /** Per action or key: sizes and units. */
  detail: string[];
}

/** The DynamoDB side of one part of an operation (its request path, or the stream consumer's work after it). */
export interface Side {
  requests: number;
  rounds: number;
  /** Requests by round: "BatchGetItem ∥ Query → BatchGetItem ∥ PutItem". */
  sequence: string;
  rru: number;
  wru: number;
  /** WRU by where they went: 'table' and each index. */
  wruByTarget: Record<string, number>;
  itemsRead: number;
  itemsReturned: number;
  bytesRead: number;
  bytesWritten: number;
  scans: number;
  lines: RequestLine[];
}

export interface OperationResult {
  name: string;
  /** Method and route, e.g. 'PUT /portal/jobs/{jobId}/checklists/{checklistId}/items/{itemId}/answer'. */
  route: string;
  status: 'measured' | 'not built';
  /** HTTP status the operation answered. */
  httpStatus?: number;
  requestPath?: Side;
  /**
   * What the stream consumers (the records consumer and the reactions consumer) did with the records the operation
   * wrote: `records` the stream carried, `delivered` those each consumer's event filter let through
   * (each one invocation of that consumer: a record both act on counts twice).
   */
  stream?: Side & { records: number; delivered: number };
  /** Audit entries the stream consumer wrote for it, and their WRU (table and indexes). */
  audit?: { entries: number; wru: number; bytes: number };
  /**
   * The feed log's part of the stream side (FEED-12): its entries' Puts, and the two consistent
   * GetItems of the item's own record each logged change reads its class with (the last such reads
   * of the step: the completion check reads the item before it, for its e-mail).
   */
  feedLog?: { entries: number; wru: number; rru: number };
  /** An export's worker figures (bench/export-scenario.ts): rows, chunks, S3 bytes. */
  export?: ExportFigures;
  notes: string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Adds up billed table requests; stream API requests are not table capacity and are left out. */
export function summarise(table: TableShape, events: readonly ProxyEvent[]): Side & { bills: RequestBill[] } {
  const billed = events
    .filter((e) => e.api === 'table' && e.observed)
    .map((event) => ({ event, bill: billRequest(table, event.observed as NonNullable<ProxyEvent['observed']>) }))
    .filter((b): b is { event: ProxyEvent; bill: RequestBill } => b.bill !== undefined);
  const rounds = roundsOf(billed.map((b) => b.event));
  const wruByTarget: Record<string, number> = {};
  for (const { bill } of billed) {
    wruByTarget.table = (wruByTarget.table ?? 0) + bill.tableWru;
    for (const [index, units] of Object.entries(bill.indexWru)) wruByTarget[index] = (wruByTarget[index] ?? 0) + units;
  }
  const sum = (pick: (b: RequestBill) => number) => round2(billed.reduce((total, b) => total + pick(b.bill), 0));
  return {
    requests: billed.length,
    rounds: billed.length === 0 ? 0 : Math.max(...rounds),
    sequence: sequenceText(
      billed.map((b) => b.event.operation),
      rounds,
    ),
    rru: sum((b) => b.rru),
    wru: sum((b) => b.wru),
    wruByTarget,
    itemsRead: sum((b) => b.itemsRead),
    itemsReturned: sum((b) => b.itemsReturned),
    bytesRead: sum((b) => b.bytesRead),
    bytesWritten: sum((b) => b.bytesWritten),
    scans: billed.filter((b) => b.event.operation === 'Scan').length,
    lines: billed.map(({ event, bill }, i) => ({
      round: rounds[i] ?? 1,
      operation: event.operation,
      rru: bill.rru,
      wru: bill.wru,
      itemsRead: bill.itemsRead,
      itemsReturned: bill.itemsReturned,
      detail: bill.lines,
    })),
    bills: billed.map((b) => b.bill),
  };
}

/**
 * The audit entries among the stream consumer's writes (items with entity AuditEntry) and what
 * they cost, indexes included: the "audit entry" budget.
 */
function auditWrites(table: TableShape, events: readonly ProxyEvent[]) {
  let entries = 0;
  let wru = 0;
  let bytes = 0;
  for (const event of events) {
    const observed = event.observed;
    if (!observed || (event.operation !== 'PutItem' && event.operation !== 'BatchWriteItem')) continue;
    const items =
      event.operation === 'PutItem'
        ? [observed.input.Item]
        : // biome-ignore lint/suspicious/noExplicitAny: JSON protocol write requests
          Object.values(observed.input.RequestItems ?? {}).flatMap((ws: any) => ws.map((w: any) => w.PutRequest?.Item));
    const audit = items.filter((item) => item?.entity?.S === 'AuditEntry');
    if (audit.length === 0) continue;
    if (audit.length !== items.length)
      throw new Error('a batch mixing audit entries with other items: bill them apart');
    const bill = billRequest(table, observed);
    entries += audit.length;
    wru += bill?.wru ?? 0;
    bytes += bill?.bytesWritten ?? 0;
  }
  return { entries, wru, bytes };
}

const feedLogEntities = new Set(['FeedAssignmentLog', 'FeedAnswerLog']);
const itemRecordSortKeys = new Set(['JOB', 'INCIDENT']);

/** The feed log's Puts and its reads of the items' classes among the stream consumer's requests. */
function feedLogWork(table: TableShape, events: readonly ProxyEvent[]) {
  let entries = 0;
  let wru = 0;
  const itemReads: number[] = [];
  for (const event of events) {
    const observed = event.observed;
    if (!observed) continue;
    if (event.operation === 'PutItem' && feedLogEntities.has(observed.input.Item?.entity?.S)) {
      entries += 1;
      wru += billRequest(table, observed)?.wru ?? 0;
    } else if (event.operation === 'GetItem' && itemRecordSortKeys.has(observed.input.Key?.sk?.S)) {
      itemReads.push(billRequest(table, observed)?.rru ?? 0);
    }
  }
  const rru = itemReads.slice(-2 * entries).reduce((sum, read) => sum + read, 0);
  return { entries, wru, rru };
}

/**
 * The stream records the GetRecords among `events` carried, each once whichever consumer's mapping
 * read it, and the invocations they make: a record both consumers' filters let through (an answer:
 * its audit entry, its completion check) is delivered to each, one invocation each.
 */
export function streamRecordsOf(events: readonly ProxyEvent[]): { records: number; delivered: number } {
  const seen = new Map<string, { records: boolean; reactions: boolean }>();
  for (const event of events) {
    if (event.operation !== 'GetRecords') continue;
    for (const { id, ...filters } of event.streamRecords ?? []) seen.set(id, filters);
  }
  const passing = [...seen.values()];
  return {
    records: passing.length,
    delivered: passing.filter((r) => r.records).length + passing.filter((r) => r.reactions).length,
  };
}

/**
 * Measures one operation: waits until nothing is in flight and the stream is drained, holds the
 * stream mapping's requests, runs the operation and records its requests (the request path), then
 * lets the stream go and records what the stream consumer does until it has drained (the stream
 * side). Nothing of the stream consumer can interleave with the request path.
 */
export async function measureOperation(
  context: { proxy: CountingProxy; client: BenchClient; table: TableShape },
  name: string,
  route: string,
  run: () => Promise<ApiAnswer>,
  expectedStatus: number,
  notes: string[] = [],
): Promise<OperationResult & { answer: ApiAnswer }> {
  const { proxy, client, table } = context;
  await client.drain();
  await proxy.idle();
  proxy.count(true);
  proxy.holdStreams();
  const start = proxy.mark();
  let answer: ApiAnswer;
  try {
    answer = await run();
    await proxy.idle();
  } finally {
    proxy.releaseStreams();
  }
  const streamStart = proxy.mark();
  await client.drain();
  await proxy.idle();
  proxy.count(false);
  const requestEvents = proxy.since(start).slice(0, streamStart - start);
  const streamEvents = proxy.since(streamStart);
  const { records: streamRecords, delivered } = streamRecordsOf(proxy.since(start));
  proxy.clear();
  if (answer.status !== expectedStatus)
    throw new Error(`${name}: expected ${expectedStatus}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  const warnings = [...requestEvents, ...streamEvents].flatMap((e) => (e.warning ? [e.warning] : []));
  const { bills: _r, ...requestPath } = summarise(table, requestEvents);
  const { bills: _s, ...stream } = summarise(table, streamEvents);
  return {
    name,
    route,
    status: 'measured',
    httpStatus: answer.status,
    requestPath,
    stream: { ...stream, records: streamRecords, delivered },
    audit: auditWrites(table, streamEvents),
    feedLog: feedLogWork(table, streamEvents),
    notes: [...notes, ...warnings],
    answer,
  };
}
