import * as z from 'zod/mini';
import { component, defineRoute, idSchema } from '#shared/contract';

const tags = ['impersonation'];

const startedSchema = component(
  'ImpersonationStarted',
  z.object({
    /** The portal ID token of the session: send it as the portal's bearer, as after a sign-in. */
    idToken: z.string(),
    sessionId: z.string(),
    /** When the session ends (the token's expiry; at most 30 minutes after the start). */
    expiresAt: z.string(),
    externalUser: z.object({ id: z.string(), givenName: z.string(), familyName: z.string() }),
    staffUserId: z.string(),
  }),
  {
    description:
      'A read-only portal session as the external user, bound to the staff user who started it (decision 0006)',
  },
);

export const startImpersonation = defineRoute({
  method: 'POST',
  path: '/external-users/{externalUserId}/impersonation',
  auth: 'staff',
  operationId: 'startImpersonation',
  summary:
    'View the portal as an external user (User Admin or Account Admin): a read-only portal session of at most 30 minutes, audited with both identities',
  tags,
  params: z.strictObject({ externalUserId: idSchema }),
  responses: { 201: { description: 'The session and its portal token', schema: startedSchema } },
});

export const stopImpersonation = defineRoute({
  method: 'DELETE',
  path: '/portal/impersonation',
  auth: 'portal',
  operationId: 'stopImpersonation',
  summary: 'Stop impersonating: ends the session of the impersonation token that calls it, audited',
  tags,
  allowedWhileImpersonating: true,
  responses: { 204: { description: 'The session is over; its token is refused from now on' } },
});
