import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema, storableNumber, versionNumber } from '#shared/contract';
import { externalUsersField } from '../../external-users/external-user.schema';
import { externalUserFilterShape, itemRoutes, privacyFilterShape } from '../shared/work-item.contract';

/** A job's lifecycle. */
export const jobStatuses = ['open', 'in_progress', 'completed', 'cancelled'] as const;
export const maxJobOwners = 10;

const title = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200, 'must be at most 200 characters'));
const description = z.string().check(z.maxLength(10_000, 'must be at most 10000 characters'));
const dateTime = documented(z.iso.datetime({ offset: true }), { example: '2026-12-01T09:00:00Z' });
const version = documented(versionNumber(), {
  description: 'The version you read; a stale one answers 409',
});

export const jobLocationSchema = component(
  'JobLocation',
  z.strictObject({
    text: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(500)),
    lat: z.optional(storableNumber().check(z.gte(-90), z.lte(90))),
    lng: z.optional(storableNumber().check(z.gte(-180), z.lte(180))),
  }),
);

const ownerIds = documented(
  z.array(idSchema).check(
    z.minLength(1, 'a job needs at least one owner'),
    z.maxLength(maxJobOwners, `at most ${maxJobOwners} owners`),
    z.refine((ids) => new Set(ids).size === ids.length, { message: 'owners must not repeat' }),
  ),
  { description: 'Active staff users of the account (1–10)' },
);

/** The list columns: everything but the description. */
const jobSummaryShape = {
  id: z.string(),
  title: z.string(),
  dueAt: z.string(),
  location: z.object({ text: z.string(), lat: z.optional(z.number()), lng: z.optional(z.number()) }),
  status: z.enum(jobStatuses),
  ownerIds: z.array(z.string()),
  departmentId: z.optional(z.string()),
  categoryId: z.optional(z.string()),
  /** Set: the job is confidential, seen and edited only with a grant for this privacy status. */
  privacyStatusId: z.optional(z.string()),
  /** The external users assigned now (their assignments: GET /jobs/{jobId}/assignments). */
  externalUsers: z.optional(z.array(z.string())),
  archived: z.boolean(),
  version: z.int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
};

export const jobSummarySchema = component('JobSummary', z.object(jobSummaryShape), {
  description: 'A job as lists show it (no description)',
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const jobSchema = component('Job', z.object({ ...jobSummaryShape, description: z.string() }));
export type Job = z.infer<typeof jobSchema>;

export const createJobBody = component(
  'CreateJob',
  z.strictObject({
    title,
    description: z.optional(description),
    dueAt: dateTime,
    location: jobLocationSchema,
    status: z.optional(z.enum(jobStatuses)),
    ownerIds: documented(z.optional(ownerIds), {
      description: "Active staff users of the account (1–10); left out, the category's default owners",
    }),
    departmentId: z.optional(idSchema),
    categoryId: z.optional(idSchema),
    privacyStatusId: z.optional(idSchema),
    externalUsers: z.optional(externalUsersField),
  }),
);
export type CreateJobBody = z.infer<typeof createJobBody>;

export const updateJobBody = component(
  'UpdateJob',
  z
    .strictObject({
      version,
      title: z.optional(title),
      description: z.optional(description),
      dueAt: z.optional(dateTime),
      location: z.optional(jobLocationSchema),
      status: z.optional(z.enum(jobStatuses)),
      ownerIds: z.optional(ownerIds),
      /** null removes it. */
      departmentId: z.optional(z.nullable(idSchema)),
      categoryId: z.optional(z.nullable(idSchema)),
      privacyStatusId: z.optional(z.nullable(idSchema)),
      externalUsers: z.optional(externalUsersField),
    })
    .check(
      z.refine((body) => Object.keys(body).length > 1, {
        message: 'give at least one field to change besides version',
      }),
    ),
);
export type UpdateJobBody = z.infer<typeof updateJobBody>;

const jobIdParams = z.strictObject({ jobId: idSchema });

export const jobPageSchema = component(
  'JobPage',
  z.object({ items: z.array(jobSummarySchema), cursor: z.optional(z.string()) }),
);

export const listJobsQuery = z.strictObject({
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  dueFrom: z.optional(dateTime),
  dueTo: z.optional(dateTime),
  status: documented(z.optional(z.enum(jobStatuses)), { description: 'Only jobs with this status' }),
  archived: documented(z.optional(z.enum(['true', 'false'])), {
    description: 'true lists archived jobs instead of current ones',
  }),
  ...privacyFilterShape,
  ...externalUserFilterShape,
});
export type ListJobsQuery = z.infer<typeof listJobsQuery>;

export const listJobs = defineRoute({
  method: 'GET',
  path: '/jobs',
  auth: 'staff',
  operationId: 'listJobs',
  summary:
    'The jobs the caller may see, one page at a time, by due date within each visibility scope; status, owner, department, privacy status and a due range narrow it',
  tags: ['jobs'],
  query: listJobsQuery,
  responses: { 200: { description: 'A page of jobs', schema: jobPageSchema } },
});

export const createJob = defineRoute({
  method: 'POST',
  path: '/jobs',
  auth: 'staff',
  operationId: 'createJob',
  summary: 'Create a job (Jobs access; a confidential one needs a grant for its privacy status)',
  tags: ['jobs'],
  body: createJobBody,
  responses: { 201: { description: 'The new job', schema: jobSchema } },
});

export const {
  get: getJob,
  archive: archiveJob,
  restore: restoreJob,
  remove: deleteJob,
} = itemRoutes({
  name: 'Job',
  label: 'job',
  path: '/jobs/{jobId}',
  params: jobIdParams,
  schema: jobSchema,
  tags: ['jobs'],
  managers: 'admin roles',
});

export const updateJob = defineRoute({
  method: 'PATCH',
  path: '/jobs/{jobId}',
  auth: 'staff',
  operationId: 'updateJob',
  summary: 'Change a job; optimistic concurrency on `version`; changing status needs status-change access',
  tags: ['jobs'],
  params: jobIdParams,
  body: updateJobBody,
  responses: { 200: { description: 'The updated job', schema: jobSchema } },
});
