import type { RouteBinding } from '#shared/routing';
import { auditReport } from './audit-report.contract';
import { incidentReport } from './incident-report.contract';
import { jobReport } from './job-report.contract';

/** The HTTP routes of functions/reports/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: jobReport, entry: 'functions/reports/report-jobs.handler.ts' },
  { contract: incidentReport, entry: 'functions/reports/report-incidents.handler.ts' },
  { contract: auditReport, entry: 'functions/reports/report-audit.handler.ts' },
];
