import * as z from 'zod/mini';
import { component } from '#shared/contract';

// The assignment as stored and shown, apart from its routes (assignment.contract.ts), so the
// item writes and the stream consumer that read or write assignments build no route.

/** An assignment's state: active (the external user works on the item) or revoked. */
export const assignmentStatuses = ['active', 'revoked'] as const;

/** Where the e-mail with an assignment's current link is. */
/**
 * Where the e-mail with an assignment's current link is. `bounced` and `complained`: SES reported
 * a hard bounce or a complaint for it, or the send path refused it because the address had before.
 */
export const emailStatuses = ['pending', 'sent', 'failed', 'bounced', 'complained'] as const;

/** One record per (item, external user), kept when revoked; re-adding reactivates it. */
export const assignmentSchema = /* @__PURE__ */ component(
  'Assignment',
  /* @__PURE__ */ z.object({
    itemType: z.enum(['job', 'incident']),
    itemId: z.string(),
    externalUserId: z.string(),
    /** The external user's name and address when assigned (as the e-mail will show them). */
    givenName: z.string(),
    familyName: z.string(),
    email: z.string(),
    status: z.enum(assignmentStatuses),
    assignedBy: z.string(),
    assignedAt: z.string(),
    revokedBy: z.optional(z.string()),
    revokedAt: z.optional(z.string()),
    revokedReason: z.optional(z.string()),
    /**
     * The e-mail with the current link: `pending` until the stream consumer sends it, `sent`, or
     * `failed` (SES refused it after retries; the stream record is dead-lettered, and "resend
     * link" tries again with a new link), `bounced` or `complained` (the address hard-bounced or
     * its owner marked the e-mail as spam: no more e-mail goes to it until staff correct it).
     */
    emailStatus: z.optional(z.enum(emailStatuses)),
    emailSentAt: z.optional(z.string()),
    emailFailedAt: z.optional(z.string()),
    /** Why the last attempt failed (SES's error name), while `emailStatus` is `failed`. */
    emailError: z.optional(z.string()),
    /** When SES reported the bounce or complaint of the link's e-mail. */
    emailUndeliverableAt: z.optional(z.string()),
    /** When the current link was made; each new link invalidates the one before. */
    linkIssuedAt: z.optional(z.string()),
    /** Who asked for the current link (the assigner, or whoever resent it) and when. */
    linkRequestedBy: z.optional(z.string()),
    linkRequestedAt: z.optional(z.string()),
    version: z.int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type Assignment = z.infer<typeof assignmentSchema>;
