import * as z from 'zod/mini';
import { component, defineRoute, documented, versionNumber } from '#shared/contract';

/** The most characters a version of the terms may have. */
export const maxTermsLength = 20_000;

/** One published version of an account's Terms & Conditions. */
export const termsSchema = component(
  'Terms',
  z.object({
    /** 1, 2, 3 …: each publication is the next number. */
    version: z.int(),
    text: z.string(),
    publishedAt: z.string(),
    /** The staff user who published it. */
    publishedBy: z.string(),
  }),
);
export type Terms = z.infer<typeof termsSchema>;

export const termsPageSchema = component(
  'TermsPage',
  z.object({ items: z.array(termsSchema), cursor: z.optional(z.string()) }),
);

export const publishTermsBody = component(
  'PublishTermsBody',
  z.strictObject({
    text: documented(
      z
        .string()
        .check(
          z.trim(),
          z.minLength(1, 'must not be empty'),
          z.maxLength(maxTermsLength, `must be at most ${maxTermsLength} characters`),
        ),
      { description: 'The terms external users must accept, as plain text (paragraphs separated by blank lines)' },
    ),
    currentVersion: documented(z.optional(versionNumber(0)), {
      description:
        'The version you read as current (0 when there is none); when given and stale, 409 and nothing is published',
    }),
  }),
);
export type PublishTermsBody = z.infer<typeof publishTermsBody>;

export const listTermsQuery = z.strictObject({
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});
export type ListTermsQuery = z.infer<typeof listTermsQuery>;

export const acceptTermsBody = component(
  'AcceptTermsBody',
  z.strictObject({
    version: documented(versionNumber(), { description: 'The version of the terms shown and accepted' }),
  }),
);

export const termsAcceptanceSchema = component(
  'TermsAcceptance',
  z.object({ version: z.int(), acceptedAt: z.string() }),
);

const tags = ['terms'];

export const listTerms = defineRoute({
  method: 'GET',
  path: '/account/terms',
  auth: 'staff',
  operationId: 'listTerms',
  summary: "The account's Terms & Conditions, newest version first; every version is kept",
  tags,
  query: listTermsQuery,
  responses: { 200: { description: 'A page of versions', schema: termsPageSchema } },
});

export const publishTerms = defineRoute({
  method: 'POST',
  path: '/account/terms',
  auth: 'staff',
  operationId: 'publishTerms',
  summary:
    'Publish a new version of the terms (admin roles): external users must accept it before they see their items again',
  tags,
  body: publishTermsBody,
  maxBodyBytes: 128 * 1024,
  responses: { 201: { description: 'The new current version', schema: termsSchema } },
});

export const acceptTerms = defineRoute({
  method: 'POST',
  path: '/portal/terms/acceptance',
  auth: 'portal',
  operationId: 'acceptTerms',
  summary:
    "The external user accepts this version of their account's terms (recorded with time, IP address and user agent)",
  tags: ['portal'],
  body: acceptTermsBody,
  responses: { 200: { description: 'Accepted', schema: termsAcceptanceSchema } },
});
