import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { Schema } from '../contract';
import { requireEnv } from '../env';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { cursorAfter, decodeCursor, encodeCursor } from './cursor';
import { keyAttributes, type PrefixTarget, type PrimaryKey, primaryKeyAttributes, type QueryTarget } from './keys';
import type { FailedSteps, Page, Step, TransactItem } from './types';

export type { FailedSteps, Page, Step, TransactItem } from './types';

const tableName = requireEnv('TABLE_NAME');

/**
 * The one DynamoDB client. Created at module scope so a warm Lambda reuses its connections;
 * tests add a middleware to it to count the requests an operation sends.
 */
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

/** Fields every item carries. */
export interface ItemMeta {
  entity: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...item };
  for (const name of keyAttributes) delete copy[name];
  delete copy.expiresAt;
  return copy;
}

/**
 * Validates what was read back. A stored item that does not match its schema is a bug or
 * corruption, never the caller's fault: it fails loudly (500) instead of leaking odd data.
 */
export function parseItem<S extends Schema>(
  schema: S,
  item: Record<string, unknown>,
  /** Attributes the item does not store because its keys hold them (e.g. an audit entry's time). */
  fromKeys?: FromKeys,
): z.infer<S> {
  const result = z.safeParse(schema, { ...fromKeys?.(item), ...stripKeys(item) });
  if (!result.success) {
    throw new Error(
      `Stored item does not match its schema: ${result.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  }
  return result.data;
}

/** Restores what an item does not store because its keys hold it (see `parseItem`). */
type FromKeys = (item: Record<string, unknown>) => Record<string, unknown>;

/** One strongly consistent GetItem; `undefined` when absent. */
export async function getItem<S extends Schema>(key: PrimaryKey, schema: S): Promise<z.infer<S> | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return Item ? parseItem(schema, Item) : undefined;
}

/** A Query's key condition and filter, with their attributes' names and values. */
interface KeyCondition {
  KeyConditionExpression: string;
  FilterExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/** The key condition of a Query target: partition, and a sort-key prefix or range if any. */
function keyCondition(target: QueryTarget): KeyCondition {
  const names: Record<string, string> = { '#p': target.partition.name };
  const values: Record<string, unknown> = { ':p': target.partition.value };
  let condition = '#p = :p';
  if (target.sortKeyPrefix) {
    names['#s'] = target.sortKeyPrefix.name;
    values[':s'] = target.sortKeyPrefix.value;
    condition += ' AND begins_with(#s, :s)';
  } else if (target.sortKeyRange) {
    const { name, from, to } = target.sortKeyRange;
    if (from !== undefined) values[':from'] = from;
    if (to !== undefined) values[':to'] = to;
    if (from !== undefined || to !== undefined) names['#s'] = name;
    if (from !== undefined && to !== undefined) condition += ' AND #s BETWEEN :from AND :to';
    else if (from !== undefined) condition += ' AND #s >= :from';
    else if (to !== undefined) condition += ' AND #s <= :to';
  }
  const filters: string[] = [];
  if (target.containing) {
    names['#c'] = target.containing.name;
    values[':c'] = target.containing.value;
    filters.push('contains(#c, :c)');
  }
  if (target.matching) {
    names['#m'] = target.matching.name;
    values[':m'] = target.matching.value;
    filters.push('#m = :m');
  }
  if (target.notStartingWith) {
    names['#n'] = target.notStartingWith.name;
    values[':n'] = target.notStartingWith.value;
    filters.push('NOT begins_with(#n, :n)');
  }
  return {
    KeyConditionExpression: condition,
    ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/**
 * The key condition of a partition and, if any, a sort-key prefix (`keyCondition` of a
 * `PrefixTarget`): apart, so a function whose Queries read a partition by prefix alone
 * (`queryAllByPrefix`) bundles none of the ranges and filters.
 */
function prefixCondition({ partition, sortKeyPrefix }: PrefixTarget): KeyCondition {
  return {
    KeyConditionExpression: sortKeyPrefix ? '#p = :p AND begins_with(#s, :s)' : '#p = :p',
    ExpressionAttributeNames: { '#p': partition.name, ...(sortKeyPrefix && { '#s': sortKeyPrefix.name }) },
    ExpressionAttributeValues: { ':p': partition.value, ...(sortKeyPrefix && { ':s': sortKeyPrefix.value }) },
  };
}

/**
 * One Query of `target` on its key `condition` from `start` (none: from the beginning): its items
 * read back, and where the next would start.
 */
async function queryFrom<S extends Schema>(
  target: Pick<QueryTarget, 'index'>,
  condition: KeyCondition,
  schema: S,
  options: { limit: number; newestFirst?: boolean; consistent?: boolean; fromKeys?: FromKeys },
  start: Record<string, unknown> | undefined,
) {
  const result = await dynamo.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: target.index,
      ...condition,
      ExclusiveStartKey: start,
      Limit: options.limit,
      ScanIndexForward: !options.newestFirst,
      ...(options.consistent ? { ConsistentRead: true } : {}),
    }),
  );
  const items: z.infer<S>[] = (result.Items ?? []).map((item) => parseItem(schema, item, options.fromKeys));
  return { items, next: result.LastEvaluatedKey };
}

/**
 * One Query for one page of a list. The cursor can only continue this same list. Eventually
 * consistent unless `consistent` (twice the read units; not on an index).
 */
export async function queryPage<S extends Schema>(
  target: QueryTarget,
  schema: S,
  options: { limit: number; cursor?: string; newestFirst?: boolean; consistent?: boolean; fromKeys?: FromKeys },
): Promise<Page<z.infer<S>>> {
  const { items, next } = await queryFrom(
    target,
    keyCondition(target),
    schema,
    options,
    decodeCursor(options.cursor, target),
  );
  const cursor = encodeCursor(next);
  return cursor ? { items, cursor } : { items };
}

/**
 * How many items a Query of `target` matches: Queries with `Select: COUNT` (nothing is returned,
 * but each reads its items, 1 MB at a time), one after another to the partition's end. For a
 * count a client asks for (the feed's `$count`), never for a list page.
 */
export async function queryCount(target: QueryTarget): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const result = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: target.index,
        ...keyCondition(target),
        Select: 'COUNT',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += result.Count ?? 0;
    start = result.LastEvaluatedKey;
  } while (start);
  return count;
}

/**
 * Every page of a list, in order, each handed to `each` as it is read: one Query of `limit` items,
 * and another from where it stopped (its LastEvaluatedKey) while the list goes on. For code that
 * walks a whole list (a stream processor, `queryAll`): no cursor is made or read, so nothing of the
 * cursor codec is bundled with it. Eventually consistent unless `consistent`.
 */
export async function queryEachPage<S extends Schema>(
  target: QueryTarget,
  schema: S,
  options: { limit: number; consistent?: boolean; fromKeys?: FromKeys },
  each: (items: z.infer<S>[]) => unknown,
): Promise<void> {
  const condition = keyCondition(target);
  let start: Record<string, unknown> | undefined;
  do {
    const page = await queryFrom(target, condition, schema, options, start);
    await each(page.items);
    start = page.next;
  } while (start);
}

/**
 * Every item of a list, in order: one Query of up to `pageSize` items (1,000 unless given), and
 * another from where it stopped while the list goes on (past DynamoDB's 1 MB page). Only for
 * lists bounded by what they hold (an item's collection, one user's assignments), never for a
 * list that grows with the account.
 */
export function queryAll<S extends Schema>(
  target: QueryTarget,
  schema: S,
  options: { pageSize?: number; consistent?: boolean; fromKeys?: FromKeys } = {},
): Promise<z.infer<S>[]> {
  return readWhole(target, keyCondition(target), schema, options);
}

/**
 * `queryAll` of a partition and at most a sort-key prefix (e.g. an item's checklists): the same
 * Queries, without bundling the ranges and filters of the other targets (`prefixCondition`).
 */
export function queryAllByPrefix<S extends Schema>(
  target: PrefixTarget,
  schema: S,
  options: { pageSize?: number; consistent?: boolean; fromKeys?: FromKeys } = {},
): Promise<z.infer<S>[]> {
  return readWhole(target, prefixCondition(target), schema, options);
}

/** The pages of one Query condition, one after another to the list's end (`queryAll`). */
async function readWhole<S extends Schema>(
  target: Pick<QueryTarget, 'index'>,
  condition: KeyCondition,
  schema: S,
  options: { pageSize?: number; consistent?: boolean; fromKeys?: FromKeys },
): Promise<z.infer<S>[]> {
  const items: z.infer<S>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await queryFrom(target, condition, schema, { limit: options.pageSize ?? 1000, ...options }, start);
    items.push(...page.items);
    start = page.next;
  } while (start);
  return items;
}

/**
 * One page of a list whose items a later check may leave out (e.g. what the caller may see): a
 * Query of `limit` items, `keep` deciding on each item read, and another Query from where it
 * stopped while fewer than `limit` were kept and the list goes on. So a page is never short
 * because of the check when more items exist; its cursor continues after the last item kept.
 * Reads at most `maxExamined` items (those a target's filter left out count): a page that reached
 * it without being full still carries a cursor, so nothing is skipped.
 */
export async function queryKept<S extends Schema>(
  target: QueryTarget,
  schema: S,
  options: {
    limit: number;
    cursor?: string;
    newestFirst?: boolean;
    maxExamined?: number;
    /** Rows each Query reads (its `Limit`); the page size when absent. */
    readLimit?: number;
    /** Counts the rows read, for a caller that bounds several of these together. */
    tally?: { examined: number };
    fromKeys?: FromKeys;
  },
  keep: (items: z.infer<S>[]) => Promise<boolean[]>,
): Promise<Page<z.infer<S>>> {
  const kept: z.infer<S>[] = [];
  let start = decodeCursor(options.cursor, target);
  let examined = 0;
  for (;;) {
    const result = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: target.index,
        ...keyCondition(target),
        ExclusiveStartKey: start,
        Limit: options.readLimit ?? options.limit,
        ScanIndexForward: !options.newestFirst,
      }),
    );
    const raw = result.Items ?? [];
    // What the Query read, not what its filter (if any) returned.
    const read = result.ScannedCount ?? raw.length;
    if (options.tally) options.tally.examined += read;
    const items = raw.map((item) => parseItem(schema, item, options.fromKeys));
    const decisions = items.length > 0 ? await keep(items) : [];
    for (const [i, item] of items.entries()) {
      if (!decisions[i]) continue;
      kept.push(item);
      if (kept.length === options.limit) {
        const more = i < raw.length - 1 || result.LastEvaluatedKey !== undefined;
        return more ? { items: kept, cursor: cursorAfter(raw[i] as Record<string, unknown>, target) } : { items: kept };
      }
    }
    examined += read;
    const next = encodeCursor(result.LastEvaluatedKey);
    if (!next) return { items: kept };
    if (examined >= (options.maxExamined ?? 1000)) return { items: kept, cursor: next };
    start = result.LastEvaluatedKey as Record<string, string>;
  }
}

/** The most keys one BatchGetItem may name. */
export const maxBatchGetKeys = 100;

/**
 * One BatchGetItem (retrying keys DynamoDB leaves unprocessed under load) of at most 100 keys,
 * strongly consistent; the items found, in no particular order.
 */
export async function batchGetItems<S extends Schema>(
  itemKeys: readonly PrimaryKey[],
  schema: S,
  projection?: readonly string[],
  /** Restores what the items' keys hold (see `parseItem`); the projection must name those keys. */
  fromKeys?: FromKeys,
): Promise<z.infer<S>[]> {
  const found: z.infer<S>[] = [];
  let pending: Record<string, unknown>[] = itemKeys.map((key) => ({ ...key }));
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
    const result = await dynamo.send(
      new BatchGetCommand({
        RequestItems: {
          [tableName]: {
            Keys: pending,
            ConsistentRead: true,
            ...(projection
              ? {
                  ProjectionExpression: projection.map((_, i) => `#a${i}`).join(', '),
                  ExpressionAttributeNames: Object.fromEntries(projection.map((name, i) => [`#a${i}`, name])),
                }
              : {}),
          },
        },
      }),
    );
    for (const item of result.Responses?.[tableName] ?? []) found.push(parseItem(schema, item, fromKeys));
    pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
  }
  if (pending.length > 0) throw new Error('DynamoDB left keys of a BatchGetItem unprocessed');
  return found;
}

