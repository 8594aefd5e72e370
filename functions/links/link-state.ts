import * as z from 'zod/mini';
import { type Clock, systemClock } from '#shared/clock';
import type { PortalCaller } from '#shared/http';
import { lazySchema } from '#shared/lazy-schema';
import { accessRevoked, hasAccess } from '../external-users/external-user-access';
import type { LinkState } from './link.contract';
import type { LinkItem } from './link-item.contract';
import { findLink, findLinkTargets, type LinkRecord } from './link-repository';
import { hashLinkToken } from './link-token';

/** What the link state is decided from: only the fields it needs of each record. */
export const accessTargetSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    entity: z.string(),
    status: z.optional(z.string()),
    linkHash: z.optional(z.string()),
    autoDisableAt: z.optional(z.string()),
    dueAt: z.optional(z.string()),
    archived: z.optional(z.boolean()),
    /** What a sign-in needs besides the state: the address, the item's title, the account's name. */
    email: z.optional(z.string()),
    title: z.optional(z.string()),
    name: z.optional(z.string()),
    /** The external user's address bounced or complained: a sign-in sends no code to it. */
    deliverability: z.optional(z.object({ status: z.string() })),
  }),
);
/** The fields of a record the access state is decided from. */
export type AccessTarget = z.infer<typeof accessTargetSchema>;
type Target = AccessTarget;
const accessProjection = [
  'entity',
  'status',
  'linkHash',
  'autoDisableAt',
  'dueAt',
  'archived',
  'email',
  'title',
  'name',
  'deliverability',
] as const;

const revoked: LinkState = { state: 'revoked', itemType: null, message: 'No longer have access' };

/** Statuses after which an item's checklists are done and read-only. */
export const finished: Record<LinkRecord['itemType'], readonly string[]> = { job: ['completed'], incident: ['closed'] };

/** Statuses that end an external user's access as if it were revoked. */
export const cancelled: Record<LinkRecord['itemType'], readonly string[]> = { job: ['cancelled'], incident: [] };

/**
 * What an assignment gives access to now, decided from its records (pure, no I/O). Anything that
 * ends access answers `revoked` with no item type: a missing or revoked assignment, an external
 * user disabled, promoted or past their auto-disable date, and an item gone, archived or
 * cancelled. Otherwise a finished item is `completed`, a job past its due date `past_due`, and
 * anything else `open`. The link state and every portal request decide by this.
 */
export function decideAccess(
  type: LinkRecord['itemType'],
  targets: { assignment?: Target | undefined; item?: Target | undefined; externalUser?: Target | undefined },
  now: Date,
): LinkState {
  const { assignment, item, externalUser } = targets;
  if (!assignment || !item || !externalUser || assignment.status !== 'active') return revoked;
  if (!hasAccess({ status: externalUser.status ?? '', autoDisableAt: externalUser.autoDisableAt }, now)) return revoked;
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

/** The state of a link: its assignment's access, while the link is the assignment's current one. */
export function decideLinkState(
  tokenHash: string,
  link: LinkRecord | undefined,
  targets: { assignment?: Target; item?: Target; externalUser?: Target },
  now: Date,
): LinkState {
  if (!link || targets.assignment?.linkHash !== tokenHash) return revoked;
  return decideAccess(link.itemType, targets, now);
}

/** A link's records and the state they give it. */
export interface ResolvedLink {
  state: LinkState;
  /** The link, when its state is not `revoked`. */
  link?: LinkRecord;
  externalUser?: Target;
  item?: Target;
  account?: Target;
}

/**
 * Resolves the link with this token. Always two requests, one after the other: a GetItem of the
 * link by its token's hash, then one BatchGetItem of its assignment, item, external user and
 * account, or, for an unknown token, of keys that hold nothing, so an unknown link looks and
 * takes like a known one (docs/security.md R10). Reads only.
 */
export async function resolveLink(token: string, clock: Clock = systemClock): Promise<ResolvedLink> {
  const tokenHash = hashLinkToken(token);
  const link = await findLink(tokenHash);
  const found = await findLinkTargets(link, accessTargetSchema, accessProjection);
  const byEntity = (entity: string) => found.find((record) => record.entity === entity);
  const targets = {
    assignment: byEntity('Assignment'),
    item: byEntity(link?.itemType === 'incident' ? 'Incident' : 'Job'),
    externalUser: byEntity('ExternalUser'),
  };
  const state = decideLinkState(tokenHash, link, targets, clock());
  if (state.state === 'revoked' || !link) return { state };
  return { state, link, externalUser: targets.externalUser, item: targets.item, account: byEntity('Account') };
}

/** The access state of the link with this token (GET has no side effects: R9). */
export async function readLinkState(token: string, clock: Clock = systemClock): Promise<LinkState> {
  return (await resolveLink(token, clock)).state;
}

/**
 * The item of the link with this token, for the verified external user it belongs to (one
 * verification per person: a browser verified through one of their links opens the others).
 * The same two requests as the link state; a link of another external user or account, and one
 * that gives no access now (revoked, superseded, unknown, the user disabled or the item ended),
 * answer the same 403 ACCESS_REVOKED, so the answer tells nothing about a link that is not the
 * caller's (R10). Reads only.
 */
export async function linkItemFor(caller: PortalCaller, token: string, clock: Clock = systemClock): Promise<LinkItem> {
  const { link } = await resolveLink(token, clock);
  if (!link || link.accountId !== caller.accountId || link.externalUserId !== caller.externalUserId) {
    throw accessRevoked(caller, "the link is not this external user's or gives no access");
  }
  return { type: link.itemType, id: link.itemId };
}
