import * as z from 'zod/mini';
import { component, documented, idSchema, versionNumber } from '#shared/contract';
import { jobStatuses } from '../work/jobs/job-statuses';

// External views (seed 001): saved, named views of Jobs and of the Calendar that external roles
// allow. A view says what a client sees of the work in their scope (columns, statuses, categories,
// dates), never whose work: the customer or site scope comes from each external user's client
// access, so a view with a customer (or site) filter in any form is refused.

/** What a view shows: the job list, or the calendar of job dates (appointments are never shown). */
export const externalViewKinds = ['jobs', 'calendar'] as const;
export type ExternalViewKind = (typeof externalViewKinds)[number];

/**
 * The job list columns a jobs view may show, each with the job field it shows. The job's id is
 * always there; nothing else of a job (description, department, privacy status, assigned external
 * users) ever reaches a client.
 */
export const jobListColumns = {
  title: 'The job title',
  status: 'The status (open, in_progress, completed, cancelled)',
  dueAt: 'The due date and time',
  location: 'The location (text, and coordinates when set)',
  category: "The job category's name",
  customer: "The customer's name",
  site: "The site's name",
  owners: 'The names of the staff users who own the job',
  createdAt: 'When the job was created',
  updatedAt: 'When the job last changed',
} as const;
export type JobListColumn = keyof typeof jobListColumns;
const columnIds = Object.keys(jobListColumns) as [JobListColumn, ...JobListColumn[]];

/** The most job categories one view filters by. */
export const maxViewCategories = 20;
/** The longest relative due window, in days. */
export const maxDueWithinDays = 366;

const dateTime = documented(z.iso.datetime({ offset: true }), { example: '2027-03-31T23:59:59Z' });

/** A view's filters as stored and shown. */
export const externalViewFiltersSchema = component(
  'ExternalViewFilters',
  z.object({
    /** Only jobs with one of these statuses. */
    statuses: z.optional(z.array(z.enum(jobStatuses))),
    /** Only jobs of one of these job categories. */
    categoryIds: z.optional(z.array(z.string())),
    /** Only jobs due from the moment of the request to this many days later (jobs views). */
    dueWithinDays: z.optional(z.int()),
    /** Only jobs due at or after this (jobs views). */
    dueFrom: z.optional(z.string()),
    /** Only jobs due at or before this (jobs views). */
    dueTo: z.optional(z.string()),
  }),
);
export type ExternalViewFilters = z.infer<typeof externalViewFiltersSchema>;

/** An external view as stored and as the API shows it. */
export const externalViewSchema = component(
  'ExternalView',
  z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(externalViewKinds),
    /** Jobs views: the job list columns shown, in order. Calendar views: none. */
    columns: z.array(z.enum(columnIds)),
    filters: externalViewFiltersSchema,
    version: z.int(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  }),
);
export type ExternalView = z.infer<typeof externalViewSchema>;

/** A filter field that would choose whose work a view shows: refused in any form (seed 001). */
const scopeField = /customer|account|site/i;

const known = ['statuses', 'categoryIds', 'dueWithinDays', 'dueFrom', 'dueTo'];

