import { accepted, httpHandler } from '#shared/http';
import { incidentAssignmentRoutes } from './assignment.contract';
import { resendLink } from './assignment-service';

export const handler = httpHandler(incidentAssignmentRoutes.resendLink, async ({ caller, params }) =>
  accepted(await resendLink('incident', caller, params.incidentId ?? '', params.externalUserId ?? '')),
);
