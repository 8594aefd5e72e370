import * as z from 'zod/mini';
import { component, docs, documented, idSchema, lazySchema, storableNumber } from '#shared/contract';
import { externalUsersField } from '../../external-users/external-user.schema';
import { customerSiteCreateShape, customerSiteUpdateShape } from '../shared/customer-site.contract';
import { incidentType } from '../shared/item-types';
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
  ownerIdsSchema,
  privacyFilterShape,
  removeRoute,
  restoreRoute,
  statusFilter,
  titleSchema,
  updateBody,
  updateRoute,
} from '../shared/work-item.contract';
import { externalUserFilterShape, searchFilterShape } from '../shared/work-item-filters.contract';
import { incidentSchema, incidentStatuses, incidentSummarySchema, severityLevels } from './incident.schema';

export {
  type Incident,
  type IncidentSummary,
  incidentSchema,
  incidentStatuses,
  incidentSummarySchema,
  severityLevels,
} from './incident.schema';
export const maxIncidentOwners = 10;

export const workLocationSchema = /* @__PURE__ */ component(
  'WorkLocation',
  /* @__PURE__ */ lazySchema(() =>
    z.strictObject({
      text: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(500)),
      lat: z.optional(storableNumber().check(z.gte(-90), z.lte(90))),
      lng: z.optional(storableNumber().check(z.gte(-180), z.lte(180))),
    }),
  ),
);

/** Either scale; which one an incident may use is the account's `incidentSeverityScale`, checked at write time. */
export const severitySchema = /* @__PURE__ */ documented(
  /* @__PURE__ */ lazySchema(() => z.union([z.enum(severityLevels), z.int().check(z.gte(1), z.lte(5))])),
  docs && {
    description: 'low | medium | high when the account scale is `levels`; an integer 1–5 when it is `numeric`',
  },
);

const ownerIds = /* @__PURE__ */ ownerIdsSchema(maxIncidentOwners, 'an incident');

export const createIncidentBody = /* @__PURE__ */ createBody(incidentType, () => ({
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
  ...customerSiteCreateShape,
}));
export type CreateIncidentBody = z.infer<typeof createIncidentBody>;

export const updateIncidentBody = /* @__PURE__ */ updateBody(incidentType, () => ({
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
  ...customerSiteUpdateShape,
}));
export type UpdateIncidentBody = z.infer<typeof updateIncidentBody>;

export const listIncidentsQuery = /* @__PURE__ */ listQuery(incidentType, () => ({
  ...dateRange('raisedFrom', 'raisedTo'),
  ...statusFilter(incidentType, incidentStatuses),
  ...privacyFilterShape,
  ...externalUserFilterShape,
  ...customerSiteCreateShape,
  ...searchFilterShape,
}));
export type ListIncidentsQuery = z.infer<typeof listIncidentsQuery>;

const managers = 'Control Admin or admin roles';

// Each route on its own, `/* @__PURE__ */` (esbuild honours the builders' annotation only within
// their file), so a function bundles its own route only (decision 0003).
export const listIncidents = /* @__PURE__ */ listRoute(incidentType, {
  summary: incidentSummarySchema,
  query: listIncidentsQuery,
  description:
    'The incidents the caller may see, one page at a time, by date raised within each visibility scope; status, owner, department, privacy status, external user, customer, site and a date range narrow it',
});
export const createIncident = /* @__PURE__ */ createRoute(incidentType, {
  schema: incidentSchema,
  body: createIncidentBody,
  description: docs
    ? 'Raise an incident (Control access with Incidents & Logs; a confidential one needs a grant for its privacy status)'
    : '',
});
export const getIncident = /* @__PURE__ */ getRoute(incidentType, incidentSchema);
export const updateIncident = /* @__PURE__ */ updateRoute(incidentType, {
  schema: incidentSchema,
  body: updateIncidentBody,
  description: docs
    ? 'Change an incident; optimistic concurrency on `version`; severity must match the account scale'
    : '',
});
export const archiveIncident = /* @__PURE__ */ archiveRoute(incidentType, incidentSchema, managers);
export const restoreIncident = /* @__PURE__ */ restoreRoute(incidentType, incidentSchema);
export const deleteIncident = /* @__PURE__ */ removeRoute(incidentType, managers);
