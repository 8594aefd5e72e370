import { httpHandler } from '#shared/http';
import { jobReport as route } from './report.contract';
import { report } from './report-service';

export const handler = httpHandler(route, ({ caller, query }) => report('job', caller, query));
