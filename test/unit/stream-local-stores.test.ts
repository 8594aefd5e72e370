import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCheckpointStore } from '../../local/streams/checkpoint-store';
import { createDeadLetterStore, type StreamOnFailureRecord } from '../../local/streams/dead-letter-store';

const streamArn = 'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/2026-01-01T00:00:00.000';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stream-stores-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function message(start: string): StreamOnFailureRecord {
  return {
    requestContext: {
      requestId: 'r',
      functionArn: 'f',
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 4,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST' },
    version: '1.0',
    timestamp: '2026-01-01T00:00:00.000Z',
    DDBStreamBatchInfo: {
      shardId: 's',
      startSequenceNumber: start,
      endSequenceNumber: start,
      approximateArrivalOfFirstRecord: '2026-01-01T00:00:00Z',
      approximateArrivalOfLastRecord: '2026-01-01T00:00:00Z',
      batchSize: 1,
      streamArn,
    },
  };
}

describe('the checkpoint store', () => {
  it('resumes from the file after a restart', () => {
    const file = join(dir, 'checkpoints.json');
    createCheckpointStore(streamArn, file).advance('shard-1', '12');

    const restarted = createCheckpointStore(streamArn, file);

    expect(restarted.get('shard-1')).toEqual({ sequenceNumber: '12' });
  });

  it('never moves a checkpoint back', () => {
    const store = createCheckpointStore(streamArn);
    store.advance('shard-1', '100');

    store.advance('shard-1', '99');

    expect(store.get('shard-1')?.sequenceNumber).toBe('100');
  });

  it('starts afresh for another stream in the same file', () => {
    const file = join(dir, 'checkpoints.json');
    createCheckpointStore(streamArn, file).advance('shard-1', '12');

    const other = createCheckpointStore(`${streamArn}-new`, file);

    expect(other.get('shard-1')).toBeUndefined();
  });

  it('remembers a finished shard', () => {
    const file = join(dir, 'checkpoints.json');
    const store = createCheckpointStore(streamArn, file);
    store.advance('shard-1', '7');

    store.finish('shard-1');

    expect(createCheckpointStore(streamArn, file).get('shard-1')).toEqual({ sequenceNumber: '7', finished: true });
  });

  it('names a corrupt file instead of silently starting over', () => {
    const file = join(dir, 'checkpoints.json');
    writeFileSync(file, '{ not json');

    expect(() => createCheckpointStore(streamArn, file)).toThrow(`${file} is not valid JSON`);
  });
});

describe('the dead-letter store', () => {
  it('keeps its messages in the file across a restart, oldest first', () => {
    const file = join(dir, 'dead-letters.json');
    const store = createDeadLetterStore(file);
    const first = store.add(message('1'));
    const second = store.add(message('2'));

    const restarted = createDeadLetterStore(file);

    expect(restarted.list()).toEqual([first, second]);
  });

  it('removes one message and keeps the others', () => {
    const file = join(dir, 'dead-letters.json');
    const store = createDeadLetterStore(file);
    const first = store.add(message('1'));
    const second = store.add(message('2'));

    store.remove(first.id);

    expect(createDeadLetterStore(file).list()).toEqual([second]);
    expect(JSON.parse(readFileSync(file, 'utf8')).entries).toHaveLength(1);
  });

  it('hands out copies, so a caller cannot edit what is stored', () => {
    const store = createDeadLetterStore();
    const { id } = store.add(message('1'));

    const listed = store.list()[0];
    if (listed) listed.message.DDBStreamBatchInfo.startSequenceNumber = '999';

    expect(store.get(id)?.message.DDBStreamBatchInfo.startSequenceNumber).toBe('1');
  });
});
