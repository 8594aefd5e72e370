import * as z from 'zod/mini';
import { type Clock, systemClock } from '#shared/clock';
import { keys } from '#shared/data/keys';
import { batchGetItems } from '#shared/data/table';
import { hasAccess } from '../external-users/external-user-service';
import type { LinkState } from './link.contract';
import { findLink, type LinkRecord } from './link-repository';
import { hashLinkToken } from './link-token';

/** What the link state is decided from: only the fields it needs of each record. */
const targetSchema = z.object({
  entity: z.string(),
  status: z.optional(z.string()),
  linkHash: z.optional(z.string()),
  autoDisableAt: z.optional(z.string()),
  dueAt: z.optional(z.string()),
  archived: z.optional(z.boolean()),
});
type Target = z.infer<typeof targetSchema>;
const projection = ['entity', 'status', 'linkHash', 'autoDisableAt', 'dueAt', 'archived'] as const;

const revoked: LinkState = { state: 'revoked', itemType: null, message: 'No longer have access' };

/** Statuses after which an item's checklists are done and read-only. */
const finished: Record<LinkRecord['itemType'], readonly string[]> = { job: ['completed'], incident: ['closed'] };

/** Statuses that end an external user's access as if it were revoked. */
const cancelled: Record<LinkRecord['itemType'], readonly string[]> = { job: ['cancelled'], incident: [] };

/**
 * The state of a link, decided from the records it leads to (pure, no I/O). Anything that ends
 * access answers `revoked` with no item type: an unknown or superseded link, a revoked
 * assignment, an external user disabled, promoted or past their auto-disable date, and an item
 * gone, archived or cancelled. Otherwise a finished item is `completed`, a job past its due date
 * `past_due`, and anything else `open`.
 */
export function decideLinkState(
  tokenHash: string,
  link: LinkRecord | undefined,
  targets: { assignment?: Target; item?: Target; externalUser?: Target },
  now: Date,
): LinkState {
  const { assignment, item, externalUser } = targets;
  if (!link || !assignment || !item || !externalUser) return revoked;
  if (assignment.status !== 'active' || assignment.linkHash !== tokenHash) return revoked;
  if (!hasAccess({ status: externalUser.status ?? '', autoDisableAt: externalUser.autoDisableAt }, now)) return revoked;
  const type = link.itemType;
  const label = type === 'job' ? 'Job' : 'Incident';
  if (item.archived || cancelled[type].includes(item.status ?? '')) return revoked;
  if (finished[type].includes(item.status ?? '')) {
    return { state: 'completed', itemType: type, message: `${label} completed` };
  }
  if (item.dueAt !== undefined && Date.parse(item.dueAt) <= now.getTime()) {
    return { state: 'past_due', itemType: type, message: `${label} past due date` };
  }
  return { state: 'open', itemType: type, message: 'Open' };
}

/**
 * The access state of the link with this token. Always two requests, one after the other: a
 * GetItem of the link by its token's hash, then one BatchGetItem of its assignment, item and
 * external user, or, for an unknown token, of keys that hold nothing, so an unknown link looks
 * and takes like a known one (SECURITY.md R10). Reads only: GET has no side effects (R9).
 */
export async function readLinkState(token: string, clock: Clock = systemClock): Promise<LinkState> {
  const tokenHash = hashLinkToken(token);
  const link = await findLink(tokenHash);
  const targetKeys = link
    ? [
        keys.assignment(link.itemType, link.accountId, link.itemId, link.externalUserId),
        keys.workItem(link.itemType, link.accountId, link.itemId),
        keys.externalUser(link.accountId, link.externalUserId),
      ]
    : keys.absentLinkTargets();
  const found = await batchGetItems(targetKeys, targetSchema, projection);
  const byEntity = (entity: string) => found.find((record) => record.entity === entity);
  return decideLinkState(
    tokenHash,
    link,
    {
      assignment: byEntity('Assignment'),
      item: byEntity(link?.itemType === 'incident' ? 'Incident' : 'Job'),
      externalUser: byEntity('ExternalUser'),
    },
    clock(),
  );
}
