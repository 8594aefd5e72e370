/**
 * DynamoDB's billing rules, applied to what the counting proxy saw (bench/proxy.ts). Pure
 * functions: item sizes from attribute values, read and write units from sizes, and the units of
 * one request from its input, its output and the items it touched before and after.
 *
 * Sources: the DynamoDB Developer Guide, "Item sizes and formats", "DynamoDB read and write
 * operations", "Managing capacity with transactions" and "Provisioned throughput considerations
 * for global secondary indexes". Where the guide is silent the choice is written beside the rule.
 * DynamoDB Local's own ConsumedCapacity is never used: it bills a transactional Put at 4× and a
 * ConditionCheck at 0.
 */

/** An attribute value as DynamoDB's JSON protocol carries it (`B` base64, or bytes from the SDK). */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string | Uint8Array }
  | { BOOL: boolean }
  | { NULL: true }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: (string | Uint8Array)[] }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> };

export type Item = Record<string, AttributeValue>;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');
const binaryBytes = (value: string | Uint8Array) =>
  typeof value === 'string' ? Buffer.from(value, 'base64').length : value.length;

/**
 * A number's size: 1 byte per two significant digits (leading and trailing zeroes trimmed), plus
 * 1 byte; a negative number 1 byte more.
 */
export function numberSize(text: string): number {
  const negative = text.trim().startsWith('-');
  // Only the mantissa's digits are significant ("1.5E+3" has two).
  const mantissa = text.trim().replace(/^[+-]/, '').split(/[eE]/)[0] ?? '';
  const digits = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(digits.length / 2) + 1 + (negative ? 1 : 0);
}

/**
 * The size of a value without its name: strings and binaries by their bytes, null and boolean 1,
 * sets the sum of their members, lists and maps 3 bytes plus 1 byte per element plus the
 * elements (a map element's key counts as an attribute name).
 */
export function valueSize(value: AttributeValue): number {
  if ('S' in value) return utf8(value.S);
  if ('N' in value) return numberSize(value.N);
  if ('B' in value) return binaryBytes(value.B);
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('SS' in value) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if ('NS' in value) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if ('BS' in value) return value.BS.reduce((sum, b) => sum + binaryBytes(b), 0);
  if ('L' in value) return 3 + value.L.reduce((sum, element) => sum + 1 + valueSize(element), 0);
  if ('M' in value)
    return 3 + Object.entries(value.M).reduce((sum, [key, element]) => sum + 1 + utf8(key) + valueSize(element), 0);
  throw new Error(`unknown attribute value ${JSON.stringify(value)}`);
}

/** An item's size: the sum over its attributes of name bytes plus value size. Absent: 0. */
export function itemSize(item: Item | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

export type ReadConsistency = 'strong' | 'eventual' | 'transactional';

const readFactor: Record<ReadConsistency, number> = { strong: 1, eventual: 0.5, transactional: 2 };

/**
 * Read units for `bytes` read as one unit of rounding: rounded up to 4 KB, at least one 4 KB
 * (an absent item still costs a read); eventually consistent half, transactional double.
 */
export function readUnits(bytes: number, consistency: ReadConsistency): number {
  return Math.ceil(Math.max(bytes, 1) / 4096) * readFactor[consistency];
}

/** Write units for one item write of `bytes`: rounded up to 1 KB, at least 1; transactional double. */
export function writeUnits(bytes: number, transactional = false): number {
  return Math.ceil(Math.max(bytes, 1) / 1024) * (transactional ? 2 : 1);
}

/** What billing needs of the table: its key and its indexes with their projections (from lib/). */
export interface TableShape {
  partitionKey: string;
  sortKey: string;
  indexes: IndexShape[];
}

export interface IndexShape {
  name: string;
  partitionKey: string;
  sortKey: string;
  projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  /** For INCLUDE: the non-key attributes projected. */
  nonKeyAttributes?: string[];
}

/** The item as `index` holds it, or undefined when the item is not in the index (a key attribute missing). */
export function indexEntry(table: TableShape, index: IndexShape, item: Item | undefined): Item | undefined {
  if (!item || !(index.partitionKey in item) || !(index.sortKey in item)) return undefined;
  if (index.projection === 'ALL') return item;
  const kept = new Set([table.partitionKey, table.sortKey, index.partitionKey, index.sortKey]);
  if (index.projection === 'INCLUDE') for (const name of index.nonKeyAttributes ?? []) kept.add(name);
  return Object.fromEntries(Object.entries(item).filter(([name]) => kept.has(name)));
}

const sameValue = (a: AttributeValue | undefined, b: AttributeValue | undefined) =>
  JSON.stringify(a) === JSON.stringify(b);

function sameEntry(a: Item, b: Item): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const name of names) if (!sameValue(a[name], b[name])) return false;
  return true;
}

