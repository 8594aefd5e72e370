import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { reactionsFilterPatterns, recordsFilterPatterns } from '../functions/streams/stream-interest';
import { passesFilters } from '../local/streams/event-filter';
import {
  type Item,
  keyedReadOperations,
  keyId,
  type ObservedRequest,
  rangeReadOperations,
  type TableShape,
  touchedKeys,
  writeOperations,
} from './capacity';

/** Each stream consumer's event filters, as the deployed and the local mappings apply them. */
const consumerFilters = {
  records: recordsFilterPatterns(),
  reactions: reactionsFilterPatterns(),
};

/** Which API a request was for: the table's, or the stream's (GetRecords …, never table capacity). */
export type ProxyApi = 'table' | 'streams';

/** One request that went through the proxy, in arrival order. */
export interface ProxyEvent {
  seq: number;
  api: ProxyApi;
  /** From X-Amz-Target: 'GetItem', 'TransactWriteItems', 'GetRecords' … */
  operation: string;
  /** performance.now() when the request arrived and when its answer was sent back. */
  start: number;
  end: number;
  status: number;
  /** Counting mode, table requests: what billing needs (capacity.ts). */
  observed?: ObservedRequest;
  /**
   * GetRecords: the stream records it delivered (each consumer's mapping reads every record, so
   * a record is counted once by its id), and whether each consumer's event filter lets it through
   * (the records Lambda invokes that consumer for; the others are dropped unbilled).
   */
  streamRecords?: { id: string; records: boolean; reactions: boolean }[];
  /** Something the bench should say about this request (a lookup that did not match). */
  warning?: string;
}

export interface CountingProxyOptions {
  /** DynamoDB Local's endpoint. */
  target: string;
  table: TableShape;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /**
   * In counting mode each request waits this long before it is forwarded, so requests a handler
   * sends together overlap for certain and are seen as one round, however busy the machine.
   * @default 20
   */
  overlapMs?: number;
}

/**
 * The counting proxy: a small HTTP server in front of DynamoDB Local that every client of the
 * local stack talks to (handlers, triggers, the stream mapping). It forwards each request as it is
 * and, in counting mode, records it in order with its timings and looks up (directly, uncounted)
 * what billing needs: the whole items a write or a keyed read touched, before and after, and the
 * items a Query or Scan read before its filter. In passing mode it only forwards, for timed runs.
 *
 * `holdStreams()` keeps the stream mappings' requests waiting, so nothing the stream consumers do
 * can interleave with a request-path operation being measured; `releaseStreams()` lets them go.
 */
