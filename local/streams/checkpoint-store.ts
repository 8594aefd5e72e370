import { readJsonFile, writeJsonFile } from './json-file';
import { compareSequenceNumbers } from './lambda-stream-record';

/** How far one shard has been handled. */
export interface ShardCheckpoint {
  /** The last record handled: processed, or sent to the failure destination. */
  sequenceNumber?: string;
  /** The shard is closed and every record in it was handled: its children may start. */
  finished?: boolean;
}

/** Where the mapping remembers its position in each shard of one stream. */
export interface CheckpointStore {
  get(shardId: string): ShardCheckpoint | undefined;
  /** Moves the shard's checkpoint forward (never back) to `sequenceNumber`. */
  advance(shardId: string, sequenceNumber: string): void;
  finish(shardId: string): void;
}

interface CheckpointFile {
  version: 1;
  /** By stream ARN: an in-memory DynamoDB Local gets a new stream each run and starts afresh. */
  streams: Record<string, Record<string, ShardCheckpoint>>;
}

/**
 * Checkpoints of one stream, in memory or, given `file`, kept in that JSON file (written on
 * every move) so a restarted mapping resumes after the last record it handled.
 */
export function createCheckpointStore(streamArn: string, file?: string): CheckpointStore {
  const document: CheckpointFile = file ? readJsonFile(file, { version: 1, streams: {} }) : { version: 1, streams: {} };
  document.streams[streamArn] ??= {};
  const shards = document.streams[streamArn];
  const save = () => {
    if (file) writeJsonFile(file, document);
  };
  return {
    get: (shardId) => shards[shardId],
    advance(shardId, sequenceNumber) {
      const current = shards[shardId]?.sequenceNumber;
      if (current && compareSequenceNumbers(sequenceNumber, current) <= 0) return;
      shards[shardId] = { ...shards[shardId], sequenceNumber };
      save();
    },
    finish(shardId) {
      shards[shardId] = { ...shards[shardId], finished: true };
      save();
    },
  };
}
