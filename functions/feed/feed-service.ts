import { type VisibilityClass, workItemChanges } from '#shared/data/keys';
import { UnauthorizedError } from '#shared/errors';
import { findAccount } from '../accounts/account-repository';
import { effectivePermissions } from '../staff/permissions/effective-permissions';
import { visibilityScopesFor } from '../staff/permissions/visibility-scopes';
import { findStaffUser } from '../staff/staff-repository';
import type { StoredFeedKey } from './feed-key.schema';
import { noteFeedKeyUse } from './feed-key-repository';
import { liveFeedKey } from './feed-key-service';
import { type ChangedItem, changesCount, changesPage } from './feed-repository';
import { ODataQueryError } from './odata-error';
import type { FeedEntitySet } from './odata-model';
import type { FeedQuery } from './odata-query';

/** Who a feed request acts as: the key's maker, with their permissions as they are now. */
export interface FeedActor {
  accountId: string;
  userId: string;
  effective: ReturnType<typeof effectivePermissions>;
  key: StoredFeedKey;
}

/** The start of the hour (UTC) `now` is in: a key's use is noted (and audited) once per such hour. */
export const hourOf = (now: Date) => `${now.toISOString().slice(0, 13)}:00:00.000Z`;

/**
 * The key a request carries, as Power BI and other clients send it: the `key` query parameter
 * (Power BI's Web API credential, `ApiKeyName = "key"`), the `x-api-key` header, or HTTP Basic
 * (any user name, the key as the password). Undefined when none is sent.
 */
