import { describe, expect, it } from 'vitest';
import {
  billRequest,
  type Item,
  indexWriteUnits,
  itemSize,
  keyId,
  numberSize,
  type ObservedRequest,
  readUnits,
  type TableShape,
  valueSize,
  writeUnits,
} from '../../bench/capacity';

/** The bench's billing rules (bench/capacity.ts), against the DynamoDB Developer Guide's examples. */

const table: TableShape = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'all', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
    { name: 'keys', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'KEYS_ONLY' },
    { name: 'narrow', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: 'INCLUDE', nonKeyAttributes: ['title'] },
  ],
};

const s = (text: string) => ({ S: text });
/** An item of exactly `bytes` bytes: pk, sk and a padding string. */
function itemOf(bytes: number, key = 'a', extra: Item = {}): Item {
  const base: Item = { pk: s(key), sk: s(key), ...extra };
  const padding = bytes - itemSize(base) - 'pad'.length;
  if (padding < 0) throw new Error('too small');
  return { ...base, pad: s('x'.repeat(padding)) };
}

function observed(operation: string, input: unknown, parts: Partial<ObservedRequest> = {}): ObservedRequest {
  return { operation, input, output: {}, status: 200, before: new Map(), after: new Map(), ...parts };
}
const at = (...items: Item[]) => new Map(items.map((item) => [keyId(table, item), item]));

describe('item sizes', () => {
  it('counts a string by its UTF-8 bytes and every attribute name', () => {
    expect(itemSize({ name: s('abc') })).toBe(4 + 3);
    expect(itemSize({ é: s('€') })).toBe(2 + 3);
  });

  it('counts a number as 1 byte per two significant digits plus 1, leading and trailing zeroes trimmed', () => {
    expect(numberSize('0')).toBe(1);
    expect(numberSize('7')).toBe(2);
    expect(numberSize('12345')).toBe(4);
    expect(numberSize('1700000000')).toBe(2);
    expect(numberSize('0.0015')).toBe(2);
    expect(numberSize('-12')).toBe(3);
    expect(numberSize('1.5E+3')).toBe(2);
  });

  it('counts binaries by their raw bytes, booleans and nulls as 1', () => {
    expect(valueSize({ B: Buffer.from('hello').toString('base64') })).toBe(5);
    expect(valueSize({ B: new Uint8Array(9) })).toBe(9);
    expect(valueSize({ BOOL: false })).toBe(1);
    expect(valueSize({ NULL: true })).toBe(1);
  });

  it('gives lists and maps 3 bytes plus 1 byte per element, map keys counted as names', () => {
    expect(valueSize({ L: [] })).toBe(3);
    expect(valueSize({ M: {} })).toBe(3);
    expect(valueSize({ L: [s('ab'), { N: '1' }] })).toBe(3 + (1 + 2) + (1 + 2));
    expect(valueSize({ M: { lat: { N: '51.5' }, name: s('x') } })).toBe(3 + (1 + 3 + 3) + (1 + 4 + 1));
  });

  it('counts a set as the sum of its members', () => {
    expect(valueSize({ SS: ['a', 'bc'] })).toBe(3);
    expect(valueSize({ NS: ['1', '22'] })).toBe(2 + 2);
  });
});