/** The most items one BatchWriteItem may put. */
export const maxBatchWriteItems = 25;

/**
 * One BatchWriteItem putting `items` (at most 25, no two with the same key), unconditionally: a
 * put replaces an item with that key. Answers the items DynamoDB left unprocessed (under load),
 * for the caller to retry; throws when the request fails.
 */
export async function batchPutItems(
  items: readonly (PrimaryKey & Record<string, unknown>)[],
): Promise<(PrimaryKey & Record<string, unknown>)[]> {
  const result = await dynamo.send(
    new BatchWriteCommand({ RequestItems: { [tableName]: items.map((Item) => ({ PutRequest: { Item } })) } }),
  );
  return (result.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
    request.PutRequest?.Item ? [request.PutRequest.Item as PrimaryKey & Record<string, unknown>] : [],
  );
}

/** A Put of an item that replaces it only while its stored version is `expectedVersion`. */
export function putVersioned(item: PrimaryKey & Record<string, unknown>, expectedVersion: number): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: item,
      ConditionExpression: 'attribute_exists(#version) AND #version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': expectedVersion },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** A Put with no condition: for items derived from another that the same transaction guards. */
export function putDerived(item: PrimaryKey & Record<string, unknown>): TransactItem {
  return { Put: { TableName: tableName, Item: item } };
}

