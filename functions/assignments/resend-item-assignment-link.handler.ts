import { accepted, itemHandler } from '#shared/http';
import { resendLinkRoutes } from './assignment.contract';
import { resendLink } from './assignment-service';

export const handler = itemHandler(resendLinkRoutes, async ({ caller, item, params }) =>
  accepted(await resendLink(item.type, caller, item.id, params.externalUserId)),
);
