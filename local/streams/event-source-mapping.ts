import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Clock } from '../../functions/shared/clock';
import { lambdaContext, withinInvocation } from '../lambda-runtime';
import {
  type DeliveryContext,
  deliverBatch,
  firstFailedIndex,
  type InvocationOutcome,
  type StreamMappingSettings,
} from './batch-delivery';
import { type CheckpointStore, createCheckpointStore } from './checkpoint-store';
import { createDeadLetterStore, type DeadLetter, type DeadLetterStore, onFailureRecord } from './dead-letter-store';
import { type FilterPattern, passesFilters } from './event-filter';
import { sequenceNumberOf } from './lambda-stream-record';
import { type ShardInfo, StreamReader } from './stream-reader';

/** A stream handler as Lambda calls it; its answer is read as a partial batch response. */
export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => unknown;

/** Where the mapping reports what it does; it never logs record contents. */
export interface MappingLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export interface LocalEventSourceMappingOptions {
  streamArn: string;
  /** DynamoDB Local's endpoint: it serves the Streams API too. */
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  handler: StreamHandler;
  /** The deployed mapping's settings: pass `streamConsumerSettings`. */
  settings: StreamMappingSettings;
  /**
   * The deployed mapping's event filters (`eventFilterPatterns()`): records matching none are
   * checkpointed without an invocation, as Lambda does. @default every record is delivered
   */
  filters?: readonly FilterPattern[];
  /** Keep checkpoints in this JSON file, so a restart does not deliver again what was handled. @default in memory */
  checkpointFile?: string;
  /** Keep the failure destination in this JSON file. @default in memory */
  deadLetterFile?: string;
  /** @default warnings and errors on the console, nothing else */
  logger?: MappingLogger;
  /**
   * Pause between reads of a stream that had nothing new; it doubles while the stream stays idle
   * and nobody waits for a drain, up to `idlePollMaxMs`. @default 200
   */
  pollIntervalMs?: number;
  /** The longest pause of an idle stream; `drained()` and `nudge()` end it at once. @default 1000 */
  idlePollMaxMs?: number;
  /** Measures record age. @default the system clock */
  clock?: Clock;
  /** The function's name in the Lambda context and the on-failure record. @default 'fieldpass-stream-consumer' */
  functionName?: string;
  /** What the context's getRemainingTimeInMillis counts down from. @default 60000 */
  timeoutMs?: number;
}

/** What `replay` did: the dead letter's records handed to the handler. */
export interface ReplayResult {
  id: string;
  /** Records handed to the handler. */
  replayed: number;
  /** Records the dead letter named. */
  expected: number;
}

export interface LocalEventSourceMapping {
  /**
   * Resolves once every shard has been read to its current end and no invocation is in flight:
   * two consecutive polls, both begun after this call, found nothing. Rejects after `timeoutMs`
   * (default 60 s) naming the last problem, or when the mapping stops.
   */
  drained(options?: { timeoutMs?: number }): Promise<void>;
  /** Ends the pause of an idle stream now: something was just written (the local API answered). */
  nudge(): void;
  /** Stops polling after the invocation in flight, if any, and closes the client. */
  stop(): Promise<void>;
  deadLetters: {
    /** The on-failure messages, oldest first. */
    list(): DeadLetter[];
    /**
     * Redrives one dead letter as `npm run replay-dead-letters` does from the S3 destination:
     * invokes the handler once with the batch the dead letter keeps (its `payload`) and, if that
     * succeeds, removes it; the stream need not hold the records any more. Otherwise it stays
     * and this rejects.
     * Records replayed this way arrive after later records of the same item: processors must
     * be idempotent and must not assume order across a replay.
     */
    replay(id: string): Promise<ReplayResult>;
  };
}

const consoleLogger: MappingLogger = {
  info: () => undefined,
  warn: (message, details) => console.warn(`[stream mapping] ${message}`, details ? JSON.stringify(details) : ''),
  error: (message, details) => console.error(`[stream mapping] ${message}`, details ? JSON.stringify(details) : ''),
};

class MappingStoppedError extends Error {}

/** How long a shard list is trusted while no shard ends (DynamoDB Local opens one rarely). */
const shardListMaxAgeMs = 2000;

/** How far a poll read: nothing there, to the end of every shard, or not to the end of one. */
type Read = 'idle' | 'caught-up' | 'behind';

interface DrainWaiter {
  /** Only polls begun after this one count. */
  after: number;
  idlePolls: number;
  caughtUpPolls: number;
  resolve(): void;
  reject(error: Error): void;
}

