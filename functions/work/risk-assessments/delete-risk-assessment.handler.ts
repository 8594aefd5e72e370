import { httpHandler, noContent } from '#shared/http';
import { deleteRiskAssessment as route } from './risk-assessment.contract';
import { deleteRiskAssessment } from './risk-assessment-service';

export const handler = httpHandler(route, async ({ caller, params }) => {
  await deleteRiskAssessment(caller, params.riskAssessmentId);
  return noContent();
});