export function presentedKey(
  headers: Record<string, string | undefined>,
  query: Record<string, string | undefined>,
): string | undefined {
  const header = headers['x-api-key'];
  if (header) return header.trim();
  const authorization = headers.authorization;
  if (authorization && /^basic\s+/i.test(authorization)) {
    const decoded = Buffer.from(authorization.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return query.key;
}

/**
 * The actor of a feed request (FEED-3 and the maker's GetItem): a live key (401 FEED_KEY_INVALID
 * otherwise, the same answer for every reason, never repeating the key) whose maker is an active
 * staff user now; their permissions are read on every request, so a change applies at once. The
 * first use in an hour is noted on the key (one conditional UpdateItem), which the audit trail
 * records as `feed_key_used`.
 */
export async function feedActorOf(text: string | undefined, now: Date): Promise<FeedActor> {
  if (text === undefined || text === '') throw new UnauthorizedError('A feed key is required', 'FEED_KEY_REQUIRED');
  const key = await liveFeedKey(text, now);
  const maker = await findStaffUser(key.accountId, key.createdBy);
  if (maker?.status !== 'active') throw new UnauthorizedError('A valid feed key is required', 'FEED_KEY_INVALID');
  const hour = hourOf(now);
  if (key.usedHour === undefined || key.usedHour < hour) await noteFeedKeyUse(key, hour);
  return {
    accountId: key.accountId,
    userId: maker.id,
    effective: effectivePermissions(maker.role, maker.permissions),
    key,
  };
}

/** One partition of `changes` a feed walks, and a filter on its rows if the scope needs one. */
interface ChangesPartition {
  visibility: VisibilityClass;
  /** A General user who sees owned items only: their items among the open ones. */
  ownedBy?: string;
}

/**
 * The `changes` partitions that hold exactly what the actor may see of the type, in a fixed order:
 * everything is the open class and each of the account's privacy statuses (entries in use are
 * archived, never removed, so none is missed); open items; each privacy status granted; owned open
 * items (the open class, kept to the actor's: a filter, see docs/feed.md).
 */
async function partitionsOf(actor: FeedActor, set: FeedEntitySet): Promise<ChangesPartition[]> {
  const partitions: ChangesPartition[] = [];
  for (const scope of visibilityScopesFor(actor.effective, actor.userId, set.itemType)) {
    if (scope.kind === 'all') {
      const account = await findAccount(actor.accountId);
      partitions.push(
        { visibility: { kind: 'open' } },
        ...(account?.privacyStatuses ?? []).map((status) => ({
          visibility: { kind: 'privacyStatus' as const, privacyStatusId: status.id },
        })),
      );
    } else if (scope.kind === 'open') partitions.push({ visibility: { kind: 'open' } });
    else if (scope.kind === 'openOwnedBy') partitions.push({ visibility: { kind: 'open' }, ownedBy: scope.ownerId });
    else if (scope.kind === 'privacyStatus') partitions.push({ visibility: scope });
  }
  return partitions;
}

const targetOf = (actor: FeedActor, set: FeedEntitySet, partition: ChangesPartition, query: FeedQuery) => ({
  ...workItemChanges(set.itemType, actor.accountId, partition.visibility, query.range),
  ...(partition.ownedBy !== undefined ? { containing: { name: 'ownerIds', value: partition.ownedBy } } : {}),
  ...(query.status !== undefined ? { matching: { name: 'status', value: query.status } } : {}),
});

interface SkipToken {
  /** The partition the next page starts in. */
  p: number;
  /** Its DynamoDB cursor; absent at its start. */
  k?: string;
}

const invalidToken = () => new ODataQueryError('$skiptoken is not one this feed gave out', '$skiptoken');

function readToken(text: string, partitions: number): SkipToken {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  const { p, k, ...rest } = (value ?? {}) as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p >= partitions) {
    throw invalidToken();
  }
  if (k !== undefined && typeof k !== 'string') throw invalidToken();
  return k === undefined ? { p } : { p, k };
}

const writeToken = (token: SkipToken) => Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');

/** The most rows one page holds (server-driven paging: `@odata.nextLink` continues). */
export const maxPageSize = 500;

type Cell = string | boolean | string[] | null;

/** A row of the entity set: its properties (or those selected) from the index entry. */
function rowOf(set: FeedEntitySet, item: ChangedItem, select: readonly string[] | undefined): Record<string, Cell> {
  const properties = select ? set.properties.filter((p) => select.includes(p.name)) : set.properties;
  const record = item as Record<string, unknown>;
  return Object.fromEntries(
    properties.map((p) => {
      const value = record[p.from ?? p.name];
      if (p.type === 'Collection(Edm.String)') return [p.name, Array.isArray(value) ? value.map(String) : []];
      if (value === undefined || value === null) return [p.name, null];
      if (p.name === 'location') return [p.name, String((value as { text?: unknown }).text ?? '')];
      if (p.type === 'Edm.DateTimeOffset') return [p.name, new Date(String(value)).toISOString()];
      if (p.type === 'Edm.Boolean') return [p.name, value === true];
      return [p.name, String(value)];
    }),
  );
}

/**
 * One page of an entity set (FEED-4): one Query on the `changes` partition the skip token is in
 * (the actor's visibility decides the partitions; a confidential item is only in its privacy
 * status's partition, read only for an actor granted it), at most 500 rows or what `$top` leaves;
 * the next page's token when there is more. `$count=true` adds a count of every row (Select COUNT
 * Queries over the partitions).
 */
export async function entitySetPage(
  actor: FeedActor,
  set: FeedEntitySet,
  query: FeedQuery,
): Promise<{ rows: Record<string, Cell>[]; next?: { skiptoken: string; top?: number }; count?: number }> {
  const partitions = await partitionsOf(actor, set);
  const count = query.count
    ? (await Promise.all(partitions.map((partition) => changesCount(targetOf(actor, set, partition, query))))).reduce(
        (sum, n) => sum + n,
        0,
      )
    : undefined;
  const withCount = <T extends object>(page: T) => (count === undefined ? page : { ...page, count });
  if (query.skiptoken !== undefined && partitions.length === 0) throw invalidToken();
  const limit = Math.min(query.top ?? maxPageSize, maxPageSize);
  if (partitions.length === 0 || limit === 0) return withCount({ rows: [] });
  const token = query.skiptoken !== undefined ? readToken(query.skiptoken, partitions.length) : { p: 0 };
  const partition = partitions[token.p] as ChangesPartition;
  let page: Awaited<ReturnType<typeof changesPage>>;
  try {
    page = await changesPage(targetOf(actor, set, partition, query), {
      limit,
      ...(token.k !== undefined ? { cursor: token.k } : {}),
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'INVALID_CURSOR') throw invalidToken();
    throw error;
  }
  const rows = page.items.map((item) => rowOf(set, item, query.select));
  const left = query.top !== undefined ? query.top - rows.length : undefined;
  const nextToken: SkipToken | undefined =
    page.cursor !== undefined
      ? { p: token.p, k: page.cursor }
      : token.p + 1 < partitions.length
        ? { p: token.p + 1 }
        : undefined;
  if (!nextToken || left === 0) return withCount({ rows });
  return withCount({ rows, next: { skiptoken: writeToken(nextToken), ...(left !== undefined ? { top: left } : {}) } });
}
