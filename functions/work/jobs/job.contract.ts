import * as z from 'zod/mini';
import { component, docs, documented, idSchema, storableNumber } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';
import { externalUsersField } from '../../external-users/external-user.schema';
import { customerSiteCreateShape, customerSiteUpdateShape } from '../shared/customer-site.contract';
import { jobType } from '../shared/item-types';
import {
  archiveRoute,
  createBody,
  createRoute,
  dateRange,
  dateTimeSchema,
  descriptionSchema,
  getRoute,
  listQuery,
  listRoute,
  privacyFilterShape,
  removeRoute,
  restoreRoute,
  statusFilter,
  titleSchema,
  updateBody,
  updateRoute,
} from '../shared/work-item.contract';
import { externalUserFilterShape, searchFilterShape } from '../shared/work-item-filters.contract';

import { jobSchema, jobSummarySchema } from './job.schema';
import { jobStatuses } from './job-statuses';

export { type Job, type JobSummary, jobSchema, jobSummarySchema } from './job.schema';
export { jobStatuses } from './job-statuses';
export const maxJobOwners = 10;

export const jobLocationSchema = /* @__PURE__ */ component(
  'JobLocation',
  /* @__PURE__ */ lazySchema(() =>
    z.strictObject({
      text: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(500)),
      lat: z.optional(storableNumber().check(z.gte(-90), z.lte(90))),
      lng: z.optional(storableNumber().check(z.gte(-180), z.lte(180))),
    }),
  ),
);

const ownerIds = /* @__PURE__ */ documented(
  /* @__PURE__ */ lazySchema(() =>
    z.array(idSchema).check(
      z.minLength(1, 'a job needs at least one owner'),
      z.maxLength(maxJobOwners, `at most ${maxJobOwners} owners`),
      z.refine((ids) => new Set(ids).size === ids.length, { message: 'owners must not repeat' }),
    ),
  ),
  docs && { description: 'Active staff users of the account (1–10)' },
);

export const createJobBody = /* @__PURE__ */ createBody(jobType, () => ({
  title: titleSchema,
  description: z.optional(descriptionSchema),
  dueAt: dateTimeSchema,
  location: jobLocationSchema,
  status: z.optional(z.enum(jobStatuses)),
  ownerIds: documented(
    z.optional(ownerIds),
    docs && {
      description: "Active staff users of the account (1–10); left out, the category's default owners",
    },
  ),
  departmentId: z.optional(idSchema),
  categoryId: z.optional(idSchema),
  privacyStatusId: z.optional(idSchema),
  externalUsers: z.optional(externalUsersField),
  ...customerSiteCreateShape,
}));
export type CreateJobBody = z.infer<typeof createJobBody>;

export const updateJobBody = /* @__PURE__ */ updateBody(jobType, () => ({
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

export const listJobsQuery = /* @__PURE__ */ listQuery(jobType, () => ({
  ...dateRange('dueFrom', 'dueTo'),
  ...statusFilter(jobType, jobStatuses),
  ...privacyFilterShape,
  ...externalUserFilterShape,
  ...customerSiteCreateShape,
  ...searchFilterShape,
}));
export type ListJobsQuery = z.infer<typeof listJobsQuery>;

const managers = 'admin roles';

// Each route on its own, `/* @__PURE__ */` (esbuild honours the builders' annotation only within
// their file), so a function bundles its own route only (decision 0003).
export const listJobs = /* @__PURE__ */ listRoute(jobType, {
  summary: jobSummarySchema,
  query: listJobsQuery,
  description:
    'The jobs the caller may see, one page at a time, by due date within each visibility scope; status, owner, department, privacy status, external user, customer, site and a due range narrow it',
});
export const createJob = /* @__PURE__ */ createRoute(jobType, {
  schema: jobSchema,
  body: createJobBody,
  description: docs ? 'Create a job (Jobs access; a confidential one needs a grant for its privacy status)' : '',
});
export const getJob = /* @__PURE__ */ getRoute(jobType, jobSchema);
export const updateJob = /* @__PURE__ */ updateRoute(jobType, {
  schema: jobSchema,
  body: updateJobBody,
  description: docs
    ? 'Change a job; optimistic concurrency on `version`; changing status needs status-change access'
    : '',
});
export const archiveJob = /* @__PURE__ */ archiveRoute(jobType, jobSchema, managers);
export const restoreJob = /* @__PURE__ */ restoreRoute(jobType, jobSchema);
export const deleteJob = /* @__PURE__ */ removeRoute(jobType, managers);
