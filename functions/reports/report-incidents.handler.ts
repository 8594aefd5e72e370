import { httpHandler } from '#shared/http';
import { incidentRange, incidentReportColumns, incidentReport as route } from './incident-report.contract';
import { report } from './report-service';

const spec = {
  type: 'incident',
  rangeFields: incidentRange,
  columns: incidentReportColumns,
  file: 'incidents',
} as const;

export const handler = httpHandler(route, ({ caller, query }) => report(spec, caller, query));
