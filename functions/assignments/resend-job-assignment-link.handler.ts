import { accepted, httpHandler } from '#shared/http';
import { jobAssignmentRoutes } from './assignment.contract';
import { resendLink } from './assignment-service';

export const handler = httpHandler(jobAssignmentRoutes.resendLink, async ({ caller, params }) =>
  accepted(await resendLink('job', caller, params.jobId ?? '', params.externalUserId ?? '')),
);
