import type * as z from 'zod/mini';
import { incidentStatuses } from '../work/incidents/incident-statuses';
import { incidentType } from '../work/shared/item-types';
import {
  externalUserColumns,
  itemColumns,
  itemLocalColumns,
  localColumnOf,
  reportQuery,
  reportRoute,
} from './report.contract';

export const incidentReportColumns = [
  'id',
  'title',
  'status',
  'raisedAt',
  'severity',
  ...itemColumns,
  ...externalUserColumns,
  localColumnOf('raisedAt'),
  ...itemLocalColumns,
];
export const incidentRange = { from: 'raisedFrom', to: 'raisedTo' };
export const incidentReportQuery = reportQuery(incidentType, incidentRange, incidentStatuses, incidentReportColumns);
export type IncidentReportQuery = z.infer<typeof incidentReportQuery>;
export const incidentReport = reportRoute('/reports/incidents', 'reportIncidents', 'incidents', incidentReportQuery);
