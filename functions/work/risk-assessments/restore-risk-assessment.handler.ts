import { httpHandler, ok } from '#shared/http';
import { restoreRiskAssessment as route } from './risk-assessment.contract';
import { restoreRiskAssessment } from './risk-assessment-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await restoreRiskAssessment(caller, params.riskAssessmentId)),
);
