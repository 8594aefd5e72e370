import type { ItemRoutes, RouteContract } from './contract';

/** A route and the handler module that serves it (its `handler` export). */
export interface RouteBinding {
  contract: RouteContract;
  /** Path of the handler module from the repository root. */
  entry: string;
  /**
   * AWS resources beyond the table that the handler calls; the CDK stack grants exactly these
   * and passes their configuration. `staffDirectory`: the staff Cognito pool's admin actions
   * (STAFF_USER_POOL_ID). `portalDirectory`: the portal pool's admin sign-in actions and reading
   * its client secret (PORTAL_USER_POOL_ID, PORTAL_USER_POOL_CLIENT_ID). `portalSignOut`: signing
   * an external user out of the portal pool, nothing else (PORTAL_USER_POOL_ID). `attachmentLinks`: signs download URLs of
   * the attachments bucket (s3:GetObject; ATTACHMENTS_BUCKET). `attachments`: also signs uploads,
   * reads an upload's first bytes and deletes files (s3:PutObject, s3:GetObject, s3:DeleteObject).
   * `exportLinks`: signs download URLs of the exports bucket (s3:GetObject; EXPORTS_BUCKET).
   * `viewRecords`: a GET that notes views on the external user's item access record, the audit
   * trail's "item viewed", and rebuilds that record when missing (dynamodb:UpdateItem and PutItem
   * besides the reads; such a GET needs a verified portal token, so no link scanner reaches it, R9).
   * `portalImpersonation`: starts an impersonation session on the portal pool's impersonation client
   * (what `portalDirectory` allows, on that client too; PORTAL_IMPERSONATION_CLIENT_ID besides).
   * `feedKeyUse`: a feed GET that notes its key's use once an hour on the key's record, the audit
   * trail's `feed_key_used` (dynamodb:UpdateItem besides the reads; only a valid key gets there).
   */
  uses?: readonly (
    | 'staffDirectory'
    | 'portalDirectory'
    | 'portalSignOut'
    | 'attachmentLinks'
    | 'attachments'
    | 'exportLinks'
    | 'viewRecords'
    | 'portalImpersonation'
    | 'feedKeyUse'
  )[];
}

/**
 * The bindings of one operation's routes for several item types, all to the one handler module
 * that serves them (see `itemHandler`): one Lambda function per route still, with the route's
 * own grants.
 */
export function itemBindings<R extends ItemRoutes<R>>(
  routes: R,
  entry: string,
  uses?: RouteBinding['uses'],
): RouteBinding[] {
  return Object.values<RouteContract>(routes).map((contract) => ({ contract, entry, ...(uses ? { uses } : {}) }));
}
