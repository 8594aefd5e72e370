import * as z from 'zod/mini';
import { component, defineRoute, describedId, documented } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';
import { optionalLinkHeaders } from '../links/link.contract';

/** A code was sent (or, for a link that gives no access, seems to have been: R10). */
export const codeRequestedSchema = component(
  'CodeRequested',
  lazySchema(() =>
    z.object({
      /** Opaque; send it back with the code. */
      session: z.string(),
      /** Where the code went, masked: `j•••@e•••.com`. */
      sentTo: z.string(),
      codeLength: z.int(),
      expiresInSeconds: z.int(),
      /** Another code can be asked for after this long. */
      resendAfterSeconds: z.int(),
      attemptsRemaining: z.int(),
    }),
  ),
);
export type CodeRequested = z.infer<typeof codeRequestedSchema>;

/**
 * Sign-in without a link (a client contact's): the account and the address they were given client
 * access with, in place of the `x-link-token` header.
 */
const signInAddress = {
  account: describedId('The account (tenant) id the client portal is for'),
  email: documented(z.email().check(z.maxLength(254)), {
    description: 'The address the client access was given to (any case)',
    example: 'dana@dealer.example',
  }),
};

export const requestCodeBodySchema = component(
  'RequestCodeBody',
  lazySchema(() => z.strictObject(signInAddress)),
  {
    description: 'Sign-in without a link: send this body instead of the x-link-token header (exactly one of the two)',
  },
);

export const verifyCodeBodySchema = component(
  'VerifyCodeBody',
  lazySchema(() =>
    z.strictObject({
      account: z.optional(signInAddress.account),
      email: z.optional(signInAddress.email),
      // Cognito's own bounds for a session.
      session: documented(z.string().check(z.minLength(20), z.maxLength(2048)), {
        description: 'The session of the code request, or of the last wrong answer',
      }),
      code: documented(z.string().check(z.regex(/^\d{6}$/, 'must be the 6 digits from the e-mail')), {
        example: '042517',
      }),
    }),
  ),
);

/**
 * A verified browser: the ID token to send as `Authorization: Bearer` on portal routes. Neither
 * the access token (which would let the browser call Cognito's user APIs itself) nor the refresh
 * token (a refresh could not stretch the 24 hours anyway) leaves the backend.
 */
export const portalVerificationSchema = component(
  'PortalVerification',
  lazySchema(() =>
    z.object({
      idToken: z.string(),
      /** When the verification ends (24 hours after the code was accepted); then a new code is needed. */
      verifiedUntil: z.string(),
      /** The item the link is for; null for a sign-in without a link (by account and address). */
      item: z.nullable(z.object({ type: z.enum(['job', 'incident']), id: z.string() })),
    }),
  ),
);
export type PortalVerification = z.infer<typeof portalVerificationSchema>;

export const requestPortalCode = defineRoute({
  method: 'POST',
  path: '/portal/sign-in/code',
  auth: 'none',
  operationId: 'requestPortalCode',
  summary:
    "E-mails a one-time code for the link in x-link-token, or, without a link, for the body's account and address (exactly one of the two, else 400): at most one a minute and five an hour per external user. A link that gives no access, or an address without an active client access in that account, answers alike and sends nothing",
  tags: ['portal sign-in'],
  headers: optionalLinkHeaders,
  body: z.optional(requestCodeBodySchema),
  bodyOptional: true,
  maxBodyBytes: 4 * 1024,
  responses: {
    200: { description: 'The code is on its way', schema: codeRequestedSchema },
    409: {
      description:
        "EMAIL_UNDELIVERABLE (details: deliverability `bounced` or `complained`): the link's external user's address gets no e-mail until staff correct it; nothing was sent",
    },
    503: { description: 'CODE_NOT_SENT: SES refused or failed; ask again after Retry-After' },
  },
});

export const verifyPortalCode = defineRoute({
  method: 'POST',
  path: '/portal/sign-in/verify',
  auth: 'none',
  operationId: 'verifyPortalCode',
  summary:
    "Checks the code of the link in x-link-token, or of the body's account and address (exactly one of the two, as the code was asked for): tokens for 24 hours, or 401 CODE_INCORRECT with a new session and the attempts left, or 401 CODE_EXPIRED",
  tags: ['portal sign-in'],
  headers: optionalLinkHeaders,
  body: verifyCodeBodySchema,
  maxBodyBytes: 8 * 1024,
  responses: {
    200: { description: 'Verified for 24 hours', schema: portalVerificationSchema },
    401: {
      description:
        'CODE_INCORRECT (details: session for the next answer, attemptsRemaining) or CODE_EXPIRED (ask for a new code)',
    },
  },
});
