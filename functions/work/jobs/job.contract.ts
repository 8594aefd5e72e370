import * as z from 'zod/mini';
import { component, documented, idSchema, storableNumber } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';
import { externalUsersField } from '../../external-users/external-user.schema';
import { customerSiteCreateShape, customerSiteUpdateShape } from '../shared/customer-site.contract';
import { jobType } from '../shared/item-types';
import {
  createBody,
  dateRange,
  dateTimeSchema,
  descriptionSchema,
  listQuery,
  privacyFilterShape,
  statusFilter,
  titleSchema,
  updateBody,
  workItemRoutes,
} from '../shared/work-item.contract';
import { externalUserFilterShape } from '../shared/work-item-filters.contract';

import { jobSchema, jobSummarySchema } from './job.schema';
import { jobStatuses } from './job-statuses';

export { type Job, type JobSummary, jobSchema, jobSummarySchema } from './job.schema';
export { jobStatuses } from './job-statuses';
export const maxJobOwners = 10;

export const jobLocationSchema = component(
  'JobLocation',
  lazySchema(() =>
    z.strictObject({
      text: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(500)),
      lat: z.optional(storableNumber().check(z.gte(-90), z.lte(90))),
      lng: z.optional(storableNumber().check(z.gte(-180), z.lte(180))),
    }),
  ),
);

const ownerIds = documented(
  lazySchema(() =>
    z.array(idSchema).check(
      z.minLength(1, 'a job needs at least one owner'),
      z.maxLength(maxJobOwners, `at most ${maxJobOwners} owners`),
      z.refine((ids) => new Set(ids).size === ids.length, { message: 'owners must not repeat' }),
    ),
  ),
  { description: 'Active staff users of the account (1–10)' },
);

export const createJobBody = createBody(jobType, () => ({
  title: titleSchema,
  description: z.optional(descriptionSchema),
  dueAt: dateTimeSchema,
  location: jobLocationSchema,
  status: z.optional(z.enum(jobStatuses)),
  ownerIds: documented(z.optional(ownerIds), {
    description: "Active staff users of the account (1–10); left out, the category's default owners",
  }),
  departmentId: z.optional(idSchema),
  categoryId: z.optional(idSchema),
  privacyStatusId: z.optional(idSchema),
  externalUsers: z.optional(externalUsersField),
  ...customerSiteCreateShape,
}));
export type CreateJobBody = z.infer<typeof createJobBody>;

export const updateJobBody = updateBody(jobType, () => ({
  title: z.optional(titleSchema),
  description: z.optional(descriptionSchema),
  dueAt: z.optional(dateTimeSchema),
  location: z.optional(jobLocationSchema),
  status: z.optional(z.enum(jobStatuses)),
  ownerIds: z.optional(ownerIds),
  /** null removes it. */
  departmentId: z.optional(z.nullable(idSchema)),
  categoryId: z.optional(z.nullable(idSchema)),
  privacyStatusId: z.optional(z.nullable(idSchema)),
  externalUsers: z.optional(externalUsersField),
  ...customerSiteUpdateShape,
}));
export type UpdateJobBody = z.infer<typeof updateJobBody>;

export const listJobsQuery = listQuery(jobType, () => ({
  ...dateRange('dueFrom', 'dueTo'),
  ...statusFilter(jobType, jobStatuses),
  ...privacyFilterShape,
  ...externalUserFilterShape,
  ...customerSiteCreateShape,
}));
export type ListJobsQuery = z.infer<typeof listJobsQuery>;

export const {
  list: listJobs,
  create: createJob,
  get: getJob,
  update: updateJob,
  archive: archiveJob,
  restore: restoreJob,
  remove: deleteJob,
} = workItemRoutes(jobType, {
  schema: jobSchema,
  summary: jobSummarySchema,
  query: listJobsQuery,
  create: createJobBody,
  update: updateJobBody,
  managers: 'admin roles',
  summaries: {
    list: 'The jobs the caller may see, one page at a time, by due date within each visibility scope; status, owner, department, privacy status, external user, customer, site and a due range narrow it',
    create: 'Create a job (Jobs access; a confidential one needs a grant for its privacy status)',
    update: 'Change a job; optimistic concurrency on `version`; changing status needs status-change access',
  },
});
