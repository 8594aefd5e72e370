import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema, versionNumber } from '#shared/contract';
import { jobCategorySchema } from './job-category.schema';

const name = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters'));
const description = z.string().check(z.trim(), z.maxLength(2000, 'must be at most 2000 characters'));
const defaultOwnerIds = z.array(idSchema).check(z.maxLength(10, 'at most 10 default owners'));
const departmentIds = z.array(idSchema).check(z.maxLength(50, 'at most 50 departments'));
const defaultExternalUserIds = z.array(idSchema).check(z.maxLength(20, 'at most 20 default external users'));
const version = documented(versionNumber(), {
  description: 'The version you read; a stale one answers 409',
});
const categoryIdParams = z.strictObject({ categoryId: idSchema });

export { type JobCategory, jobCategorySchema } from './job-category.schema';

export const createJobCategoryBody = component(
  'CreateJobCategory',
  z.strictObject({
    name,
    description: z.optional(description),
    defaultOwnerIds: z.optional(defaultOwnerIds),
    departmentIds: z.optional(departmentIds),
    defaultExternalUserIds: z.optional(defaultExternalUserIds),
  }),
);
export type CreateJobCategoryBody = z.infer<typeof createJobCategoryBody>;

export const updateJobCategoryBody = component(
  'UpdateJobCategory',
  z
    .strictObject({
      version,
      name: z.optional(name),
      description: z.optional(description),
      defaultOwnerIds: z.optional(defaultOwnerIds),
      departmentIds: z.optional(departmentIds),
      defaultExternalUserIds: z.optional(defaultExternalUserIds),
      archived: z.optional(z.boolean()),
    })
    .check(
      z.refine((body) => Object.keys(body).length > 1, {
        message: 'give at least one field to change besides version',
      }),
    ),
);
export type UpdateJobCategoryBody = z.infer<typeof updateJobCategoryBody>;

export const jobCategoryPageSchema = component(
  'JobCategoryPage',
  z.object({ items: z.array(jobCategorySchema), cursor: z.optional(z.string()) }),
);

export const listJobCategories = defineRoute({
  method: 'GET',
  path: '/job-categories',
  auth: 'staff',
  operationId: 'listJobCategories',
  summary: "The account's job categories by name, archived ones included (Jobs access)",
  tags: ['jobs'],
  query: z.strictObject({
    limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
  }),
  responses: { 200: { description: 'A page of job categories', schema: jobCategoryPageSchema } },
});

export const createJobCategory = defineRoute({
  method: 'POST',
  path: '/job-categories',
  auth: 'staff',
  operationId: 'createJobCategory',
  summary: 'Create a job category (other settings: admin roles)',
  tags: ['jobs'],
  body: createJobCategoryBody,
  responses: { 201: { description: 'The new job category', schema: jobCategorySchema } },
});

export const getJobCategory = defineRoute({
  method: 'GET',
  path: '/job-categories/{categoryId}',
  auth: 'staff',
  operationId: 'getJobCategory',
  summary: 'One job category (Jobs access)',
  tags: ['jobs'],
  params: categoryIdParams,
  responses: { 200: { description: 'The job category', schema: jobCategorySchema } },
});

export const updateJobCategory = defineRoute({
  method: 'PATCH',
  path: '/job-categories/{categoryId}',
  auth: 'staff',
  operationId: 'updateJobCategory',
  summary: 'Change, archive or restore a job category (other settings: admin roles)',
  tags: ['jobs'],
  params: categoryIdParams,
  body: updateJobCategoryBody,
  responses: { 200: { description: 'The updated job category', schema: jobCategorySchema } },
});
