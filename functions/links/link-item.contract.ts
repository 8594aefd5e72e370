import * as z from 'zod/mini';
import { component, defineRoute } from '#shared/contract';
import { linkHeaders } from './link.contract';

/*
 * Its own module, so the portal item functions, which import the link state's schema, do not
 * carry this route's contract.
 */

/** The item a link is for, answered only to the external user the link belongs to. */
export const linkItemSchema = component('LinkItem', z.object({ type: z.enum(['job', 'incident']), id: z.string() }));
export type LinkItem = z.infer<typeof linkItemSchema>;

export const getLinkItem = defineRoute({
  method: 'GET',
  path: '/portal/links/item',
  auth: 'portal',
  operationId: 'getPortalLinkItem',
  summary:
    "The item of the link in x-link-token, when the link is the verified external user's own and gives access now: a browser verified by one link opens the person's other links without a new code. Any other link (someone else's, revoked, superseded, unknown) answers the same 403 ACCESS_REVOKED; 401 VERIFICATION_EXPIRED 24 hours after the code",
  tags: ['portal'],
  headers: linkHeaders,
  responses: { 200: { description: "The link's item", schema: linkItemSchema } },
});