/** The filters a view is given: the known ones checked, and a customer or site filter named and refused. */
const filtersBody = z
  .looseObject({
    statuses: z.optional(
      z.array(z.enum(jobStatuses)).check(
        z.minLength(1, 'give at least one status, or leave the filter out'),
        z.refine((s) => new Set(s).size === s.length, { message: 'statuses must not repeat' }),
      ),
    ),
    categoryIds: z.optional(
      z.array(idSchema).check(
        z.minLength(1, 'give at least one category, or leave the filter out'),
        z.maxLength(maxViewCategories, `at most ${maxViewCategories} categories`),
        z.refine((s) => new Set(s).size === s.length, { message: 'categories must not repeat' }),
      ),
    ),
    dueWithinDays: z.optional(z.int().check(z.minimum(1), z.maximum(maxDueWithinDays))),
    dueFrom: z.optional(dateTime),
    dueTo: z.optional(dateTime),
  })
  .check(
    z.superRefine((filters, ctx) => {
      for (const key of Object.keys(filters)) {
        if (known.includes(key)) continue;
        ctx.issues.push({
          code: 'custom',
          input: filters[key as keyof typeof filters],
          path: [key],
          message: scopeField.test(key)
            ? "a view never filters by customer or site: each external user's client access gives the scope"
            : `unknown filter; the filters are ${known.join(', ')}`,
        });
      }
      if (filters.dueWithinDays !== undefined && (filters.dueFrom !== undefined || filters.dueTo !== undefined)) {
        ctx.issues.push({
          code: 'custom',
          input: filters.dueWithinDays,
          path: ['dueWithinDays'],
          message: 'give either dueWithinDays or dueFrom/dueTo, not both',
        });
      }
      if (filters.dueFrom && filters.dueTo && Date.parse(filters.dueFrom) > Date.parse(filters.dueTo)) {
        ctx.issues.push({
          code: 'custom',
          input: filters.dueTo,
          path: ['dueTo'],
          message: 'must not be before dueFrom',
        });
      }
    }),
  );

const name = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters'));

/** A view's definition: the body of a create, and of a change with the version read. */
const viewShape = {
  name,
  kind: documented(z.enum(externalViewKinds), { description: 'jobs: a job list; calendar: job dates' }),
  columns: documented(
    z.optional(
      z.array(z.enum(columnIds)).check(
        z.minLength(1, 'a jobs view shows at least one column'),
        z.refine((c) => new Set(c).size === c.length, { message: 'columns must not repeat' }),
      ),
    ),
    {
      description: `Jobs views (required): the job list columns shown, in order, from ${columnIds.join(', ')}. Calendar views: none`,
    },
  ),
  filters: z.optional(filtersBody),
};

type ViewBody = { kind: ExternalViewKind; columns?: unknown; filters?: ExternalViewFilters | undefined } & Record<
  string,
  unknown
>;

/** What a view of each kind needs, and a scope (customer, site) given anywhere named and refused. */
const viewChecks = z.superRefine((body: ViewBody, ctx) => {
  for (const key of Object.keys(body)) {
    if (key in viewShape || key === 'version') continue;
    ctx.issues.push({
      code: 'custom',
      input: body[key],
      path: [key],
      message: scopeField.test(key)
        ? "a view never filters by customer or site: each external user's client access gives the scope"
        : 'unknown field',
    });
  }
  if (body.kind === 'jobs' && body.columns === undefined) {
    ctx.issues.push({ code: 'custom', input: undefined, path: ['columns'], message: 'a jobs view needs its columns' });
  }
  if (body.kind === 'calendar') {
    if (body.columns !== undefined) {
      ctx.issues.push({
        code: 'custom',
        input: body.columns,
        path: ['columns'],
        message: 'a calendar view has no columns',
      });
    }
    for (const key of ['dueWithinDays', 'dueFrom', 'dueTo'] as const) {
      if (body.filters?.[key] === undefined) continue;
      ctx.issues.push({
        code: 'custom',
        input: body.filters[key],
        path: ['filters', key],
        message: "a calendar view's dates are the calendar's from and to",
      });
    }
  }
});

export const createExternalViewBody = component('CreateExternalView', z.looseObject(viewShape).check(viewChecks));
export type CreateExternalViewBody = z.infer<typeof createExternalViewBody>;

export const updateExternalViewBody = component(
  'UpdateExternalView',
  z
    .looseObject({
      ...viewShape,
      version: documented(versionNumber(), {
        description: 'The version you read; a stale one answers 409',
      }),
    })
    .check(viewChecks),
);
export type UpdateExternalViewBody = z.infer<typeof updateExternalViewBody>;
