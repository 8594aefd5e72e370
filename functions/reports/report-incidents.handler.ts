import { httpHandler, ok } from '#shared/http';
import { incidentRange, incidentReportColumns, incidentReport as route } from './incident-report.contract';
import { report } from './report-service';

const spec = {
  type: 'incident',
  rangeFields: incidentRange,
  columns: incidentReportColumns,
  file: 'incidents',
} as const;

export const handler = httpHandler(route, async ({ caller, query }) => ok(await report(spec, caller, query)));
