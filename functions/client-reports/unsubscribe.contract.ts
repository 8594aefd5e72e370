import * as z from 'zod/mini';
import { component, defineRoute, documented } from '#shared/contract';

/** The token of a report e-mail's unsubscribe link: 32 random bytes, base64url. */
export const unsubscribeTokenPattern = /^[A-Za-z0-9_-]{43}$/;

export const unsubscribedSchema = component(
  'ReportUnsubscribed',
  z.object({
    /** Always true: the contact gets no more report e-mails of this access (also when they had none left). */
    unsubscribed: z.boolean(),
  }),
);

export const unsubscribeClientReports = defineRoute({
  method: 'POST',
  path: '/client-reports/unsubscribe/{token}',
  auth: 'none',
  operationId: 'unsubscribeClientReports',
  summary:
    "Stop a client contact's report e-mails from the link in one of them; no sign-in. POST only (RFC 8058 one-click, or the portal's confirm page): a GET never changes anything",
  tags: ['client reports'],
  params: z.strictObject({
    token: documented(
      z.string().check(z.regex(unsubscribeTokenPattern, 'must be the 43-character token from the e-mail')),
      {
        description: "The token from the e-mail's unsubscribe link",
      },
    ),
  }),
  responses: {
    200: { description: 'Unsubscribed', schema: unsubscribedSchema },
    404: { description: 'No such link (a made-up, altered or expired token)' },
  },
});
