import { httpHandler } from '#shared/http';
import { jobRange, jobReportColumns, jobReport as route } from './job-report.contract';
import { report } from './report-service';

const spec = { type: 'job', rangeFields: jobRange, columns: jobReportColumns, file: 'jobs' } as const;

export const handler = httpHandler(route, ({ caller, query }) => report(spec, caller, query));
