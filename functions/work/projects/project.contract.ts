import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema } from '#shared/contract';
import {
  changesSomething,
  confidentialFilterShape,
  dateTimeSchema,
  descriptionSchema,
  itemRoutes,
  listQueryShape,
  ownerIdsSchema,
  recordShape,
  titleSchema,
  versionSchema,
} from '../shared/work-item.contract';

/** A project's state: under way, paused, or done. */
export const projectStatuses = ['active', 'on_hold', 'completed'] as const;
export const maxProjectOwners = 10;

const { privacyStatusId: _privacyStatusId, ...bookkeeping } = recordShape;

const projectSummaryShape = {
  ...bookkeeping,
  /** Seen and edited only by those granted this project or all confidential projects. */
  confidential: z.boolean(),
  title: z.string(),
  status: z.enum(projectStatuses),
};

export const projectSummarySchema = component('ProjectSummary', z.object(projectSummaryShape), {
  description: 'A project as lists show it (no description)',
});
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

export const projectSchema = component('Project', z.object({ ...projectSummaryShape, description: z.string() }));
export type Project = z.infer<typeof projectSchema>;

const ownerIds = ownerIdsSchema(maxProjectOwners, 'a project');
const confidentialSchema = documented(z.boolean(), {
  description: 'A confidential project is seen and edited only by those granted it (or all confidential projects)',
});

export const createProjectBody = component(
  'CreateProject',
  z.strictObject({
    title: titleSchema,
    description: z.optional(descriptionSchema),
    status: documented(z.optional(z.enum(projectStatuses)), { description: 'Defaults to active' }),
    ownerIds,
    departmentId: z.optional(idSchema),
    confidential: z.optional(confidentialSchema),
  }),
);
export type CreateProjectBody = z.infer<typeof createProjectBody>;

export const updateProjectBody = component(
  'UpdateProject',
  z
    .strictObject({
      version: versionSchema,
      title: z.optional(titleSchema),
      description: z.optional(descriptionSchema),
      status: z.optional(z.enum(projectStatuses)),
      ownerIds: z.optional(ownerIds),
      /** null removes it. */
      departmentId: z.optional(z.nullable(idSchema)),
      confidential: z.optional(confidentialSchema),
    })
    .check(changesSomething),
);
export type UpdateProjectBody = z.infer<typeof updateProjectBody>;

const projectIdParams = z.strictObject({ projectId: idSchema });

export const projectPageSchema = component(
  'ProjectPage',
  z.object({ items: z.array(projectSummarySchema), cursor: z.optional(z.string()) }),
);

export const listProjectsQuery = z.strictObject({
  ...listQueryShape,
  createdFrom: z.optional(dateTimeSchema),
  createdTo: z.optional(dateTimeSchema),
  status: documented(z.optional(z.enum(projectStatuses)), { description: 'Only projects with this status' }),
  ...confidentialFilterShape,
});
export type ListProjectsQuery = z.infer<typeof listProjectsQuery>;

const tags = ['projects'];

export const listProjects = defineRoute({
  method: 'GET',
  path: '/projects',
  auth: 'staff',
  operationId: 'listProjects',
  summary:
    'The projects the caller may see, one page at a time, by date created within each visibility scope (specific projects granted on the user come as one page); status narrows it',
  tags,
  query: listProjectsQuery,
  responses: { 200: { description: 'A page of projects', schema: projectPageSchema } },
});

export const createProject = defineRoute({
  method: 'POST',
  path: '/projects',
  auth: 'staff',
  operationId: 'createProject',
  summary: 'Create a project (Project Admin; a confidential one needs a confidential projects grant of all)',
  tags,
  body: createProjectBody,
  responses: { 201: { description: 'The new project', schema: projectSchema } },
});

export const {
  get: getProject,
  archive: archiveProject,
  restore: restoreProject,
  remove: deleteProject,
} = itemRoutes({
  name: 'Project',
  label: 'project',
  path: '/projects/{projectId}',
  params: projectIdParams,
  schema: projectSchema,
  tags: tags,
  managers: 'admin roles',
});

export const updateProject = defineRoute({
  method: 'PATCH',
  path: '/projects/{projectId}',
  auth: 'staff',
  operationId: 'updateProject',
  summary: 'Change a project the caller may edit; optimistic concurrency on `version`',
  tags,
  params: projectIdParams,
  body: updateProjectBody,
  responses: { 200: { description: 'The updated project', schema: projectSchema } },
});
