import { createHash } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { ConflictError, NotFoundError } from '#shared/errors';
import { writeClientAccess } from '../clients/client-access-write-repository';
import type { ClientAccess } from '../external-users/client-access';
import { findClientAccess } from '../external-users/client-access-repository';
import { findUnsubscribeToken } from './client-report-repository';

const attempts = 3;

/**
 * Unsubscribes the contact of a report e-mail's token from that access's reports (CRP-5): the
 * token's record (404 `UNSUBSCRIBE_LINK_NOT_FOUND` for an unknown, altered or expired one, as
 * for any other), then the client access record changed as the staff routes change it (CLA-2,
 * one transaction at its version, which also deletes the subscription row), with the contact as
 * the one who changed it, so the audit trail files `client_reports_unsubscribed` under them. A
 * change by someone else at the same moment is read again and tried again. Unsubscribing twice
 * answers the same.
 */
export async function unsubscribe(token: string, clock: Clock = systemClock): Promise<{ unsubscribed: true }> {
  const now = clock();
  const found = await findUnsubscribeToken(createHash('sha256').update(token).digest('hex'), now);
  if (!found) throw new NotFoundError('This unsubscribe link is not valid', 'UNSUBSCRIBE_LINK_NOT_FOUND');
  const { accountId, externalUserId, accessId } = found;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const record = await findClientAccess(accountId, externalUserId);
    const access = record?.accesses.find((a) => a.id === accessId);
    if (!record || !access || (access.reportFrequency ?? 'off') === 'off') return { unsubscribed: true };
    const at = now.toISOString();
    const { reportSince: _since, ...rest } = access;
    const next: ClientAccess = {
      ...record,
      accesses: record.accesses.map((a) =>
        a.id === accessId
          ? { ...rest, reportFrequency: 'off', reportUnsubscribedAt: at, updatedAt: at, updatedBy: externalUserId }
          : a,
      ),
      version: record.version + 1,
      updatedAt: at,
      updatedBy: externalUserId,
    };
    const refusal = await writeClientAccess(accountId, record, next, { checkUser: false });
    if (!refusal) return { unsubscribed: true };
  }
  // Changed by others three times over: say so rather than pretend.
  throw new ConflictError(
    'This unsubscribe link could not be used just now; try again',
    undefined,
    'UNSUBSCRIBE_RETRY',
  );
}
