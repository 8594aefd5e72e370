import { accepted, itemHandler } from '#shared/http';
import { assignmentRoutes } from './assignment.contract';
import { resendLink } from './assignment-service';

export const handler = itemHandler(assignmentRoutes.resendLink, async ({ caller, item, params }) =>
  accepted(await resendLink(item.type, caller, item.id, params.externalUserId)),
);
