import type * as z from 'zod/mini';
import { incidentStatuses } from '../work/incidents/incident-statuses';
import { incidentType } from '../work/shared/item-types';
import { reportQuery, reportRoute } from './report.contract';
import { incidentReportColumns } from './report-column-names';

export { incidentReportColumns };

export const incidentRange = { from: 'raisedFrom', to: 'raisedTo' };
export const incidentReportQuery = reportQuery(incidentType, incidentRange, incidentStatuses, incidentReportColumns);
export type IncidentReportQuery = z.infer<typeof incidentReportQuery>;
export const incidentReport = reportRoute('/reports/incidents', 'reportIncidents', 'incidents', incidentReportQuery);
