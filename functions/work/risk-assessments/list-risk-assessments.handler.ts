import { httpHandler, ok } from '#shared/http';
import { listRiskAssessments as route } from './risk-assessment.contract';
import { listRiskAssessments } from './risk-assessment-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listRiskAssessments(caller, query)));
