import { httpHandler, ok } from '#shared/http';
import { archiveRiskAssessment as route } from './risk-assessment.contract';
import { archiveRiskAssessment } from './risk-assessment-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await archiveRiskAssessment(caller, params.riskAssessmentId)),
);
