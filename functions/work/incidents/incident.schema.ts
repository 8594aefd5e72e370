import * as z from 'zod/mini';
import { customerSiteShape } from '../shared/customer-site.contract';
import { incidentType } from '../shared/item-types';
import { ownerNamesField, recordShape, workItemSchemas } from '../shared/work-item.schema';
import { incidentStatuses } from './incident-statuses';

// An incident as stored and shown, apart from its request bodies and routes
// (incident.contract.ts), so the functions that only read incidents build none of the write
// contracts.

export { incidentStatuses };
export const severityLevels = ['low', 'medium', 'high'] as const;

const incidentSummaryShape = {
  ...recordShape,
  ownerNames: ownerNamesField,
  title: z.string(),
  location: z.object({ text: z.string(), lat: z.optional(z.number()), lng: z.optional(z.number()) }),
  severity: z.union([z.enum(severityLevels), z.int()]),
  raisedAt: z.string(),
  status: z.enum(incidentStatuses),
  /** The external users assigned now (their assignments: GET /incidents/{incidentId}/assignments). */
  externalUsers: z.optional(z.array(z.string())),
  ...customerSiteShape,
};

export const { summary: incidentSummarySchema, item: incidentSchema } = workItemSchemas(
  incidentType,
  incidentSummaryShape,
);
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;
export type Incident = z.infer<typeof incidentSchema>;