class EventSourceMapping implements LocalEventSourceMapping {
  private readonly client: DynamoDBStreamsClient;
  private readonly reader: StreamReader;
  private readonly checkpoints: CheckpointStore;
  private readonly store: DeadLetterStore;
  private readonly log: MappingLogger;
  private readonly clock: Clock;
  private readonly functionName: string;
  private readonly functionArn: string;
  /** Open iterators by shard; a shard without one resumes from its checkpoint. */
  private readonly iterators = new Map<string, string>();
  private waiters: DrainWaiter[] = [];
  private poll = 0;
  private stopped = false;
  private lastProblem: string | undefined;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  /** Idle polls in a row: the pause between them grows while nothing is written. */
  private idleStreak = 0;
  /** Nudged since the poll in flight began: what was written may have missed it, so read again. */
  private nudged = false;
  /** The shards as last listed; listed again when one ends, or after `shardListMaxAgeMs`. */
  private shards: ShardInfo[] | undefined;
  private shardsListedAt = 0;

  constructor(private readonly options: LocalEventSourceMappingOptions) {
    this.client = new DynamoDBStreamsClient({
      endpoint: options.endpoint,
      region: options.region,
      credentials: options.credentials,
    });
    this.reader = new StreamReader(this.client, options.streamArn);
    this.checkpoints = createCheckpointStore(options.streamArn, options.checkpointFile);
    this.store = createDeadLetterStore(options.deadLetterFile);
    this.log = options.logger ?? consoleLogger;
    this.clock = options.clock ?? (() => new Date());
    this.functionName = options.functionName ?? 'fieldpass-stream-consumer';
    this.functionArn = `arn:aws:lambda:${options.region}:000000000000:function:${this.functionName}`;
  }

  /** Fails fast, naming the stream, when it cannot be read at all. */
  async start(): Promise<void> {
    try {
      await this.reader.listShards();
    } catch (error) {
      this.client.destroy();
      throw new Error(`Cannot read the stream ${this.options.streamArn}: ${(error as Error).message}`);
    }
    this.loop = this.run();
  }

  readonly deadLetters = {
    list: () => this.store.list(),
    replay: (id: string) => this.replay(id),
  };