/** A Delete, conditional on the stored version when `expectedVersion` is given. */
export function deleteItem(key: PrimaryKey, expectedVersion?: number): TransactItem {
  return {
    Delete: {
      TableName: tableName,
      Key: key,
      ...(expectedVersion === undefined
        ? {}
        : {
            ConditionExpression: 'attribute_exists(#version) AND #version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
          }),
    },
  };
}

/** A Put that fails with ConflictError when the key exists already. */
export function putNew(item: PrimaryKey & Record<string, unknown>): TransactItem {
  return {
    Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
  };
}

/** A condition on an item, in DynamoDB's expression syntax with its names and values. */
export interface Condition {
  expression: string;
  names: Record<string, string>;
  values?: Record<string, unknown>;
}

/** Holds while no item has the key: a step that must create its item. */
export const itemAbsent: Condition = { expression: 'attribute_not_exists(pk)', names: {} };

/** Holds while an item has the key: a step that must change an existing item, never create one. */
export const itemPresent: Condition = { expression: 'attribute_exists(pk)', names: {} };

/** Holds while no item has the key yet, or `condition` holds for the one there. */
export const absentOr = (condition: Condition): Condition => ({
  ...condition,
  expression: `attribute_not_exists(pk) OR ${condition.expression}`,
});

/** Holds while the item exists and `condition` holds for it. */
export const presentAnd = (condition: Condition): Condition => ({
  ...condition,
  expression: `attribute_exists(pk) AND ${condition.expression}`,
});