export async function startCountingProxy(options: CountingProxyOptions) {
  const target = new URL(options.target);
  const overlapMs = options.overlapMs ?? 20;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const direct = new DynamoDBClient({
    endpoint: options.target,
    region: options.region,
    credentials: options.credentials,
    maxAttempts: 1,
  });
  const events: ProxyEvent[] = [];
  let counting = false;
  let seq = 0;
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  let held: (() => void)[] | undefined;
  /** The table's name, from the first table request (the proxy's own lookups need it). */
  let tableName = '';

  const forward = (method: string, path: string, headers: IncomingHttpHeaders, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method, path, headers, agent },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });

  /** The whole items at `keys` now, strongly consistent, by keyId (absent ones undefined). */
  async function lookUp(keys: Item[]): Promise<Map<string, Item | undefined>> {
    const found = new Map<string, Item | undefined>();
    const unique = [...new Map(keys.map((k) => [keyId(options.table, k), k])).values()];
    for (let i = 0; i < unique.length; i += 100) {
      let request: Record<string, { Keys: Item[]; ConsistentRead: boolean }> | undefined = {
        [tableName]: { Keys: unique.slice(i, i + 100), ConsistentRead: true },
      };
      while (request && Object.keys(request).length > 0) {
        const answer: BatchGetItemCommandOutput = await direct.send(
          new BatchGetItemCommand({ RequestItems: request as never }),
        );
        for (const item of answer.Responses?.[tableName] ?? [])
          found.set(keyId(options.table, item as Item), item as Item);
        request = answer.UnprocessedKeys as typeof request;
      }
    }
    for (const key of unique)
      if (!found.has(keyId(options.table, key))) found.set(keyId(options.table, key), undefined);
    return found;
  }

  /**
   * The items a Query or Scan read: the same request without its filter, projection or Select,
   * so it answers every item it read, whole as the table or index holds them.
   */
  // biome-ignore lint/suspicious/noExplicitAny: DynamoDB's JSON protocol input
  async function itemsRead(operation: string, input: any): Promise<Item[]> {
    const {
      FilterExpression: _filter,
      ProjectionExpression: _projection,
      Select: _select,
      AttributesToGet: _attributes,
      QueryFilter: _queryFilter,
      ScanFilter: _scanFilter,
      ConditionalOperator: _operator,
      ReturnConsumedCapacity: _capacity,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ...rest
    } = input;
    const used = String(rest.KeyConditionExpression ?? '');
    const keep = <T>(map: Record<string, T> | undefined) => {
      const kept = Object.entries(map ?? {}).filter(([token]) => new RegExp(`${token}(?![A-Za-z0-9_])`).test(used));
      return kept.length > 0 ? Object.fromEntries(kept) : undefined;
    };
    const shadow = { ...rest, ExpressionAttributeNames: keep(names), ExpressionAttributeValues: keep(values) };
    const answer =
      operation === 'Query'
        ? await direct.send(new QueryCommand(shadow as QueryCommandInput))
        : await direct.send(new ScanCommand(shadow as ScanCommandInput));
    return (answer.Items ?? []) as Item[];
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const start = performance.now();
      const body = Buffer.concat(chunks);
      const [service = '', operation = ''] = String(req.headers['x-amz-target'] ?? '').split('.');
      const api: ProxyApi = service.startsWith('DynamoDBStreams') ? 'streams' : 'table';
      const event: ProxyEvent = { seq: seq++, api, operation, start, end: start, status: 0 };
      const recorded = counting;
      if (recorded) events.push(event);
      // Only table requests count as in flight: held stream requests wait on purpose.
      const tracked = api === 'table';
      if (tracked) inFlight++;
      handle(event, recorded, req.method ?? 'POST', req.url ?? '/', req.headers, body)
        .then((answer) => {
          const headers = { ...answer.headers };
          delete headers['transfer-encoding'];
          delete headers.connection;
          headers['content-length'] = String(answer.body.length);
          event.end = performance.now();
          event.status = answer.status;
          res.writeHead(answer.status, headers);
          res.end(answer.body);
        })
        .catch((error: Error) => {
          event.end = performance.now();
          event.status = 502;
          event.warning = `proxy: ${error.message}`;
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(error.message);
        })
        .finally(() => {
          if (tracked) inFlight--;
          if (tracked && inFlight === 0) {
            for (const wake of idleWaiters) wake();
            idleWaiters = [];
          }
        });
    });
  });

  async function handle(
    event: ProxyEvent,
    recorded: boolean,
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
  ) {
    if (event.api === 'streams' && held) await new Promise<void>((resume) => held?.push(resume));
    if (!recorded || event.api !== 'table' || body.length === 0) {
      const answer = await forward(method, path, headers, body);
      if (event.operation === 'GetRecords' && answer.status === 200) {
        const records = (JSON.parse(answer.body.toString('utf8')) as { Records?: DynamoDBRecord[] }).Records ?? [];
        event.streamRecords = records.map((record) => ({
          id: record.eventID ?? record.dynamodb?.SequenceNumber ?? '',
          records: passesFilters(consumerFilters.records, record),
          reactions: passesFilters(consumerFilters.reactions, record),
        }));
      }
      return answer;
    }
    const input = JSON.parse(body.toString('utf8'));
    tableName ||= String(input.TableName ?? Object.keys(input.RequestItems ?? {})[0] ?? '');
    await sleep(overlapMs);
    const keys = touchedKeys(options.table, event.operation, input);
    const before = writeOperations.has(event.operation) ? await lookUp(keys) : new Map<string, Item | undefined>();
    const answer = await forward(method, path, headers, body);
    const output = answer.body.length > 0 ? JSON.parse(answer.body.toString('utf8')) : undefined;
    const touches = writeOperations.has(event.operation) || keyedReadOperations.has(event.operation);
    const after = touches ? await lookUp(keys) : new Map<string, Item | undefined>();
    const observed: ObservedRequest = {
      operation: event.operation,
      input,
      output,
      status: answer.status,
      before,
      after,
    };
    if (rangeReadOperations.has(event.operation) && answer.status === 200) {
      observed.itemsRead = await itemsRead(event.operation, input);
      if (observed.itemsRead.length !== output?.ScannedCount)
        event.warning = `${event.operation} read ${output?.ScannedCount} items, its shadow ${observed.itemsRead.length}`;
    }
    event.observed = observed;
    return answer;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Counting mode (record and look up) or passing mode (forward only). */
    count(on: boolean) {
      counting = on;
    },
    /** Where the next request will be in `events`. */
    mark: () => events.length,
    /** The events from `mark` on. */
    since: (mark: number) => events.slice(mark),
    /** Forget the events recorded so far (a long run would hold them all). */
    clear() {
      events.length = 0;
    },
    /** Resolves once no table request is in flight. */
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    /** Keep stream requests waiting until `releaseStreams`. */
    holdStreams() {
      held ??= [];
    },
    releaseStreams() {
      const waiting = held ?? [];
      held = undefined;
      for (const resume of waiting) resume();
    },
    async stop() {
      this.releaseStreams();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      agent.destroy();
      direct.destroy();
    },
  };
}

export type CountingProxy = Awaited<ReturnType<typeof startCountingProxy>>;
