import * as z from 'zod/mini';
import { component, defineRoute, documented } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';
import { linkTokenPattern } from './link-token';

/** What a link gives access to now. */
export const linkStates = ['open', 'completed', 'past_due', 'revoked'] as const;
export type LinkStateName = (typeof linkStates)[number];

/**
 * The answer about a link: its access state and the item's type, nothing more (no details before
 * sign-in). An unknown or superseded link answers exactly like a revoked one.
 */
export const linkStateSchema = component(
  'LinkState',
  lazySchema(() =>
    z.object({
      state: z.enum(linkStates),
      /** The type of the item the link is for; null when the link gives no access (revoked). */
      itemType: z.nullable(z.enum(['job', 'incident'])),
      /** What the portal shows, e.g. "Job completed", "Job past due date", "No longer have access". */
      message: z.string(),
    }),
  ),
);
export type LinkState = z.infer<typeof linkStateSchema>;

/**
 * The link's token travels in a header: the e-mailed link keeps it in the URL fragment, and a
 * token in a request's URL would reach access logs (docs/security.md R8, R11).
 */
const linkTokenHeader = documented(
  lazySchema(() => z.string().check(z.regex(linkTokenPattern, 'must be the 43-character token from the link'))),
  { description: 'The token from the e-mailed link (the part after `#/l/`)' },
);
export const linkHeaders = lazySchema(() => z.object({ 'x-link-token': linkTokenHeader }));

/** The link token where a route also signs in without a link (the body then names account and address). */
export const optionalLinkHeaders = lazySchema(() => z.object({ 'x-link-token': z.optional(linkTokenHeader) }));

export const getLinkState = defineRoute({
  method: 'GET',
  path: '/links/state',
  auth: 'none',
  operationId: 'getLinkState',
  summary:
    'The access state of an e-mailed link (open, completed, past_due or revoked) and its item type; no sign-in, no side effects',
  tags: ['links'],
  headers: linkHeaders,
  responses: { 200: { description: 'The link state (unknown links answer revoked)', schema: linkStateSchema } },
});

export const headLinkState = defineRoute({
  method: 'HEAD',
  path: '/links/state',
  auth: 'none',
  operationId: 'headLinkState',
  summary: 'As GET, without a body and without reading anything: mail scanners that probe links change nothing',
  tags: ['links'],
  headers: linkHeaders,
  responses: { 200: { description: 'The headers GET would answer with' } },
});
