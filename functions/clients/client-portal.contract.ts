import * as z from 'zod/mini';
import { component, defineRoute, describedId, documented } from '#shared/contract';

/*
 * The client's read-only API (seeds 001 and 002), on the portal pool's token. Each route answers
 * 403 ACCESS_REVOKED once the person has no active client access (or is disabled or past their
 * auto-disable date), 403 TERMS_NOT_ACCEPTED (details.terms) until the current terms are accepted,
 * and 401 VERIFICATION_EXPIRED 24 hours after the code.
 */

const tags = ['client portal'];
const dateTime = documented(z.iso.datetime({ offset: true }), { example: '2027-03-01T00:00:00Z' });
const limit = (max: number, fallback: number) =>
  documented(z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(max))), {
    description: `Items per page (1–${max}, default ${fallback})`,
  });
const cursor = documented(z.optional(z.string().check(z.maxLength(4096))), {
  description: 'From the previous page, to continue it',
});
const ref = z.nullable(z.object({ id: z.string(), name: z.string() }));

export const clientMeSchema = component(
  'ClientMe',
  z.object({
    externalUser: z.object({ id: z.string(), givenName: z.string(), familyName: z.string(), email: z.string() }),
    /** The external roles of the active accesses. */
    roles: z.array(z.object({ id: z.string(), name: z.string() })),
    /** The views those roles allow. */
    views: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['jobs', 'calendar']) })),
    /** Each active access: its roles and views, and the work it shows (customers, specific jobs, a site). */
    accesses: z.array(
      z.object({
        id: z.string(),
        roleIds: z.array(z.string()),
        viewIds: z.array(z.string()),
        customers: z.array(z.object({ id: z.string(), name: z.string() })),
        jobIds: z.array(z.string()),
        site: z.optional(
          z.object({
            id: z.string(),
            name: z.string(),
            subSites: z.record(z.string(), z.boolean()),
            futureSubSites: z.boolean(),
          }),
        ),
      }),
    ),
    /** The jobs and incidents whose checklists the person fills (their active assignments). */
    assignments: z.array(z.object({ type: z.enum(['job', 'incident']), id: z.string() })),
  }),
);

const viewJobSchema = component(
  'ClientViewJob',
  z.object({
    id: z.string(),
    title: z.optional(z.string()),
    status: z.optional(z.string()),
    dueAt: z.optional(z.string()),
    location: z.optional(z.object({ text: z.string(), lat: z.optional(z.number()), lng: z.optional(z.number()) })),
    category: z.optional(ref),
    customer: z.optional(ref),
    site: z.optional(ref),
    owners: z.optional(z.array(z.string())),
    createdAt: z.optional(z.string()),
    updatedAt: z.optional(z.string()),
  }),
  { description: "A job as a jobs view shows it: its id and the view's columns only" },
);

export const clientViewJobsSchema = component(
  'ClientViewJobsPage',
  z.object({
    view: z.object({ id: z.string(), name: z.string(), columns: z.array(z.string()) }),
    items: z.array(viewJobSchema),
    cursor: z.optional(z.string()),
  }),
);

export const clientCalendarSchema = component(
  'ClientCalendarPage',
  z.object({
    view: z.object({ id: z.string(), name: z.string() }),
    from: z.string(),
    to: z.string(),
    items: z.array(z.object({ id: z.string(), title: z.string(), dueAt: z.string(), status: z.string() })),
    cursor: z.optional(z.string()),
  }),
);

export const clientSiteActivitySchema = component(
  'ClientSiteActivityPage',
  z.object({
    site: z.object({ id: z.string(), name: z.string() }),
    items: z.array(
      z.object({
        type: z.enum(['job', 'incident', 'log']),
        id: z.string(),
        title: z.string(),
        /** A job's due date, an incident's raised time, a log's time: the order, newest first. */
        at: z.string(),
        status: z.optional(z.string()),
        siteId: z.optional(z.string()),
      }),
    ),
    cursor: z.optional(z.string()),
  }),
);

const common = { 403: { description: 'ACCESS_REVOKED, or TERMS_NOT_ACCEPTED (details.terms)' } };

export const getClientMe = defineRoute({
  method: 'GET',
  path: '/portal/me',
  auth: 'portal',
  operationId: 'getClientMe',
  summary:
    'Who I am (the verified external user): my roles, the views they allow, my active client accesses with their scopes, and my checklist assignments',
  tags,
  responses: { 200: { description: 'The client', schema: clientMeSchema }, ...common },
});

export const getClientViewJobs = defineRoute({
  method: 'GET',
  path: '/portal/views/{viewId}/jobs',
  auth: 'portal',
  operationId: 'getClientViewJobs',
  summary:
    "A page of the jobs a jobs view shows me: the jobs of my scopes (customers, sites, specific jobs) that the view's filters keep, with the view's columns; never a confidential or archived job. 404 for a view none of my roles allows",
  tags,
  params: z.strictObject({ viewId: describedId('An external view one of my roles allows') }),
  query: z.strictObject({ limit: limit(100, 25), cursor }),
  responses: { 200: { description: 'A page of jobs', schema: clientViewJobsSchema }, ...common },
});

export const getClientViewCalendar = defineRoute({
  method: 'GET',
  path: '/portal/views/{viewId}/calendar',
  auth: 'portal',
  operationId: 'getClientViewCalendar',
  summary:
    "The job due dates a calendar view shows me from `from` to `to` (at most 62 days; 400 otherwise): my scopes' jobs the view's filters keep. Appointments not linked to a job are never shown",
  tags,
  params: z.strictObject({ viewId: describedId('An external calendar view one of my roles allows') }),
  query: z.strictObject({ from: dateTime, to: dateTime, limit: limit(500, 100), cursor }),
  responses: { 200: { description: 'The calendar entries', schema: clientCalendarSchema }, ...common },
});

export const getClientSiteActivity = defineRoute({
  method: 'GET',
  path: '/portal/sites/{siteId}/activity',
  auth: 'portal',
  operationId: 'getClientSiteActivity',
  summary:
    'The incidents, logs and jobs of a site I am granted and of the sub-sites I am granted under it, newest first; never a confidential or archived item nor a blocked sub-site. 404 for a site I am not granted',
  tags,
  params: z.strictObject({ siteId: describedId('A site of my site grants, or a sub-site one of them grants') }),
  query: z.strictObject({ limit: limit(100, 25), cursor }),
  responses: { 200: { description: 'A page of the activity', schema: clientSiteActivitySchema }, ...common },
});