/**
 * Write units one index spends when an item goes from `before` to `after`: putting a new entry or
 * deleting an old one is one write of that entry; changing the index key is a delete and a put;
 * changing only projected attributes is one write (of the larger entry: the guide does not say
 * which size, and a table update bills the larger); an unchanged entry costs nothing. Index
 * writes are not doubled in a transaction: the index is updated after the commit.
 */
export function indexWriteUnits(table: TableShape, index: IndexShape, before?: Item, after?: Item): number {
  const old = indexEntry(table, index, before);
  const now = indexEntry(table, index, after);
  if (!old && !now) return 0;
  if (!old) return writeUnits(itemSize(now));
  if (!now) return writeUnits(itemSize(old));
  const keyChanged =
    !sameValue(old[index.partitionKey], now[index.partitionKey]) || !sameValue(old[index.sortKey], now[index.sortKey]);
  if (keyChanged) return writeUnits(itemSize(old)) + writeUnits(itemSize(now));
  if (sameEntry(old, now)) return 0;
  return writeUnits(Math.max(itemSize(old), itemSize(now)));
}

/** Per-index write units of a change, by index name (indexes the change does not touch left out). */
export function indexWrites(table: TableShape, before?: Item, after?: Item): Record<string, number> {
  const spent: Record<string, number> = {};
  for (const index of table.indexes) {
    const units = indexWriteUnits(table, index, before, after);
    if (units > 0) spent[index.name] = units;
  }
  return spent;
}

/** The primary key of `item` (or of a key map) as a string, to match items across lookups. */
export function keyId(table: TableShape, item: Item): string {
  return JSON.stringify([item[table.partitionKey], item[table.sortKey]]);
}

/** Everything the proxy saw of one request, with its own lookups of the items it touched. */
export interface ObservedRequest {
  /** The DynamoDB operation, from X-Amz-Target: 'GetItem', 'TransactWriteItems' … */
  operation: string;
  // biome-ignore lint/suspicious/noExplicitAny: DynamoDB's JSON protocol input, read field by field below
  input: any;
  // biome-ignore lint/suspicious/noExplicitAny: DynamoDB's JSON protocol output (or error body)
  output: any;
  /** HTTP status: 200, or 400 for a failed condition, a cancelled transaction … */
  status: number;
  /** The whole items the request touched, by keyId, read (strongly consistent) just before it ran. */
  before: Map<string, Item | undefined>;
  /** … and just after it answered. */
  after: Map<string, Item | undefined>;
  /** For Query and Scan: the items the request read (before any filter, whole as the table or index holds them). */
  itemsRead?: Item[];
}

/** One request's bill. */
export interface RequestBill {
  operation: string;
  /** Read request units (on-demand; = RCU). */
  rru: number;
  /** Write request units on the table. */
  tableWru: number;
  /** Write request units on each index. */
  indexWru: Record<string, number>;
  /** Table and indexes. */
  wru: number;
  /** Items the request read (looked up, queried before filters, or checked). */
  itemsRead: number;
  /** Items it answered. */
  itemsReturned: number;
  /** Bytes of the items it read. */
  bytesRead: number;
  /** Bytes of the items it wrote (their size after the write; a deletion counts its old size). */
  bytesWritten: number;
  /** Per action or key, for the report: e.g. 'ConditionCheck 318 B → 2 WRU'. */
  lines: string[];
}

const kb = (bytes: number) => `${bytes} B`;

function emptyBill(operation: string): RequestBill {
  return {
    operation,
    rru: 0,
    tableWru: 0,
    indexWru: {},
    wru: 0,
    itemsRead: 0,
    itemsReturned: 0,
    bytesRead: 0,
    bytesWritten: 0,
    lines: [],
  };
}

