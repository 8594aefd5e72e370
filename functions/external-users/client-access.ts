import * as z from 'zod/mini';
import { component } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';
import { hasAccess } from './external-user-access';

// An external user's client access (issue 18, seeds 001 and 002): the standing, read-only access a
// client contact has to the work done for them, as opposed to the one job or incident of an
// assignment. One record per person, next to the external user; the person's address is the
// external user's, and the user's status and auto-disable date still apply on top of each access.

/** An access's status: "Active" or "Revoke access" (seed 002). */
export const clientAccessStatuses = ['active', 'revoked'] as const;

/** The most accesses one external user's record holds. */
export const maxAccesses = 20;
/** The most external roles one access names (at least one). */
export const maxAccessRoles = 10;
/** The most customers one access names. */
export const maxAccessCustomers = 25;
/** The most specific jobs one access names (seed 001 calls them "generally unadvisable"). */
export const maxAccessJobs = 100;
/** The most sub-sites one access's site names (a master site has at most 200). */
export const maxAccessSubSites = 200;

/** How often an access's contact gets a report e-mail of its site's activity (issue 20). */
export const reportFrequencies = ['off', 'daily', 'weekly'] as const;
export type ReportFrequency = (typeof reportFrequencies)[number];

/** A site grant: a site and, for a master site, which of its sub-sites are granted. */
export const clientAccessSiteSchema = component(
  'ClientAccessSite',
  lazySchema(() =>
    z.object({
      siteId: z.string(),
      /** Each sub-site of the master site named: granted (true) or blocked (false). */
      subSites: z.record(z.string(), z.boolean()),
      /** Whether sub-sites the master site gets later, or does not name here, are granted. */
      futureSubSites: z.boolean(),
    }),
  ),
);
export type ClientAccessSite = z.infer<typeof clientAccessSiteSchema>;

/** One access of a client: its roles (what views), its scopes (what work) and its status. */
export const accessSchema = component(
  'ClientAccessEntry',
  lazySchema(() =>
    z.object({
      id: z.string(),
      status: z.enum(clientAccessStatuses),
      /** The external roles whose views this access allows (at least one). */
      roleIds: z.array(z.string()),
      /** Every job (and incident or log, as the views allow) of these customers, now and in the future. */
      customerIds: z.array(z.string()),
      /** These jobs only: they do not follow new jobs. */
      jobIds: z.array(z.string()),
      site: z.optional(clientAccessSiteSchema),
      createdAt: z.string(),
      createdBy: z.string(),
      updatedAt: z.string(),
      updatedBy: z.string(),
      revokedAt: z.optional(z.string()),
      revokedBy: z.optional(z.string()),
      /** Report e-mails of the site's activity: off (absent), daily or weekly. */
      reportFrequency: z.optional(z.enum(reportFrequencies)),
      /** Whether a period with nothing in it sends nothing (otherwise the e-mail says it was empty). */
      reportOnlyWhenActive: z.optional(z.boolean()),
      /** The IANA time zone whose days and weeks the reports follow (UTC when absent). */
      reportTimeZone: z.optional(z.string()),
      /** Since when reports are on at this frequency: the first report is of the first period ending after it. */
      reportSince: z.optional(z.string()),
      /** When the contact unsubscribed through a report's link (the frequency is then off). */
      reportUnsubscribedAt: z.optional(z.string()),
    }),
  ),
);
export type Access = z.infer<typeof accessSchema>;

/** An external user's client access: every access they were given, active or revoked. */
export const clientAccessSchema = component(
  'ClientAccess',
  lazySchema(() =>
    z.object({
      externalUserId: z.string(),
      accesses: z.array(accessSchema),
      version: z.int(),
      createdAt: z.string(),
      createdBy: z.string(),
      updatedAt: z.string(),
      updatedBy: z.string(),
    }),
  ),
);
export type ClientAccess = z.infer<typeof clientAccessSchema>;

/** The accesses of a record that are active (none for a missing record). */
export function activeAccesses(record: ClientAccess | undefined): Access[] {
  return record?.accesses.filter((access) => access.status === 'active') ?? [];
}

/**
 * Whether an external user has client access at `now`: the user is active (not disabled, not
 * promoted) and not past their auto-disable date, and at least one of their accesses is active.
 * Every client request asks this of the records it has just read (R12).
 */
export function hasActiveClientAccess(
  user: { status: string; autoDisableAt?: string | undefined } | undefined,
  record: ClientAccess | undefined,
  now: Date,
): boolean {
  return user !== undefined && hasAccess(user, now) && activeAccesses(record).length > 0;
}
