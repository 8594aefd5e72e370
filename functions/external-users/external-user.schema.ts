import * as z from 'zod/mini';
import { component, docs, documented, idSchema, versionNumber } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';
import { deliverabilitySchema, personName } from '../staff/staff-user.schema';

// The external user's schemas apart from their routes (external-user.contract.ts), so assignments,
// job categories and the portal bundle them without every route definition.

/** An external user's stored status; `promoted` ones became staff users and no longer use the portal. */
export const externalUserStatuses = ['active', 'disabled', 'promoted'] as const;

export const dateTime = /* @__PURE__ */ documented(
  /* @__PURE__ */ lazySchema(() => z.iso.datetime({ offset: true })),
  docs && { example: '2027-03-31T23:59:59Z' },
);
export const version = /* @__PURE__ */ documented(
  /* @__PURE__ */ lazySchema(() => versionNumber()),
  docs && {
    description: 'The version you read; a stale one answers 409',
  },
);
/** E-mail addresses are compared and stored in lower case: one external user per address and account. */
const email = /* @__PURE__ */ lazySchema(() => z.email().check(z.maxLength(254), z.toLowerCase()));

/** An external user as stored and as the API shows it. */
export const externalUserSchema = /* @__PURE__ */ component(
  'ExternalUser',
  /* @__PURE__ */ lazySchema(() =>
    z.object({
      id: z.string(),
      givenName: z.string(),
      familyName: z.string(),
      /** Lower case; cannot change after creation. */
      email: z.string(),
      status: z.enum(externalUserStatuses),
      /** From then on they cannot sign in and every link answers "no longer have access". */
      autoDisableAt: z.optional(z.string()),
      /** The staff user this external user became. */
      promotedToUserId: z.optional(z.string()),
      /** Whether e-mail reaches their address: set by SES's bounce and complaint reports. */
      deliverability: deliverabilitySchema,
      version: z.int(),
      createdBy: z.string(),
      createdAt: z.string(),
      updatedBy: z.string(),
      updatedAt: z.string(),
    }),
  ),
);
export type ExternalUser = z.infer<typeof externalUserSchema>;

/** What the API answers: the record and whether it grants portal access right now. */
export const externalUserViewSchema = /* @__PURE__ */ component(
  'ExternalUserView',
  /* @__PURE__ */ lazySchema(() =>
    z.extend(externalUserSchema, {
      /** Active and not past the auto-disable date: links and sign-in work. */
      hasAccess: z.boolean(),
    }),
  ),
);
export type ExternalUserView = z.infer<typeof externalUserViewSchema>;

export const newExternalUserBody = /* @__PURE__ */ component(
  'NewExternalUser',
  /* @__PURE__ */ lazySchema(() =>
    z.strictObject({
      givenName: personName,
      familyName: personName,
      email,
      autoDisableAt: z.optional(dateTime),
    }),
  ),
);
export type NewExternalUserBody = z.infer<typeof newExternalUserBody>;

/** The most external users one job or incident can have assigned at once. */
export const maxAssignees = 20;

/** Who to assign: an existing external user by id, or a new one by name and address (an existing one with that address is reused). */
export const externalUserRefSchema = /* @__PURE__ */ component(
  'ExternalUserRef',
  /* @__PURE__ */ lazySchema(() => z.union([z.strictObject({ id: idSchema }), newExternalUserBody])),
);
export type ExternalUserRef = z.infer<typeof externalUserRefSchema>;

/** The `externalUsers` field of job and incident writes: the whole set of assignees. */
export const externalUsersField = /* @__PURE__ */ documented(
  /* @__PURE__ */ lazySchema(() =>
    z.array(externalUserRefSchema).check(z.maxLength(maxAssignees, `at most ${maxAssignees} external users`)),
  ),
  docs && {
    description:
      'The external users assigned (the whole set): each an existing one ({ id }) or a new one by name and address; an existing external user with that address is reused',
  },
);