function addIndexWrites(bill: RequestBill, spent: Record<string, number>) {
  for (const [name, units] of Object.entries(spent)) bill.indexWru[name] = (bill.indexWru[name] ?? 0) + units;
}

/**
 * One item write: Put and Update bill the larger of the item before and after, Delete the item
 * before, a ConditionCheck the checked item; each at least 1 KB, doubled in a transaction; plus
 * the index writes of the change. A write whose condition failed changed nothing: it bills the
 * item as it stands (DynamoDB still charges a failed conditional write).
 */
function billWrite(
  table: TableShape,
  bill: RequestBill,
  action: 'Put' | 'Update' | 'Delete' | 'ConditionCheck',
  before: Item | undefined,
  after: Item | undefined,
  transactional: boolean,
) {
  const size = action === 'Put' || action === 'Update' ? Math.max(itemSize(before), itemSize(after)) : itemSize(before);
  const units = writeUnits(size, transactional);
  bill.tableWru += units;
  const spent = action === 'ConditionCheck' ? {} : indexWrites(table, before, after);
  addIndexWrites(bill, spent);
  if (action === 'ConditionCheck') bill.itemsRead += 1;
  else bill.bytesWritten += action === 'Delete' ? itemSize(before) : itemSize(after);
  const indexText = Object.entries(spent)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  bill.lines.push(`${action} ${kb(size)} → ${units} WRU${indexText ? ` + index ${indexText}` : ''}`);
}

function billRead(bill: RequestBill, item: Item | undefined, consistency: ReadConsistency, returned: boolean) {
  const size = itemSize(item);
  const units = readUnits(size, consistency);
  bill.rru += units;
  bill.itemsRead += 1;
  bill.itemsReturned += returned ? 1 : 0;
  bill.bytesRead += size;
  bill.lines.push(`Get ${item ? kb(size) : 'absent'} ${consistency} → ${units} RRU`);
}

/** The key of a write action (a Put carries it in its item). */
// biome-ignore lint/suspicious/noExplicitAny: a JSON protocol action
function actionKey(table: TableShape, action: any): string {
  return keyId(table, action.Key ?? action.Item);
}

/**
 * Bills one request by AWS's rules from what the proxy observed. Stream API requests
 * (GetRecords …) are not table capacity: answer undefined for them and for control-plane calls.
 */
