import { httpHandler, ok } from '#shared/http';
import { updateRiskAssessment as route } from './risk-assessment.contract';
import { updateRiskAssessment } from './risk-assessment-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateRiskAssessment(caller, params.riskAssessmentId, body)),
);
