import { httpHandler } from '#shared/http';
import { incidentReport as route } from './report.contract';
import { report } from './report-service';

export const handler = httpHandler(route, ({ caller, query }) => report('incident', caller, query));
