/**
 * The capabilities of FieldPass (the folders under functions/), lowest first. A module may import
 * from its own capability and from the ones before it, never from a later one, so the
 * dependencies run one way and there is no cycle between capabilities;
 * test/unit/dependency-order.test.ts enforces it. A need that points upwards is met by a small
 * interface or hook that the lower capability owns and the higher one fills in.
 *
 * - shared: clients, env, errors, logging, the HTTP pipeline, contracts, the data layer and its keys.
 * - accounts: the account (tenant) record and its settings' contract.
 * - staff: staff users, roles and module permissions; the account settings and provisioning they act on.
 * - external-users: external users, their portal access (`hasAccess`, ACCESS_REVOKED) and sign-out.
 * - terms: Terms & Conditions, their publication and the external users' acceptances.
 * - customers: the account's customers and their sites (masters and sub-sites), what refers to
 *   them (reference counts, client accesses' usage rows), and the reads other capabilities need.
 * - work: jobs, incidents, logs, risks, risk assessments, projects and job categories: records,
 *   lists, visibility and the item types' descriptors.
 * - links: assignment links, their state, and the check of every portal item request.
 * - portal-sign-in: the e-mailed one-time code (Cognito CUSTOM_AUTH triggers) and the portal session.
 * - assignments: external users assigned to jobs and incidents, and the links e-mailed to them.
 * - checklists: checklists of jobs and incidents, answers, comments and attachments.
 * - item-writes: creating, changing and deleting jobs and incidents, whose writes carry their external
 *   users (assignments) and, for a new job, its category's checklists (checklists).
 * - portal: what the external user's browser reads and changes.
 * - clients: client access (issue 18): external views, external roles, the staff routes of an external
 *   user's client access, and what a client reads through them.
 * - client-reports: report e-mails of a client's site activity (issue 20): the hourly run, its
 *   sent-markers, and the unsubscribe link's route.
 * - impersonation: staff viewing the portal as an external user (issue 20): the read-only
 *   session, its start and stop, audited with both identities (decision 0006).
 * - audit: the audit trail and the external activity view.
 * - reports: reports of jobs and incidents (JSON pages and CSV) with their external users' columns
 *   and filters, under the list's visibility rules.
 * - exports: exports of reports as CSV or XLSX files (POST/GET /exports, the Export record and
 *   the worker's export processor), streamed to the exports bucket page by page.
 * - feed: the Power BI (OData v4) feed of jobs, incidents, external users, assignments, answers and
 *   external activity, and its feed keys, each acting with
 *   the visibility of the staff user who made it.
 * - imports: import templates of jobs and incidents (and the item ↔ row mapping exports use), imports
 *   of CSV and XLSX files: upload, validation into a preview, commit in chunks through the item writes.
 * - streams: the table stream's two consumers: records (audit trail, feed log, background work handed
 *   to the worker's queue) and reactions (e-mails, owner notifications, derived rows, clean-up).
 * - deliverability: SES's bounce, complaint and delivery events (issue 22): the recipient marked
 *   undeliverable, and an admin's reset of an external user's address.
 * - workers: the background worker (on its SQS queue) that runs exports and imports in chunks,
 *   handing each message's record to its type's processor.
 * - system: health, the OpenAPI document and the not-found route.
 */
export const capabilityOrder = [
  'shared',
  'accounts',
  'staff',
  'external-users',
  'terms',
  'customers',
  'work',
  'links',
  'portal-sign-in',
  'assignments',
  'checklists',
  'item-writes',
  'portal',
  'clients',
  'client-reports',
  'impersonation',
  'audit',
  'reports',
  'exports',
  'feed',
  'imports',
  'streams',
  'deliverability',
  'workers',
  'system',
] as const;