export function billRequest(table: TableShape, request: ObservedRequest): RequestBill | undefined {
  const { operation, input, output } = request;
  const failed = request.status !== 200;
  const bill = emptyBill(operation);
  // A failed write left the item as it was.
  const after = (key: string) => (failed ? request.before.get(key) : request.after.get(key));
  switch (operation) {
    case 'GetItem': {
      const key = keyId(table, input.Key);
      billRead(bill, request.after.get(key), input.ConsistentRead ? 'strong' : 'eventual', Boolean(output?.Item));
      break;
    }
    case 'BatchGetItem': {
      // Each key is its own GetItem: rounded up to 4 KB separately. Unprocessed keys are not read.
      for (const [tableName, spec] of Object.entries(input.RequestItems ?? {}) as [string, BatchGetSpec][]) {
        const unprocessed = new Set(
          (output?.UnprocessedKeys?.[tableName]?.Keys ?? []).map((k: Item) => keyId(table, k)) as string[],
        );
        const answered = new Set(
          (output?.Responses?.[tableName] ?? []).map((item: Item) => keyId(table, item)) as string[],
        );
        for (const k of spec.Keys) {
          const key = keyId(table, k);
          if (unprocessed.has(key)) continue;
          billRead(bill, request.after.get(key), spec.ConsistentRead ? 'strong' : 'eventual', answered.has(key));
        }
      }
      break;
    }
    case 'TransactGetItems': {
      for (const { Get } of input.TransactItems ?? []) {
        const key = keyId(table, Get.Key);
        billRead(bill, request.after.get(key), 'transactional', !failed);
      }
      break;
    }
    case 'Query':
    case 'Scan': {
      // The items read, before any filter, summed and rounded up to 4 KB once per request.
      const read = request.itemsRead ?? [];
      const bytes = read.reduce((sum, item) => sum + itemSize(item), 0);
      const consistency: ReadConsistency = input.ConsistentRead && !input.IndexName ? 'strong' : 'eventual';
      bill.rru = readUnits(bytes, consistency);
      bill.itemsRead = read.length;
      bill.itemsReturned = output?.Count ?? 0;
      bill.bytesRead = bytes;
      bill.lines.push(
        `${operation}${input.IndexName ? ` ${input.IndexName}` : ''} ${read.length} items ${kb(bytes)} ${consistency} → ${bill.rru} RRU`,
      );
      break;
    }
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem': {
      const key = operation === 'PutItem' ? keyId(table, input.Item) : keyId(table, input.Key);
      const action = operation === 'PutItem' ? 'Put' : operation === 'UpdateItem' ? 'Update' : 'Delete';
      const now = operation === 'PutItem' && !failed ? input.Item : after(key);
      billWrite(table, bill, action, request.before.get(key), now, false);
      break;
    }
    case 'BatchWriteItem': {
      for (const [tableName, writes] of Object.entries(input.RequestItems ?? {}) as [string, BatchWrite[]][]) {
        const unprocessed = new Set(
          (output?.UnprocessedItems?.[tableName] ?? []).map((w: BatchWrite) =>
            actionKey(table, w.PutRequest ?? w.DeleteRequest),
          ) as string[],
        );
        for (const write of writes) {
          const key = actionKey(table, write.PutRequest ?? write.DeleteRequest);
          if (unprocessed.has(key)) continue;
          if (write.PutRequest) billWrite(table, bill, 'Put', request.before.get(key), write.PutRequest.Item, false);
          else billWrite(table, bill, 'Delete', request.before.get(key), after(key), false);
        }
      }
      break;
    }
    case 'TransactWriteItems': {
      // Every action twice (prepare and commit). A cancelled transaction is billed as if it ran:
      // the prepare phase read and locked every item (the guide charges cancelled transactions).
      for (const action of input.TransactItems ?? []) {
        const [kind, body] = Object.entries(action)[0] as ['Put' | 'Update' | 'Delete' | 'ConditionCheck', unknown];
        const key = actionKey(table, body);
        // biome-ignore lint/suspicious/noExplicitAny: a JSON protocol action
        const now = kind === 'Put' && !failed ? (body as any).Item : after(key);
        billWrite(table, bill, kind, request.before.get(key), now, true);
      }
      break;
    }
    default:
      return undefined;
  }
  bill.wru = bill.tableWru + Object.values(bill.indexWru).reduce((sum, n) => sum + n, 0);
  return bill;
}

interface BatchGetSpec {
  Keys: Item[];
  ConsistentRead?: boolean;
}
interface BatchWrite {
  PutRequest?: { Item: Item };
  DeleteRequest?: { Key: Item };
}

/** The table operations the proxy looks items up for, before and after they run. */
export const writeOperations = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
export const keyedReadOperations = new Set(['GetItem', 'BatchGetItem', 'TransactGetItems']);
export const rangeReadOperations = new Set(['Query', 'Scan']);

/** The keys a request touches (writes, keyed reads); none for Query and Scan. */
// biome-ignore lint/suspicious/noExplicitAny: DynamoDB's JSON protocol input
export function touchedKeys(table: TableShape, operation: string, input: any): Item[] {
  const keyOf = (item: Item) =>
    ({ [table.partitionKey]: item[table.partitionKey], [table.sortKey]: item[table.sortKey] }) as Item;
  switch (operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [keyOf(input.Key)];
    case 'PutItem':
      return [keyOf(input.Item)];
    case 'BatchGetItem':
      return Object.values(input.RequestItems ?? {}).flatMap((spec) => (spec as BatchGetSpec).Keys.map(keyOf));
    case 'BatchWriteItem':
      return Object.values(input.RequestItems ?? {}).flatMap((writes) =>
        (writes as BatchWrite[]).map((w) => keyOf(w.PutRequest?.Item ?? (w.DeleteRequest?.Key as Item))),
      );
    case 'TransactGetItems':
      // biome-ignore lint/suspicious/noExplicitAny: a JSON protocol action
      return (input.TransactItems ?? []).map((a: any) => keyOf(a.Get.Key));
    case 'TransactWriteItems':
      // biome-ignore lint/suspicious/noExplicitAny: a JSON protocol action
      return (input.TransactItems ?? []).map((a: any) => {
        const body = Object.values(a)[0] as { Key?: Item; Item?: Item };
        return keyOf((body.Key ?? body.Item) as Item);
      });
    default:
      return [];
  }
}