  drained(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('The stream mapping is stopped'));
    // CI's full-size property tests queue thousands of audited changes: a drain may take minutes.
    const timeoutMs = options.timeoutMs ?? 240_000;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const problem = this.lastProblem ? `; last problem: ${this.lastProblem}` : '';
        reject(new Error(`The stream mapping did not drain within ${timeoutMs / 1000} s${problem}`));
      }, timeoutMs);
      const waiter: DrainWaiter = {
        after: this.poll,
        idlePolls: 0,
        caughtUpPolls: 0,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.push(waiter);
      this.nudge();
    });
  }

  nudge(): void {
    this.idleStreak = 0;
    this.nudged = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wake?.();
    await this.loop;
    for (const waiter of this.waiters) waiter.reject(new Error('The stream mapping stopped before it drained'));
    this.waiters = [];
    this.client.destroy();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const poll = ++this.poll;
      this.nudged = false;
      let read: Read = 'behind';
      try {
        read = await this.pollOnce();
        this.lastProblem = undefined;
      } catch (error) {
        if (error instanceof MappingStoppedError) break;
        this.reportProblem(error as Error);
      }
      this.settleWaiters(poll, read);
      this.idleStreak = read === 'idle' ? this.idleStreak + 1 : 0;
      // A problem (DynamoDB Local at times refuses a spent iterator as trimmed) is retried from the
      // checkpoint after at most a second, however long an idle pause may be.
      if (this.lastProblem) await this.pause(Math.min(this.options.pollIntervalMs ?? 200, 1000));
      else if (read === 'idle' && !this.nudged) await this.pause(this.idlePause());
      // A drain counts polls that read to the end: the next one starts a moment later, so the
      // records the last delivery wrote are on the stream when it reads.
      else if (read === 'caught-up' && this.waiters.length > 0) await this.pause(20);
    }
  }

  /**
   * An idle stream is read every `pollIntervalMs` while a drain waits; otherwise the pause doubles
   * with each idle poll up to `idlePollMaxMs` (a test run's stack is idle between its files' writes,
   * and two mappings reading it every 200 ms cost a fifth of a core), until a drain or a nudge.
   */
  private idlePause(): number {
    const base = this.options.pollIntervalMs ?? 200;
    if (this.waiters.length > 0) return base;
    const max = Math.max(base, this.options.idlePollMaxMs ?? 1000);
    return Math.min(max, base * 2 ** Math.min(this.idleStreak - 1, 10));
  }

  /**
   * The stream's shards: listed again when one ended (its children appear), after a problem, or
   * once `shardListMaxAgeMs` passed; otherwise a poll is one GetRecords per open shard, not also a
   * DescribeStream.
   */
  private async listShards(): Promise<ShardInfo[]> {
    const now = Date.now();
    if (!this.shards || now - this.shardsListedAt > shardListMaxAgeMs) {
      this.shards = await this.reader.listShards();
      this.shardsListedAt = now;
    }
    return this.shards;
  }

  /** Reads every readable shard once and delivers what it finds; how far it read. */
  private async pollOnce(): Promise<Read> {
    const shards = [...(await this.listShards())];
    const listed = new Set(shards.map((shard) => shard.shardId));
    for (const shardId of this.iterators.keys()) if (!listed.has(shardId)) this.iterators.delete(shardId);
    let read: Read = 'idle';
    for (const shard of shards.sort((a, b) => a.shardId.localeCompare(b.shardId))) {
      if (!this.readable(shard, listed)) continue;
      try {
        const shardRead = await this.pollShard(shard.shardId);
        if (shardRead === 'behind' || (shardRead === 'caught-up' && read === 'idle')) read = shardRead;
      } catch (error) {
        // Resume from the checkpoint next time: the iterator may have expired or be spent.
        this.iterators.delete(shard.shardId);
        this.shards = undefined;
        throw error;
      }
    }
    return read;
  }

  // A child shard waits for its parent (while the stream still lists it), keeping item order.
  private readable(shard: ShardInfo, listed: Set<string>): boolean {
    if (this.checkpoints.get(shard.shardId)?.finished) return false;
    const parent = shard.parentShardId;
    return !parent || !listed.has(parent) || this.checkpoints.get(parent)?.finished === true;
  }

  /** One GetRecords on one shard and the delivery of what it returned; how far it read. */
  private async pollShard(shardId: string): Promise<Read> {
    const iterator =
      this.iterators.get(shardId) ??
      (await this.reader.iteratorAfter(shardId, this.checkpoints.get(shardId)?.sequenceNumber));
    if (!iterator) return 'idle';
    // Lambda filters what it reads before it batches: a mapping of small batches (the worker's, one
    // record) still reads the stream in pages of 100, and delivers the matching records in batches.
    const { batchSize } = this.options.settings;
    const limit = Math.max(batchSize, 100);
    const page = await this.reader.read(iterator, limit);
    const delivered = page.records.filter((record) => passesFilters(this.options.filters, record));
    for (let i = 0; i < delivered.length; i += batchSize) {
      await deliverBatch(delivered.slice(i, i + batchSize), this.deliveryContext(shardId));
    }
    // Records the filters dropped after the last one delivered are done with too.
    const last = page.records.at(-1);
    if (last && last !== delivered.at(-1)) this.checkpoints.advance(shardId, sequenceNumberOf(last));
    if (page.next) {
      this.iterators.set(shardId, page.next);
      // DynamoDB Local answers a short page only at the shard's end (AWS may answer one anywhere).
      return page.records.length === 0 ? 'idle' : page.records.length < limit ? 'caught-up' : 'behind';
    }
    // A closed shard read to its end: its children may start.
    this.iterators.delete(shardId);
    this.checkpoints.finish(shardId);
    this.shards = undefined;
    this.log.info('Stream shard finished', { shardId });
    return 'behind';
  }

  private deliveryContext(shardId: string): DeliveryContext {
    return {
      settings: this.options.settings,
      invoke: (records) => this.invoke(records),
      now: this.clock,
      checkpoint: (record) => this.checkpoints.advance(shardId, sequenceNumberOf(record)),
      deadLetter: (records, condition, invokeCount, lastInvocation) => {
        const { id, message } = this.store.add(
          onFailureRecord({
            records,
            shardId,
            streamArn: this.options.streamArn,
            functionArn: this.functionArn,
            condition,
            invokeCount,
            lastInvocation,
            now: this.clock(),
          }),
        );
        const { startSequenceNumber, endSequenceNumber, batchSize } = message.DDBStreamBatchInfo;
        this.log.warn('Stream records sent to the failure destination', {
          id,
          condition,
          shardId,
          startSequenceNumber,
          endSequenceNumber,
          batchSize,
          invokeCount,
        });
      },
      assertRunning: () => {
        if (this.stopped) throw new MappingStoppedError();
      },
    };
  }

  private async invoke(records: DynamoDBRecord[]): Promise<InvocationOutcome> {
    const context = lambdaContext({
      functionName: this.functionName,
      functionArn: this.functionArn,
      timeoutMs: this.options.timeoutMs ?? 60_000,
    });
    const requestId = context.awsRequestId;
    // A JSON copy, as Lambda delivers it: the handler cannot change what a retry will send.
    const event = JSON.parse(JSON.stringify({ Records: records })) as DynamoDBStreamEvent;
    try {
      const response = await withinInvocation(context, () => this.options.handler(event, context));
      const index = firstFailedIndex(response, records, this.options.settings.reportBatchItemFailures);
      if (index === undefined) return { result: 'success', requestId };
      this.log.info('Stream batch partly failed', { records: records.length, retryFrom: index + 1 });
      return { result: 'failedFrom', index, requestId };
    } catch (error) {
      this.log.warn('Stream handler failed', {
        records: records.length,
        error: (error as Error).name,
        message: (error as Error).message,
      });
      return { result: 'error', requestId };
    }
  }

  private async replay(id: string): Promise<ReplayResult> {
    const entry = this.store.get(id);
    if (!entry) throw new Error(`No dead letter ${id}`);
    const info = entry.message.DDBStreamBatchInfo;
    if (!entry.message.payload && info.streamArn !== this.options.streamArn) {
      throw new Error(`Dead letter ${id} belongs to another stream (${info.streamArn}); it cannot be replayed here`);
    }
    // The batch as it was invoked, kept with the dead letter: no need for the stream to hold it still.
    // A dead letter kept before the payload was (none since) is read back from the stream.
    const payload = entry.message.payload;
    const records = payload
      ? (JSON.parse(payload) as DynamoDBStreamEvent).Records
      : (await this.reader.readRange(info.shardId, info.startSequenceNumber, info.endSequenceNumber)).filter((record) =>
          passesFilters(this.options.filters, record),
        );
    if (records.length === 0) {
      throw new Error(`The records of dead letter ${id} are no longer in the stream (it keeps them 24 h)`);
    }
    const outcome = await this.invoke(records);
    if (outcome.result !== 'success') throw new Error(`Replaying dead letter ${id} failed again; it stays`);
    this.store.remove(id);
    this.log.info('Dead letter replayed', { id, replayed: records.length });
    return { id, replayed: records.length, expected: info.batchSize };
  }

  /**
   * A drain ends after two idle polls in a row, or after four in a row that each read every shard to
   * its end: everything written before the drain was delivered, and what those deliveries wrote in
   * turn, three deliveries deep. The second rule keeps a drain from waiting on records others keep
   * writing (tests beside it on the same stack), which would hold off two idle polls indefinitely.
   */
  private settleWaiters(poll: number, read: Read): void {
    for (const waiter of this.waiters) {
      if (poll <= waiter.after) continue;
      waiter.idlePolls = read === 'idle' ? waiter.idlePolls + 1 : 0;
      waiter.caughtUpPolls = read === 'behind' ? 0 : waiter.caughtUpPolls + 1;
    }
    const drained = (waiter: DrainWaiter) => waiter.idlePolls >= 2 || waiter.caughtUpPolls >= 4;
    const done = this.waiters.filter(drained);
    this.waiters = this.waiters.filter((waiter) => !drained(waiter));
    for (const waiter of done) waiter.resolve();
  }

  // Logged once per distinct problem: a stopped DynamoDB Local would otherwise flood the console.
  private reportProblem(error: Error): void {
    const problem = `${error.name}: ${error.message}`;
    if (problem !== this.lastProblem) this.log.error('Reading the stream failed; retrying', { problem });
    this.lastProblem = problem;
  }

  /** A pause of the loop; `stop()` and `nudge()` end it, and once stopped there is none. */
  private pause(ms = this.options.pollIntervalMs ?? 200): Promise<void> {
    // A stop during a poll has already woken the pause before it: the loop must not start another.
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/**
 * The local stand-in for Lambda's DynamoDB Streams event-source mapping: polls the stream of
 * DynamoDB Local (every shard, parents before children) and invokes `handler` in this process
 * with real DynamoDBStreamEvent records, honouring the deployed mapping's event filters, batch size, partial
 * batch responses, bisect on error, retries, maximum record age and on-failure destination
 * (a local dead-letter store that can be listed and replayed). Starts reading at once, from the
 * checkpoints if a checkpoint file holds some, else from the oldest record.
 */
export async function startLocalEventSourceMapping(
  options: LocalEventSourceMappingOptions,
): Promise<LocalEventSourceMapping> {
  const mapping = new EventSourceMapping(options);
  await mapping.start();
  return mapping;
}
