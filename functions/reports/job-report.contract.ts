import type * as z from 'zod/mini';
import { jobStatuses } from '../work/jobs/job-statuses';
import { jobType } from '../work/shared/item-types';
import { reportQuery, reportRoute } from './report.contract';
import { jobReportColumns } from './report-column-names';

export { jobReportColumns };

export const jobRange = { from: 'dueFrom', to: 'dueTo' };
export const jobReportQuery = reportQuery(jobType, jobRange, jobStatuses, jobReportColumns);
export type JobReportQuery = z.infer<typeof jobReportQuery>;
export const jobReport = reportRoute('/reports/jobs', 'reportJobs', 'jobs', jobReportQuery);