/**
 * A transaction step that writes nothing and holds only while `condition` holds for the item,
 * returning the item as it is when it does not (to say why).
 */
export function conditionCheck(key: PrimaryKey, condition: Condition): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: key,
      ConditionExpression: condition.expression,
      ExpressionAttributeNames: condition.names,
      ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** A Put that holds only while `condition` holds for the item there now (returned when it does not). */
export function putWhen(item: PrimaryKey & Record<string, unknown>, condition: Condition): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: item,
      ConditionExpression: condition.expression,
      // DynamoDB refuses an empty map.
      ...(Object.keys(condition.names).length ? { ExpressionAttributeNames: condition.names } : {}),
      ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** An Update that sets `set`, counts `version` on, and holds only while `condition` holds (the item is returned when not). */
export function updateWhen(key: PrimaryKey, set: Record<string, unknown>, condition: Condition): TransactItem {
  const names: Record<string, string> = { ...condition.names, '#version': 'version' };
  const values: Record<string, unknown> = { ...condition.values, ':one': 1 };
  const sets = Object.entries(set).map(([field, value], i) => {
    names[`#u${i}`] = field;
    values[`:u${i}`] = value;
    return `#u${i} = :u${i}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET ${[...sets, '#version = #version + :one'].join(', ')}`,
      ConditionExpression: condition.expression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** A Delete that holds only while `condition` holds (the item is returned when not). */
export function deleteWhen(key: PrimaryKey, condition: Condition): TransactItem {
  return {
    Delete: {
      TableName: tableName,
      Key: key,
      ConditionExpression: condition.expression,
      ExpressionAttributeNames: condition.names,
      ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** The most items one TransactWriteItems may hold. */
export const maxTransactionItems = 100;

/**
 * Writes the steps atomically, all or nothing, in one TransactWriteItems. Answers undefined when
 * written, or, when a condition failed, the failed steps by name (with the item as stored now,
 * where DynamoDB returned it).
 */
export async function tryTransact(steps: readonly Step[]): Promise<FailedSteps | undefined> {
  // DynamoDB's limit: say so as a 400 rather than fail as a 500.
  if (steps.length > maxTransactionItems) {
    throw new ValidationError(
      `This change touches ${steps.length} records at once, more than ${maxTransactionItems}: make it in smaller steps`,
      undefined,
      'TOO_MANY_CHANGES',
    );
  }
  try {
    await dynamo.send(new TransactWriteCommand({ TransactItems: steps.map((step) => step.write) }));
    return undefined;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const failed = new Map<string, Record<string, unknown> | undefined>();
    (error.CancellationReasons ?? []).forEach((reason, i) => {
      const name = steps[i]?.name as string;
      if (reason.Code === 'ConditionalCheckFailed' && !failed.has(name)) {
        failed.set(name, reason.Item ? unmarshall(reason.Item as never) : undefined);
      }
    });
    return failed;
  }
}

/**
 * Writes the steps as `tryTransact` does; a refused transaction throws what `conflict` makes of
 * its failed steps, or a plain 409 with `conflict` as its message.
 */
export async function transact(
  steps: readonly Step[],
  conflict: string | ((failed: FailedSteps) => Error),
): Promise<void> {
  const failed = await tryTransact(steps);
  if (failed) throw typeof conflict === 'string' ? new ConflictError(conflict) : conflict(failed);
}

/** A transaction item that is an Update (e.g. built by `updateWrite`), which can also be sent on its own. */
export type UpdateItem = TransactItem & { Update: NonNullable<TransactItem['Update']> };

/**
 * Sends one conditional Update (e.g. built by `updateWrite`) on its own, a single UpdateItem;
 * answers whether it landed (false when the condition failed).
 */
export async function updateIf(step: UpdateItem): Promise<boolean> {
  try {
    await dynamo.send(new UpdateCommand(step.Update));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Sends one conditional Update on its own as `updateIf` does; a failed condition throws `conflict`. */
export async function updateOne(step: UpdateItem, conflict: () => Error): Promise<void> {
  if (!(await updateIf(step))) throw conflict();
}

/** Sends one conditional Put on its own; answers whether it landed (false when the condition failed). */
export async function putIf(item: PrimaryKey & Record<string, unknown>, condition: Condition): Promise<boolean> {
  try {
    const { ReturnValuesOnConditionCheckFailure: _old, ...put } = putWhen(item, condition).Put as NonNullable<
      TransactItem['Put']
    >;
    await dynamo.send(new PutCommand(put));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Sends one conditional Delete on its own; answers whether it held (false when the condition failed). */
export async function deleteIf(key: PrimaryKey, condition: Condition): Promise<boolean> {
  try {
    const {
      ReturnValuesOnConditionCheckFailure: _old,
      ExpressionAttributeNames: names,
      ...remove
    } = deleteWhen(key, condition).Delete as NonNullable<TransactItem['Delete']>;
    // DynamoDB refuses an empty map of names (a condition such as `attribute_exists(pk)` has none).
    await dynamo.send(
      new DeleteCommand({
        ...remove,
        ...(names && Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Sends one conditional Update (built by `updateWrite`) on its own and answers the item as it is
 * afterwards, or undefined when the condition failed: for claiming a record exactly once.
 */
export async function updateClaim<S extends Schema>(step: UpdateItem, schema: S): Promise<z.infer<S> | undefined> {
  try {
    const result = await dynamo.send(new UpdateCommand({ ...step.Update, ReturnValues: 'ALL_NEW' }));
    return result.Attributes ? parseItem(schema, result.Attributes) : undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** An update in DynamoDB's expression syntax (SET, ADD, REMOVE, DELETE clauses) with its names and values. */
export interface UpdateChange {
  expression: string;
  names: Record<string, string>;
  values?: Record<string, unknown>;
}

/**
 * Sends one UpdateItem of `change` while `condition` holds. Answers the item as it is afterwards
 * (`{ item }`), or, when the condition failed, the item as it stands (`{ refused }`, undefined
 * while absent): neither costs a read.
 */
export async function updateReturning<S extends Schema>(
  key: PrimaryKey,
  change: UpdateChange,
  condition: Condition,
  schema: S,
): Promise<{ item: z.infer<S> } | { refused: z.infer<S> | undefined }> {
  const values = { ...condition.values, ...change.values };
  try {
    const result = await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: change.expression,
        ConditionExpression: condition.expression,
        ExpressionAttributeNames: { ...condition.names, ...change.names },
        ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { item: parseItem(schema, result.Attributes ?? {}) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { refused: error.Item ? parseItem(schema, unmarshall(error.Item as never)) : undefined };
  }
}

/** Puts one item that must not exist yet. */
export async function createItem(item: PrimaryKey & Record<string, unknown>, conflictMessage: string): Promise<void> {
  try {
    await dynamo.send(new PutCommand(putNew(item).Put!));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new ConflictError(conflictMessage);
    throw error;
  }
}

/**
 * The Update of optimistic concurrency: applies `changes` only if the stored version is
 * `expectedVersion`, and bumps the version. Send it alone (`updateVersioned`) or inside a
 * transaction with the writes that must hold with it.
 */
export function versionedUpdate(
  key: PrimaryKey,
  expectedVersion: number,
  changes: Record<string, unknown>,
  now: Date,
  /** Index attributes that follow from the changed fields (built by keys.ts). */
  indexKeys: Record<string, string> = {},
) {
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':expected': expectedVersion, ':one': 1, ':now': now.toISOString() };
  const sets = ['#version = #version + :one', '#updatedAt = :now'];
  const removes: string[] = [];
  for (const field of Object.keys(changes)) {
    if (field === 'version' || field === 'entity' || (keyAttributes as readonly string[]).includes(field)) {
      throw new Error(`updateVersioned cannot change ${field}`);
    }
  }
  for (const field of Object.keys(indexKeys)) {
    if (primaryKeyAttributes.includes(field)) throw new Error('updateVersioned cannot change the primary key');
  }
  Object.entries({ ...changes, ...indexKeys }).forEach(([field, value], i) => {
    names[`#f${i}`] = field;
    if (value === undefined) {
      removes.push(`#f${i}`);
    } else {
      values[`:v${i}`] = value;
      sets.push(`#f${i} = :v${i}`);
    }
  });
  return {
    TableName: tableName,
    Key: key,
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
}

/** The answer to a failed version condition: 404 if the item is gone, else 409 with the current item. */
export function staleVersionError<S extends Schema>(schema: S, current: Record<string, unknown> | undefined): Error {
  if (!current) return new NotFoundError();
  return new ConflictError('This was changed by someone else; reload and try again', {
    current: parseItem(schema, current),
  });
}

/**
 * Optimistic concurrency in one UpdateItem (see `versionedUpdate`). A stale version answers 409
 * with the current item; a missing item 404.
 */
export async function updateVersioned<S extends Schema>(
  key: PrimaryKey,
  expectedVersion: number,
  changes: Record<string, unknown>,
  schema: S,
  now: Date,
  indexKeys: Record<string, string> = {},
): Promise<z.infer<S>> {
  try {
    const { Attributes } = await dynamo.send(
      new UpdateCommand({ ...versionedUpdate(key, expectedVersion, changes, now, indexKeys), ReturnValues: 'ALL_NEW' }),
    );
    return parseItem(schema, Attributes ?? {});
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw staleVersionError(schema, error.Item ? unmarshall(error.Item as never) : undefined);
    }
    throw error;
  }
}

/**
 * Adds `delta` to a counter attribute, only while the result stays at or above `minimum`
 * (e.g. "an account keeps at least one active Account Admin"). For use inside a transaction.
 */
export function counterChange(key: PrimaryKey, field: string, delta: number, minimum = 0): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET #c = #c + :delta',
      ConditionExpression: '#c >= :floor',
      ExpressionAttributeNames: { '#c': field },
      ExpressionAttributeValues: { ':delta': delta, ':floor': minimum - delta },
    },
  };
}

/**
 * Adds `delta` to a count, creating the item and the attribute at 0 when absent (for counts
 * whose item is made by the first write that counts, e.g. a project's plan rows).
 */
export function countAdd(key: PrimaryKey, field: string, delta: number): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: 'ADD #c :delta',
      ExpressionAttributeNames: { '#c': field },
      ExpressionAttributeValues: { ':delta': delta },
    },
  };
}

/**
 * Adds `delta` to a count as `countAdd` does (creating the item and the attribute at 0 when
 * absent), failing unless the result stays at or below `maximum` (e.g. a job category's at most
 * 10 checklist templates, kept when two are added at the same moment).
 */
export function countAddUpTo(key: PrimaryKey, field: string, delta: number, maximum: number): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: 'ADD #c :delta',
      ConditionExpression: 'attribute_not_exists(#c) OR #c <= :ceiling',
      ExpressionAttributeNames: { '#c': field },
      ExpressionAttributeValues: { ':delta': delta, ':ceiling': maximum - delta },
    },
  };
}

/** A transaction step that writes nothing and fails unless the item exists. */
export function mustExist(key: PrimaryKey): TransactItem {
  return { ConditionCheck: { TableName: tableName, Key: key, ConditionExpression: 'attribute_exists(pk)' } };
}

/** Deletes a count's item, failing unless the count is 0 (or the item absent). */
export function deleteZeroCount(key: PrimaryKey, field: string): TransactItem {
  return {
    Delete: {
      TableName: tableName,
      Key: key,
      ConditionExpression: 'attribute_not_exists(pk) OR #c = :zero',
      ExpressionAttributeNames: { '#c': field },
      ExpressionAttributeValues: { ':zero': 0 },
    },
  };
}

/**
 * A transaction step that updates one item: sets `set`, sets `initial` only where absent, removes
 * `remove`, and counts `version` on (from 0 for a new item). With `expect`, the item must exist
 * and hold those values (the step fails otherwise); without it, an absent item is created.
 */
export function updateWrite(
  key: PrimaryKey,
  change: {
    set: Record<string, unknown>;
    initial?: Record<string, unknown>;
    remove?: readonly string[];
    expect?: Record<string, unknown>;
    /**
     * Count `version` on. Off for bookkeeping a system process adds to a record (e.g. the stream
     * consumer noting that an e-mail went out), which is not a change anyone made to it.
     * @default true
     */
    countVersion?: boolean;
  },
): UpdateItem {
  const counted = change.countVersion !== false;
  const names: Record<string, string> = counted ? { '#version': 'version' } : {};
  const values: Record<string, unknown> = counted ? { ':zero': 0, ':one': 1 } : {};
  const name = (field: string) => {
    const alias = `#n${Object.keys(names).length}`;
    names[alias] = field;
    return alias;
  };
  const value = (v: unknown) => {
    const alias = `:v${Object.keys(values).length}`;
    values[alias] = v;
    return alias;
  };
  const sets = [
    ...Object.entries(change.set).map(([field, v]) => `${name(field)} = ${value(v)}`),
    ...Object.entries(change.initial ?? {}).map(([field, v]) => {
      const alias = name(field);
      return `${alias} = if_not_exists(${alias}, ${value(v)})`;
    }),
    ...(change.countVersion === false ? [] : ['#version = if_not_exists(#version, :zero) + :one']),
  ];
  const removes = (change.remove ?? []).map(name);
  const conditions = Object.entries(change.expect ?? {}).map(([field, v]) => `${name(field)} = ${value(v)}`);
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ...(change.expect ? { ConditionExpression: ['attribute_exists(pk)', ...conditions].join(' AND ') } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * An Update of top-level fields: sets `set` (a field given `undefined` is removed; those named in
 * `ifAbsent` only where the item has none), adds `add` to number fields (created at the amount when absent), and, with
 * `condition`, holds only while it holds (the item is returned when not). Nothing is counted on
 * `version` unless `add` names it (`add: { version: 1 }` counts it on from 0, as `updateWrite`
 * does): for records whose writers keep their own counter (e.g. an item access record's `rev`), and
 * for the writes that would otherwise bundle `updateWrite` as well (an assignment's).
 */
export function updateFields(
  key: PrimaryKey,
  change: {
    set?: Record<string, unknown>;
    ifAbsent?: readonly string[];
    add?: Record<string, number>;
    condition?: Condition;
  },
): UpdateItem {
  const names: Record<string, string> = { ...change.condition?.names };
  const values: Record<string, unknown> = { ...change.condition?.values };
  const sets: string[] = [];
  const removes: string[] = [];
  const adds: string[] = [];
  Object.entries(change.set ?? {}).forEach(([field, value], i) => {
    names[`#s${i}`] = field;
    if (value === undefined) removes.push(`#s${i}`);
    else {
      values[`:s${i}`] = value;
      sets.push(`#s${i} = ${change.ifAbsent?.includes(field) ? `if_not_exists(#s${i}, :s${i})` : `:s${i}`}`);
    }
  });
  Object.entries(change.add ?? {}).forEach(([field, amount], i) => {
    names[`#a${i}`] = field;
    values[`:a${i}`] = amount;
    adds.push(`#a${i} :a${i}`);
  });
  const clauses = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
    adds.length ? `ADD ${adds.join(', ')}` : '',
  ].filter(Boolean);
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: clauses.join(' '),
      ExpressionAttributeNames: names,
      ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
      ...(change.condition
        ? { ConditionExpression: change.condition.expression, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const }
        : {}),
    },
  };
}
