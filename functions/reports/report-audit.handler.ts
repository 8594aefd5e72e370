import { httpHandler, ok } from '#shared/http';
import { auditReport as route } from './audit-report.contract';
import { auditReport } from './audit-report-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await auditReport(caller, query)));
