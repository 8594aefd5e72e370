import * as z from 'zod/mini';
import { impersonationGrant } from '#shared/data/keys';
import { getItem } from '#shared/data/table';

/**
 * A one-time grant of an impersonation sign-in (IMPS-1): the staff route writes it, runs CUSTOM_AUTH
 * for the external user on the impersonation client with the grant's id as ClientMetadata, answers
 * the challenge with the grant's secret, and deletes the grant with the session it starts. Only
 * the secret's SHA-256 is stored (R7); TTL removes a grant a failed start left behind.
 */
export const impersonationGrantSchema = z.object({
  entity: z.literal('ImpersonationGrant'),
  accountId: z.string(),
  grantId: z.string(),
  externalUserId: z.string(),
  staffUserId: z.string(),
  secretHash: z.string(),
  /** ISO instant after which no trigger accepts the grant (a minute after it was written). */
  validUntil: z.string(),
});
export type ImpersonationGrant = z.infer<typeof impersonationGrantSchema>;

/** One GetItem: the grant, if it exists. */
export function findImpersonationGrant(accountId: string, grantId: string): Promise<ImpersonationGrant | undefined> {
  return getItem(impersonationGrant(accountId, grantId), impersonationGrantSchema);
}
