import * as z from 'zod/mini';
import { component, defineRoute, describedId, documented } from '#shared/contract';

/*
 * The site dashboard's figures (seed 002's client version of the Live Dashboard), apart from the
 * client routes' other contracts so the other client functions do not build it.
 */

const counts = z.object({ total: z.number(), byStatus: z.record(z.string(), z.number()) });

export const clientSiteDashboardSchema = component(
  'ClientSiteDashboard',
  z.object({
    site: z.object({ id: z.string(), name: z.string() }),
    /** The time zone the days are counted in. */
    timeZone: z.string(),
    /** The window read: incidents and logs from `from` to now, jobs due from `from` to `jobsTo`. */
    from: z.string(),
    to: z.string(),
    jobsTo: z.string(),
    counts: z.object({ job: counts, incident: counts, log: counts }),
    /** The last 30 days in `timeZone`, oldest first: what happened each day (jobs by due date). */
    perDay: z.array(z.object({ date: z.string(), job: z.number(), incident: z.number(), log: z.number() })),
    /** True when a type held more than the dashboard reads (2,000 rows): its figures are of the newest 2,000. */
    truncated: z.boolean(),
  }),
);

export const getClientSiteDashboard = defineRoute({
  method: 'GET',
  path: '/portal/sites/{siteId}/dashboard',
  auth: 'portal',
  operationId: 'getClientSiteDashboard',
  summary:
    'The dashboard of a site I am granted and of the sub-sites I am granted under it: jobs, incidents and logs of the last 30 days (and jobs due in the next 30) counted by status, and per day; never a confidential or archived item nor a blocked sub-site. 404 for a site I am not granted',
  tags: ['client portal'],
  params: z.strictObject({ siteId: describedId('A site of my site grants, or a sub-site one of them grants') }),
  query: z.strictObject({
    tz: documented(z.optional(z.string().check(z.maxLength(64))), {
      description: 'The IANA time zone the days are counted in (default UTC), e.g. Europe/London',
    }),
  }),
  responses: {
    200: { description: 'The dashboard', schema: clientSiteDashboardSchema },
    403: { description: 'ACCESS_REVOKED, or TERMS_NOT_ACCEPTED (details.terms)' },
  },
});
