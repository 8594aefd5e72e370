import * as z from 'zod/mini';
import { projectType } from '../shared/item-types';
import { flaggedRecordShape, workItemSchemas } from '../shared/work-item.schema';

// A project as stored and shown, apart from its request bodies and routes (project.contract.ts), so
// the functions that only read projects (the plan's tasks and groups) build none of the write contracts.

/** A project's state: under way, paused, or done. */
export const projectStatuses = ['active', 'on_hold', 'completed'] as const;

/** `confidential`: seen and edited only by those granted this project or all confidential projects. */
const projectSummaryShape = () => ({
  ...flaggedRecordShape,
  title: z.string(),
  status: z.enum(projectStatuses),
});

export const { summary: projectSummarySchema, item: projectSchema } = workItemSchemas(projectType, projectSummaryShape);
export type ProjectSummary = z.infer<typeof projectSummarySchema>;
export type Project = z.infer<typeof projectSchema>;
