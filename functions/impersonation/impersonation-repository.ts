import type { ImpersonationSession } from '#shared/data/impersonation-sessions';
import { impersonationGrant, impersonationSession } from '#shared/data/keys';
import {
  deleteWhen,
  itemAbsent,
  putIf,
  putNew,
  transact,
  type UpdateItem,
  updateIf,
  updateWhen,
} from '#shared/data/table';
import { ConflictError } from '#shared/errors';
import type { ImpersonationGrant } from '../portal-sign-in/impersonation-grant-repository';

/** A grant no trigger accepts after a minute; TTL removes one that a failed start left behind. */
const GRANT_TTL_SECONDS = 10 * 60;
/** A session record stays a day after its end, then TTL removes it (its entries stay on the trail). */
const SESSION_TTL_SECONDS = 24 * 60 * 60;

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** One PutItem (`attribute_not_exists`): the one-time grant the CUSTOM_AUTH triggers accept (IMPS-1). */
export async function writeGrant(grant: ImpersonationGrant, now: Date): Promise<void> {
  const written = await putIf(
    {
      ...impersonationGrant(grant.accountId, grant.grantId),
      ...grant,
      expiresAt: Math.floor(now.getTime() / 1000) + GRANT_TTL_SECONDS,
    },
    itemAbsent,
  );
  if (!written) throw new ConflictError('The impersonation could not be started; try again');
}

/**
 * One TransactWriteItems: the grant is used up (deleted, condition: it exists) and the session
 * written (condition: new), so a grant starts one session at most, and the session's INSERT is
 * the audit trail's `impersonation_started` (IMPS-2).
 */
export async function startSession(session: Omit<ImpersonationSession, 'version'>, grantId: string): Promise<void> {
  await transact(
    [
      {
        name: 'grant',
        write: deleteWhen(impersonationGrant(session.accountId, grantId), {
          expression: 'attribute_exists(#grantId)',
          names: { '#grantId': 'grantId' },
        }),
      },
      {
        name: 'session',
        write: putNew({
          ...impersonationSession(session.accountId, session.sessionId),
          ...session,
          version: 1,
          expiresAt: epochSeconds(session.endsAt) + SESSION_TTL_SECONDS,
        }),
      },
    ],
    'The impersonation could not be started; try again',
  );
}

/** One conditional UpdateItem (`status = active`): the session stops; its MODIFY is `impersonation_stopped`. */
export function stopSession(accountId: string, sessionId: string, now: Date): Promise<boolean> {
  const write = updateWhen(
    impersonationSession(accountId, sessionId),
    { status: 'stopped', stoppedAt: now.toISOString() },
    { expression: '#status = :active', names: { '#status': 'status' }, values: { ':active': 'active' } },
  );
  return updateIf(write as UpdateItem);
}
