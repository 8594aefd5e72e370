import * as z from 'zod/mini';
import { systemClock } from '../clock';
import { UnauthorizedError } from '../errors';
import type { HttpEvent, PortalCaller } from '../http';
import { impersonationSession } from './keys';
import { getItem, updateFields, updateIf } from './table';

/*
 * The impersonation session (IMPS-2) as the HTTP pipeline needs it on every request of an
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

/**
 * What the HTTP pipeline is given by the portal routes an impersonation session may call
 * (`httpHandler(contract, run, { impersonation: impersonationSessions })`, decision 0006).
 */
export const impersonationSessions = {
  /**
   * Before the route runs: the session must still be on, for this external user and before its end
   * (one GetItem; 401 IMPERSONATION_ENDED otherwise, whatever the token says, R12); it names the
   * staff user behind it.
   */
  async check(caller: PortalCaller): Promise<void> {
    const impersonation = caller.impersonation;
    if (!impersonation) return;
    const session = await readImpersonationSession(caller.accountId, impersonation.sessionId);
    if (
      session?.status !== 'active' ||
      session.externalUserId !== caller.externalUserId ||
      session.endsAt <= systemClock().toISOString()
    ) {
      throw new UnauthorizedError('This impersonation has ended: start a new one', 'IMPERSONATION_ENDED');
    }
    impersonation.staffUserId = session.staffUserId;
  },
  /** After a page answered 2xx: noted on the session for the audit trail, as the staff user's (a read route only). */
  async noted(route: string, event: HttpEvent, caller: PortalCaller): Promise<void> {
    if (!caller.impersonation || !/^(GET|HEAD) /.test(route)) return;
    const target = Object.fromEntries(
      Object.entries(event.pathParameters ?? {}).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, value.slice(0, 128)]],
      ),
    );
    await noteImpersonatedView(caller.accountId, caller.impersonation.sessionId, {
      route,
      target,
      at: systemClock().toISOString(),
    });
  },
};
