import * as z from 'zod/mini';
import { documented, idSchema } from '#shared/contract';
import { projectType } from '../shared/item-types';
import {
  createBody,
  dateRange,
  descriptionSchema,
  listQuery,
  ownerIdsSchema,
  statusFilter,
  titleSchema,
  updateBody,
  workItemRoutes,
} from '../shared/work-item.contract';
import { confidentialFilterShape } from '../shared/work-item-filters.contract';

export {
  type Project,
  type ProjectSummary,
  projectSchema,
  projectStatuses,
  projectSummarySchema,
} from './project.schema';

import { projectSchema, projectStatuses, projectSummarySchema } from './project.schema';

export const maxProjectOwners = 10;

const ownerIds = ownerIdsSchema(maxProjectOwners, 'a project');
const confidentialSchema = documented(z.boolean(), {
  description: 'A confidential project is seen and edited only by those granted it (or all confidential projects)',
});

export const createProjectBody = createBody(projectType, {
  title: titleSchema,
  description: z.optional(descriptionSchema),
  status: documented(z.optional(z.enum(projectStatuses)), { description: 'Defaults to active' }),
  ownerIds,
  departmentId: z.optional(idSchema),
  confidential: z.optional(confidentialSchema),
});
export type CreateProjectBody = z.infer<typeof createProjectBody>;

export const updateProjectBody = updateBody(projectType, {
  title: z.optional(titleSchema),
  description: z.optional(descriptionSchema),
  status: z.optional(z.enum(projectStatuses)),
  ownerIds: z.optional(ownerIds),
  /** null removes it. */
  departmentId: z.optional(z.nullable(idSchema)),
  confidential: z.optional(confidentialSchema),
});
export type UpdateProjectBody = z.infer<typeof updateProjectBody>;

export const listProjectsQuery = listQuery(projectType, {
  ...dateRange('createdFrom', 'createdTo'),
  ...statusFilter(projectType, projectStatuses),
  ...confidentialFilterShape,
});
export type ListProjectsQuery = z.infer<typeof listProjectsQuery>;

export const {
  list: listProjects,
  create: createProject,
  get: getProject,
  update: updateProject,
  archive: archiveProject,
  restore: restoreProject,
  remove: deleteProject,
} = workItemRoutes(projectType, {
  schema: projectSchema,
  summary: projectSummarySchema,
  query: listProjectsQuery,
  create: createProjectBody,
  update: updateProjectBody,
  managers: 'admin roles',
  summaries: {
    list: 'The projects the caller may see, one page at a time, by date created within each visibility scope (specific projects granted on the user come as one page); status narrows it',
    create: 'Create a project (Project Admin; a confidential one needs a confidential projects grant of all)',
    update: 'Change a project the caller may edit; optimistic concurrency on `version`',
  },
});
