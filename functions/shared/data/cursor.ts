import { ValidationError } from '../errors';
import { type QueryTarget, tableDefinition } from './keys';

type Key = Record<string, string>;

/** DynamoDB's largest partition and sort key values, in bytes of UTF-8. */
const maxKeyBytes = { partition: 2048, sort: 1024 } as const;

/** Turns DynamoDB's LastEvaluatedKey into an opaque, URL-safe cursor. */
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  if (!lastKey) return undefined;
  return Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url');
}

/** The cursor that continues a Query of `target` after `item` (one it read, key attributes and all). */
export const cursorAfter = (item: Record<string, unknown>, target: QueryTarget): string =>
  encodeCursor(Object.fromEntries(startKeyAttributes(target).map(({ name }) => [name, item[name]]))) as string;

/** The 400 for a cursor this list did not give out: it names `query.cursor`, where every list takes one. */
export const invalidCursorError = () =>
  new ValidationError(
    'The cursor is not valid for this list',
    [
      {
        path: 'query.cursor',
        code: 'invalid_cursor',
        message: 'is not a cursor of this list: start again without it',
      },
    ],
    'INVALID_CURSOR',
  );

/**
 * The key attributes a start key of this Query holds, no more and no fewer: the table's, and the
 * index's when the Query reads one (DynamoDB refuses any other shape as a ValidationException).
 */
function startKeyAttributes(target: QueryTarget): { name: string; maxBytes: number }[] {
  const table = [
    { name: tableDefinition.partitionKey, maxBytes: maxKeyBytes.partition },
    { name: tableDefinition.sortKey, maxBytes: maxKeyBytes.sort },
  ];
  const index = tableDefinition.globalSecondaryIndexes.find((i) => i.indexName === target.index);
  if (!index) return table;
  return [
    ...table,
    { name: index.partitionKey, maxBytes: maxKeyBytes.partition },
    { name: index.sortKey, maxBytes: maxKeyBytes.sort },
  ];
}

/**
 * Reads a cursor back into an ExclusiveStartKey, refusing (400 INVALID_CURSOR) one that was not
 * given out for this Query: it must hold exactly the key attributes of the table and of the index
 * read, each a non-empty string DynamoDB accepts, in the queried partition and within the sort-key
 * condition. A cursor can only continue the query it came from, and DynamoDB never sees a start key
 * it would refuse (a 500).
 *
 * Not signed, on purpose: the Query's partition comes from the caller's token and permissions, so
 * the cursor only chooses where to start inside a partition the caller may read anyway. A cursor
 * forged to point elsewhere in it skips or repeats what the caller can list; it reaches nothing
 * else. A signature would need a secret in every list function for no gain.
 */
export function decodeCursor(cursor: string | undefined, target: QueryTarget): Key | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursorError();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalidCursorError();
  const expected = startKeyAttributes(target);
  const startKey = key as Record<string, unknown>;
  if (Object.keys(startKey).length !== expected.length) throw invalidCursorError();
  for (const { name, maxBytes } of expected) {
    const value = startKey[name];
    if (typeof value !== 'string' || value === '' || Buffer.byteLength(value, 'utf8') > maxBytes) {
      throw invalidCursorError();
    }
  }
  const valid = startKey as Key;
  if (valid[target.partition.name] !== target.partition.value) throw invalidCursorError();
  const prefix = target.sortKeyPrefix;
  if (prefix && !valid[prefix.name]?.startsWith(prefix.value)) throw invalidCursorError();
  // DynamoDB refuses a start key outside the key condition: that would be our 500, not a 400.
  const range = target.sortKeyRange;
  const sortValue = range ? valid[range.name] : undefined;
  if (
    range &&
    (sortValue === undefined ||
      (range.from !== undefined && sortValue < range.from) ||
      (range.to !== undefined && sortValue > range.to))
  ) {
    throw invalidCursorError();
  }
  return valid;
}
