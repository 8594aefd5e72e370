import * as z from 'zod/mini';
import { customerSiteShape } from '../shared/customer-site.contract';
import { jobType } from '../shared/item-types';
import { ownerNamesField, workItemSchemas } from '../shared/work-item.schema';
import { jobStatuses } from './job-statuses';

// A job as stored and shown, apart from its request bodies and routes (job.contract.ts), so the
// functions that only read jobs (assignments, checklists) build none of the write contracts.

/** The list columns: everything but the description. */
const jobSummaryShape = () => ({
  id: z.string(),
  title: z.string(),
  dueAt: z.string(),
  location: z.object({ text: z.string(), lat: z.optional(z.number()), lng: z.optional(z.number()) }),
  status: z.enum(jobStatuses),
  ownerIds: z.array(z.string()),
  ownerNames: ownerNamesField,
  departmentId: z.optional(z.string()),
  categoryId: z.optional(z.string()),
  /** Set: the job is confidential, seen and edited only with a grant for this privacy status. */
  privacyStatusId: z.optional(z.string()),
  /** The external users assigned now (their assignments: GET /jobs/{jobId}/assignments). */
  externalUsers: z.optional(z.array(z.string())),
  ...customerSiteShape,
  archived: z.boolean(),
  version: z.int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

export const { summary: jobSummarySchema, item: jobSchema } = workItemSchemas(jobType, jobSummaryShape);
export type JobSummary = z.infer<typeof jobSummarySchema>;
export type Job = z.infer<typeof jobSchema>;
