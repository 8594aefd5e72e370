import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetShardIteratorInput,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { compareSequenceNumbers, sequenceNumberOf, toLambdaRecord } from './lambda-stream-record';

/** A shard of the stream; a child shard is read only once its parent is finished. */
export interface ShardInfo {
  shardId: string;
  parentShardId?: string;
}

/** One GetRecords page; `next` is absent once a closed shard has been read to its end. */
export interface RecordsPage {
  records: DynamoDBRecord[];
  next?: string;
}

/** GetRecords returns at most 1,000 records per call. */
const MAX_RECORDS_PER_READ = 1000;

/** Reads one DynamoDB stream through the DynamoDB Streams API, records in Lambda's shape. */
export class StreamReader {
  constructor(
    private readonly client: DynamoDBStreamsClient,
    readonly streamArn: string,
  ) {}

  /** Every shard the stream lists now (open and closed), following DescribeStream's pages. */
  async listShards(): Promise<ShardInfo[]> {
    const shards: ShardInfo[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.client.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        if (!shard.ShardId) continue;
        shards.push({
          shardId: shard.ShardId,
          ...(shard.ParentShardId ? { parentShardId: shard.ParentShardId } : {}),
        });
      }
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  }

  /**
   * An iterator just after `checkpoint`, or at the oldest record when there is none. A
   * checkpoint the stream has trimmed away (older than its 24 h) restarts at the oldest record.
   */
  async iteratorAfter(shardId: string, checkpoint: string | undefined): Promise<string | undefined> {
    if (checkpoint) {
      try {
        return await this.iterator({
          ShardId: shardId,
          ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
          SequenceNumber: checkpoint,
        });
      } catch (error) {
        if (!(error instanceof TrimmedDataAccessException)) throw error;
      }
    }
    return this.iterator({ ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' });
  }

  async read(iterator: string, limit: number): Promise<RecordsPage> {
    const { Records, NextShardIterator } = await this.client.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: Math.min(limit, MAX_RECORDS_PER_READ) }),
    );
    const records = (Records ?? []).map((record) => toLambdaRecord(record, this.streamArn));
    return NextShardIterator ? { records, next: NextShardIterator } : { records };
  }

  /** The records from `start` to `end` (sequence numbers, both included) of one shard. */
  async readRange(shardId: string, start: string, end: string): Promise<DynamoDBRecord[]> {
    let iterator = await this.iterator({
      ShardId: shardId,
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      SequenceNumber: start,
    });
    const found: DynamoDBRecord[] = [];
    while (iterator) {
      const page = await this.read(iterator, MAX_RECORDS_PER_READ);
      for (const record of page.records) {
        if (compareSequenceNumbers(sequenceNumberOf(record), end) > 0) return found;
        found.push(record);
      }
      // An empty page means the open shard has nothing more yet: the range ended before it.
      if (page.records.length === 0) return found;
      iterator = page.next;
    }
    return found;
  }

  private async iterator(input: Omit<GetShardIteratorInput, 'StreamArn'>): Promise<string | undefined> {
    const { ShardIterator } = await this.client.send(
      new GetShardIteratorCommand({ StreamArn: this.streamArn, ...input }),
    );
    return ShardIterator;
  }
}
