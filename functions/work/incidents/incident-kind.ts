import { type VisibilityClass, workItemChangeIndexes } from '#shared/data/keys';
import { controlModuleRights } from '../../staff/permissions/effective-permissions';
import type { WorkItemKind } from '../shared/work-item-service';
import { workItemStore } from '../shared/work-item-store';
import { type Incident, type IncidentSummary, incidentSchema, incidentSummarySchema } from './incident.schema';

const definition = {
  type: 'incident',
  entity: 'Incident',
  label: 'incident',
  schema: incidentSchema,
  summarySchema: incidentSummarySchema,
  sortAt: (incident: Incident) => incident.raisedAt,
  recordIndexes: (accountId: string, incident: Incident, visibility: VisibilityClass) =>
    workItemChangeIndexes('incident', accountId, { id: incident.id, updatedAt: incident.updatedAt, visibility }),
} as const;

/**
 * Incidents as the shared work item machinery reads them, ordered by date raised: enough to read
 * one and check who may see or edit it, without the write hooks of `incidents` in
 * incident-service.ts.
 */
export const incidentReads: WorkItemKind<Incident, IncidentSummary> = {
  ...definition,
  store: workItemStore<Incident, IncidentSummary>(definition),
  dateFields: ['raisedAt'],
  rangeFields: { from: 'raisedFrom', to: 'raisedTo' },
  rights: controlModuleRights,
};
