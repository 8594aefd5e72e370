import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema } from '#shared/contract';
import { externalUsersField } from '../../external-users/external-user.schema';
import {
  changesSomething,
  dateTimeSchema,
  descriptionSchema,
  externalUserFilterShape,
  itemRoutes,
  listQueryShape,
  ownerIdsSchema,
  privacyFilterShape,
  recordShape,
  titleSchema,
  versionSchema,
  workLocationSchema,
} from '../shared/work-item.contract';

/** An incident's lifecycle: raised (open), being dealt with, closed. */
export const incidentStatuses = ['open', 'in_progress', 'closed'] as const;
export const severityLevels = ['low', 'medium', 'high'] as const;
export const maxIncidentOwners = 10;

/** Either scale; which one an incident may use is the account's `incidentSeverityScale`, checked at write time. */
export const severitySchema = documented(z.union([z.enum(severityLevels), z.int().check(z.gte(1), z.lte(5))]), {
  description: 'low | medium | high when the account scale is `levels`; an integer 1–5 when it is `numeric`',
});

const incidentSummaryShape = {
  ...recordShape,
  title: z.string(),
  location: z.object({ text: z.string(), lat: z.optional(z.number()), lng: z.optional(z.number()) }),
  severity: z.union([z.enum(severityLevels), z.int()]),
  raisedAt: z.string(),
  status: z.enum(incidentStatuses),
  /** The external users assigned now (their assignments: GET /incidents/{incidentId}/assignments). */
  externalUsers: z.optional(z.array(z.string())),
};

export const incidentSummarySchema = component('IncidentSummary', z.object(incidentSummaryShape), {
  description: 'An incident as lists show it (no description)',
});
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;

export const incidentSchema = component('Incident', z.object({ ...incidentSummaryShape, description: z.string() }));
export type Incident = z.infer<typeof incidentSchema>;

const ownerIds = ownerIdsSchema(maxIncidentOwners, 'an incident');

export const createIncidentBody = component(
  'CreateIncident',
  z.strictObject({
    title: titleSchema,
    description: z.optional(descriptionSchema),
    location: workLocationSchema,
    severity: severitySchema,
    raisedAt: dateTimeSchema,
    status: z.optional(z.enum(incidentStatuses)),
    ownerIds,
    departmentId: z.optional(idSchema),
    privacyStatusId: z.optional(idSchema),
    externalUsers: z.optional(externalUsersField),
  }),
);
export type CreateIncidentBody = z.infer<typeof createIncidentBody>;

export const updateIncidentBody = component(
  'UpdateIncident',
  z
    .strictObject({
      version: versionSchema,
      title: z.optional(titleSchema),
      description: z.optional(descriptionSchema),
      location: z.optional(workLocationSchema),
      severity: z.optional(severitySchema),
      raisedAt: z.optional(dateTimeSchema),
      status: z.optional(z.enum(incidentStatuses)),
      ownerIds: z.optional(ownerIds),
      /** null removes it. */
      departmentId: z.optional(z.nullable(idSchema)),
      privacyStatusId: z.optional(z.nullable(idSchema)),
      externalUsers: z.optional(externalUsersField),
    })
    .check(changesSomething),
);
export type UpdateIncidentBody = z.infer<typeof updateIncidentBody>;

const incidentIdParams = z.strictObject({ incidentId: idSchema });

export const incidentPageSchema = component(
  'IncidentPage',
  z.object({ items: z.array(incidentSummarySchema), cursor: z.optional(z.string()) }),
);

export const listIncidentsQuery = z.strictObject({
  ...listQueryShape,
  raisedFrom: z.optional(dateTimeSchema),
  raisedTo: z.optional(dateTimeSchema),
  status: documented(z.optional(z.enum(incidentStatuses)), { description: 'Only incidents with this status' }),
  ...privacyFilterShape,
  ...externalUserFilterShape,
});
export type ListIncidentsQuery = z.infer<typeof listIncidentsQuery>;

const tags = ['incidents'];

export const listIncidents = defineRoute({
  method: 'GET',
  path: '/incidents',
  auth: 'staff',
  operationId: 'listIncidents',
  summary:
    'The incidents the caller may see, one page at a time, by date raised within each visibility scope; status and a date range narrow it',
  tags,
  query: listIncidentsQuery,
  responses: { 200: { description: 'A page of incidents', schema: incidentPageSchema } },
});

export const createIncident = defineRoute({
  method: 'POST',
  path: '/incidents',
  auth: 'staff',
  operationId: 'createIncident',
  summary:
    'Raise an incident (Control access with Incidents & Logs; a confidential one needs a grant for its privacy status)',
  tags,
  body: createIncidentBody,
  responses: { 201: { description: 'The new incident', schema: incidentSchema } },
});

export const {
  get: getIncident,
  archive: archiveIncident,
  restore: restoreIncident,
  remove: deleteIncident,
} = itemRoutes({
  name: 'Incident',
  label: 'incident',
  path: '/incidents/{incidentId}',
  params: incidentIdParams,
  schema: incidentSchema,
  tags: tags,
  managers: 'Control Admin or admin roles',
});

export const updateIncident = defineRoute({
  method: 'PATCH',
  path: '/incidents/{incidentId}',
  auth: 'staff',
  operationId: 'updateIncident',
  summary: 'Change an incident; optimistic concurrency on `version`; severity must match the account scale',
  tags,
  params: incidentIdParams,
  body: updateIncidentBody,
  responses: { 200: { description: 'The updated incident', schema: incidentSchema } },
});
