import { type Clock, systemClock } from '#shared/clock';
import { ConflictError, ForbiddenError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import type { ExternalUserView } from '../external-users/external-user.schema';
import { requireExternalUser, view } from '../external-users/external-user-service';
import { isAdminRole } from '../staff/permissions/roles';
import { readMe } from '../staff/staff-service';
import { resetDeliverability } from './deliverability-repository';

/**
 * An admin's reset of an external user's bounced or complained address, for a mailbox they know
 * is fixed (DLV-3): `deliverability` becomes `deliverable` with who and when, so the send path
 * sends again; the stream consumer audits it (`deliverability_reset`). 403 for non-admin roles,
 * 404 for an external user not of the account, 409 NOT_UNDELIVERABLE when nothing is to reset.
 * A new address is a new external user, as before (docs/operations.md).
 */
export async function resetExternalUserDeliverability(
  caller: StaffCaller,
  externalUserId: string,
  clock: Clock = systemClock,
): Promise<ExternalUserView> {
  const actor = await readMe(caller);
  if (!isAdminRole(actor.role)) {
    throw new ForbiddenError('Managing external users needs an admin role', 'EXTERNAL_USERS_DENIED');
  }
  await requireExternalUser(caller.accountId, externalUserId);
  const now = clock();
  if (!(await resetDeliverability(caller.accountId, externalUserId, actor.id, now.toISOString()))) {
    throw new ConflictError(
      "This external user's address is not marked bounced or complained",
      undefined,
      'NOT_UNDELIVERABLE',
    );
  }
  return view(await requireExternalUser(caller.accountId, externalUserId), now);
}