describe('read and write units', () => {
  it('rounds reads up to 4 KB, eventually consistent half, transactional double, at least one', () => {
    expect(readUnits(1, 'strong')).toBe(1);
    expect(readUnits(4096, 'strong')).toBe(1);
    expect(readUnits(4097, 'strong')).toBe(2);
    expect(readUnits(10 * 1024, 'eventual')).toBe(1.5);
    expect(readUnits(3500, 'transactional')).toBe(2);
    expect(readUnits(0, 'eventual')).toBe(0.5);
  });

  it('rounds writes up to 1 KB, at least one, doubled in a transaction', () => {
    expect(writeUnits(0)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(writeUnits(1025, true)).toBe(4);
  });
});

describe('billing a request', () => {
  it('bills a GetItem on the whole item, whatever its projection returned', () => {
    const item = itemOf(5000);
    const bill = billRequest(
      table,
      observed(
        'GetItem',
        { Key: { pk: s('a'), sk: s('a') }, ProjectionExpression: 'pk', ConsistentRead: true },
        {
          output: { Item: { pk: s('a') } },
          after: at(item),
        },
      ),
    );
    expect(bill).toMatchObject({ rru: 2, itemsRead: 1, itemsReturned: 1, wru: 0 });
  });

  it('bills an absent item as a whole read unit (half when eventually consistent)', () => {
    const bill = billRequest(table, observed('GetItem', { Key: { pk: s('a'), sk: s('a') } }));
    expect(bill).toMatchObject({ rru: 0.5, itemsRead: 1, itemsReturned: 0 });
  });

  it('rounds each BatchGetItem key up to 4 KB on its own (1.5 KB + 6.5 KB bill as 12 KB)', () => {
    const small = itemOf(1536, 'a');
    const large = itemOf(6656, 'b');
    const bill = billRequest(
      table,
      observed(
        'BatchGetItem',
        { RequestItems: { t: { Keys: [small, large].map((i) => ({ pk: i.pk, sk: i.sk })), ConsistentRead: true } } },
        { output: { Responses: { t: [small, large] } }, after: at(small, large) },
      ),
    );
    expect(bill).toMatchObject({ rru: 3, itemsRead: 2, itemsReturned: 2 });
  });

  it('bills a Query on the items it read before its filter, summed and rounded up to 4 KB once', () => {
    const read = [itemOf(1500, 'a'), itemOf(1500, 'b'), itemOf(1500, 'c')];
    const bill = billRequest(
      table,
      observed(
        'Query',
        { KeyConditionExpression: 'pk = :p', FilterExpression: 'x = :x' },
        {
          output: { Count: 1, ScannedCount: 3 },
          itemsRead: read,
        },
      ),
    );
    // 4,500 bytes: two 4 KB units, eventually consistent.
    expect(bill).toMatchObject({ rru: 1, itemsRead: 3, itemsReturned: 1 });
  });

  it('bills a Put on the larger of the item before and after', () => {
    const before = itemOf(2500);
    const after = itemOf(500);
    const bill = billRequest(table, observed('PutItem', { Item: after }, { before: at(before), after: at(after) }));
    expect(bill?.wru).toBe(3);
  });

  it('bills an Update on the larger of before and after', () => {
    const before = itemOf(900);
    const after = itemOf(1100);
    const bill = billRequest(
      table,
      observed('UpdateItem', { Key: { pk: s('a'), sk: s('a') } }, { before: at(before), after: at(after) }),
    );
    expect(bill?.wru).toBe(2);
  });

  it('bills every action of a transaction twice, and a ConditionCheck as a write of the checked item', () => {
    const job = itemOf(10_000, 'job');
    const answer = itemOf(600, 'answer');
    const bill = billRequest(
      table,
      observed(
        'TransactWriteItems',
        {
          TransactItems: [
            { ConditionCheck: { Key: { pk: job.pk, sk: job.sk }, ConditionExpression: 'attribute_exists(pk)' } },
            { Put: { Item: answer } },
          ],
        },
        { before: at(job), after: at(job, answer) },
      ),
    );
    // ConditionCheck: 10,000 B → 10 WRU × 2; Put: 600 B → 1 WRU × 2.
    expect(bill).toMatchObject({ tableWru: 22, wru: 22, itemsRead: 1 });
  });

  it('bills a ConditionCheck on a missing item at one write unit, doubled', () => {
    const bill = billRequest(
      table,
      observed('TransactWriteItems', { TransactItems: [{ ConditionCheck: { Key: { pk: s('a'), sk: s('a') } } }] }),
    );
    expect(bill?.wru).toBe(2);
  });

  it('bills a cancelled transaction as if it ran, on the items as they stand', () => {
    const checked = itemOf(300, 'a');
    const bill = billRequest(
      table,
      observed(
        'TransactWriteItems',
        {
          TransactItems: [
            { ConditionCheck: { Key: { pk: checked.pk, sk: checked.sk } } },
            { Put: { Item: itemOf(1500, 'b') } },
          ],
        },
        { status: 400, before: at(checked), after: at(checked) },
      ),
    );
    // Put of a new 1,500-byte item that did not land: billed at its minimum, 1 WRU × 2.
    expect(bill?.wru).toBe(2 + 2);
  });

  it('does not bill the stream API', () => {
    expect(billRequest(table, observed('GetRecords', {}))).toBeUndefined();
  });
});

describe('index writes', () => {
  const [all, keysOnly, narrow] = table.indexes as [
    TableShape['indexes'][number],
    TableShape['indexes'][number],
    TableShape['indexes'][number],
  ];

  it('bills a new item in an ALL index at its whole size, and nothing in an index it is not in', () => {
    const item = itemOf(1500, 'a', { gsi1pk: s('p'), gsi1sk: s('s') });
    expect(indexWriteUnits(table, all, undefined, item)).toBe(2);
    expect(indexWriteUnits(table, keysOnly, undefined, item)).toBe(0);
  });

  it('bills a KEYS_ONLY or narrow INCLUDE index at 1 unit for a large item', () => {
    const item = itemOf(3000, 'a', { gsi2pk: s('p'), gsi2sk: s('s'), gsi3pk: s('p'), gsi3sk: s('s'), title: s('t') });
    expect(indexWriteUnits(table, keysOnly, undefined, item)).toBe(1);
    expect(indexWriteUnits(table, narrow, undefined, item)).toBe(1);
  });

  it('bills a changed index key as a delete and a put', () => {
    const before = itemOf(500, 'a', { gsi1pk: s('p'), gsi1sk: s('old') });
    const after = itemOf(500, 'a', { gsi1pk: s('p'), gsi1sk: s('new') });
    expect(indexWriteUnits(table, all, before, after)).toBe(2);
  });

  it('bills nothing when the projected attributes did not change', () => {
    const before = itemOf(500, 'a', { gsi2pk: s('p'), gsi2sk: s('s') });
    const after = { ...before, pad: s('y'.repeat(before.pad && 'S' in before.pad ? before.pad.S.length : 0)) };
    expect(indexWriteUnits(table, keysOnly, before, after)).toBe(0);
    expect(indexWriteUnits(table, all, before, after)).toBe(0);
  });

  it('adds index writes to a table write, once even in a transaction', () => {
    const entry = itemOf(1100, 'e', { gsi1pk: s('p'), gsi1sk: s('s') });
    const put = billRequest(table, observed('PutItem', { Item: entry }, { after: at(entry) }));
    expect(put).toMatchObject({ tableWru: 2, indexWru: { all: 2 }, wru: 4 });
    const transaction = billRequest(
      table,
      observed('TransactWriteItems', { TransactItems: [{ Put: { Item: entry } }] }, { after: at(entry) }),
    );
    expect(transaction).toMatchObject({ tableWru: 4, indexWru: { all: 2 }, wru: 6 });
  });

  it('bills a deletion from an index at the old entry', () => {
    const before = itemOf(2100, 'a', { gsi1pk: s('p'), gsi1sk: s('s') });
    const bill = billRequest(
      table,
      observed('DeleteItem', { Key: { pk: s('a'), sk: s('a') } }, { before: at(before) }),
    );
    expect(bill).toMatchObject({ tableWru: 3, indexWru: { all: 3 } });
  });
});
