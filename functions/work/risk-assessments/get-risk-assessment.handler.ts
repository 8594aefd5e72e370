import { httpHandler, ok } from '#shared/http';
import { getRiskAssessment as route } from './risk-assessment.contract';
import { getRiskAssessment } from './risk-assessment-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await getRiskAssessment(caller, params.riskAssessmentId)),
);
