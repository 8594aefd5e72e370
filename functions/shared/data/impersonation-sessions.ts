import * as z from 'zod/mini';
import { impersonationSession } from './keys';
import { getItem, updateFields, updateIf } from './table';

/*
 * The impersonation session (IMP-2) as the HTTP pipeline needs it on every request of an
 * impersonation token: is the session still on, and who is the staff user behind it; and, after
 * each page read, the note the audit trail files as "viewed by the staff user on behalf of the
 * external user". The impersonation capability writes the session; the pipeline, below every
 * capability, only reads it and notes views, so these two live with the data layer.
 */

export const impersonationSessionSchema = z.object({
  entity: z.literal('ImpersonationSession'),
  accountId: z.string(),
  sessionId: z.string(),
  externalUserId: z.string(),
  staffUserId: z.string(),
  status: z.enum(['active', 'stopped']),
  startedAt: z.string(),
  /** When the session's token expires: no request is served after it. */
  endsAt: z.string(),
  stoppedAt: z.optional(z.string()),
  /** The last page read through the session (the audit trail's "viewed as"). */
  lastView: z.optional(z.object({ route: z.string(), target: z.record(z.string(), z.string()), at: z.string() })),
  views: z.optional(z.int()),
  version: z.int(),
});
export type ImpersonationSession = z.infer<typeof impersonationSessionSchema>;

/** One GetItem: the session, if it exists. */
export function readImpersonationSession(
  accountId: string,
  sessionId: string,
): Promise<ImpersonationSession | undefined> {
  return getItem(impersonationSession(accountId, sessionId), impersonationSessionSchema);
}

/**
 * One UpdateItem: notes a page read through an active session (route, path ids, time), which the
 * stream consumer files as `impersonation_viewed` by the staff user about the external user.
 * Nothing of the external user's own records changes, so their last portal activity stays theirs.
 */
export function noteImpersonatedView(
  accountId: string,
  sessionId: string,
  view: { route: string; target: Record<string, string>; at: string },
): Promise<boolean> {
  return updateIf(
    updateFields(impersonationSession(accountId, sessionId), {
      set: { lastView: view },
      add: { views: 1 },
      condition: { expression: '#status = :active', names: { '#status': 'status' }, values: { ':active': 'active' } },
    }),
  );
}
