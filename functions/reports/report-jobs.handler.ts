import { httpHandler, ok } from '#shared/http';
import { jobRange, jobReportColumns, jobReport as route } from './job-report.contract';
import { report } from './report-service';

const spec = { type: 'job', rangeFields: jobRange, columns: jobReportColumns } as const;

export const handler = httpHandler(route, async ({ caller, query }) => ok(await report(spec, caller, query)));
