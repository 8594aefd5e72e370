import * as z from 'zod/mini';
import type { Schema } from '#shared/contract';
import {
  type AssignableType,
  absentLinkTargets,
  account as accountKey,
  assignment as assignmentKey,
  externalUser,
  link as linkKey,
  workItem,
} from '#shared/data/keys';
import { batchGetItems, getItem } from '#shared/data/table';
import { lazySchema } from '#shared/lazy-schema';

/**
 * A link made for one request of an assignment (its activation or a resend), found by its token's
 * hash. It is never deleted and never changes: the assignment names the hash of its current link,
 * so a record whose hash the assignment no longer holds is a superseded link.
 */
export const linkRecordSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    entity: z.literal('Link'),
    accountId: z.string(),
    itemType: z.enum(['job', 'incident']),
    itemId: z.string(),
    externalUserId: z.string(),
    linkRequestId: z.string(),
    createdAt: z.string(),
    version: z.int(),
  }),
);
export type LinkRecord = z.infer<typeof linkRecordSchema>;

/** The assignment a link belongs to. */
export interface AssignmentRef {
  type: AssignableType;
  accountId: string;
  itemId: string;
  externalUserId: string;
}

/** One GetItem (consistent): the link with this token hash, or undefined. */
export function findLink(tokenHash: string): Promise<LinkRecord | undefined> {
  return getItem(linkKey(tokenHash), linkRecordSchema);
}

/**
 * One BatchGetItem of what the link gives access to (its assignment, item, external user and
 * account), each read as `schema` with only `projection`; for no link, of keys that hold nothing,
 * so an unknown link takes like a known one (SECURITY.md R10).
 */
export function findLinkTargets<S extends Schema>(
  link: LinkRecord | undefined,
  schema: S,
  projection: readonly string[],
): Promise<z.infer<S>[]> {
  const targetKeys = link
    ? [
        assignmentKey(link.itemType, link.accountId, link.itemId, link.externalUserId),
        workItem(link.itemType, link.accountId, link.itemId),
        externalUser(link.accountId, link.externalUserId),
        accountKey(link.accountId),
      ]
    : absentLinkTargets();
  return batchGetItems(targetKeys, schema, projection);
}
