import { describe, expect, it } from 'vitest';
import { streamRecordsOf } from '../../bench/measure';
import type { ProxyEvent } from '../../bench/proxy';

const read = (seq: number, records: ProxyEvent['streamRecords']): ProxyEvent => ({
  seq,
  api: 'streams',
  operation: 'GetRecords',
  start: seq,
  end: seq,
  status: 200,
  streamRecords: records,
});

describe("the bench's stream records (two consumers' mappings reading one stream)", () => {
  it('counts each record once, however many mappings read it, and an invocation per consumer whose filter lets it through', () => {
    const answer = { id: 'answer', records: true, reactions: true };
    const view = { id: 'view', records: true, reactions: false };
    const entry = { id: 'audit-entry', records: false, reactions: false };
    const events = [
      read(1, [answer, view, entry]), // the records consumer's mapping
      read(2, [answer, view, entry]), // the reactions consumer's, the same records
      { ...read(3, []), api: 'table', operation: 'PutItem', streamRecords: undefined } as ProxyEvent,
    ];

    expect(streamRecordsOf(events)).toEqual({ records: 3, delivered: 3 });
  });

  it('counts nothing when no GetRecords carried records', () => {
    expect(streamRecordsOf([read(1, [])])).toEqual({ records: 0, delivered: 0 });
  });
});
