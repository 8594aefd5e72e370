import { created, httpHandler } from '#shared/http';
import { createRiskAssessment as route } from './risk-assessment.contract';
import { createRiskAssessment } from './risk-assessment-service';

export const handler = httpHandler(route, async ({ caller, body }) =>
  created(await createRiskAssessment(caller, body)),
);
