import { type Clock, systemClock } from '#shared/clock';
import { ConflictError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import type { StaffUser } from '../staff/staff.contract';
import { createUser } from '../staff/staff-lifecycle';
import { requireUserSettings } from '../staff/staff-service';
import type { ExternalUser, ExternalUserView, PromoteExternalUserBody } from './external-user.contract';
import { accessFanOutOf, replaceExternalUserWrites, staleExternalUser } from './external-user-repository';
import { refusePromoted, requireExternalUser, staleVersion, view } from './external-user-service';

/**
 * Promotes an external user to Employee (user settings access, as creating a staff user): the
 * staff user (same name and e-mail, the chosen role, permissions and departments; Cognito e-mails
 * the invitation) and the external record marked promoted are written in one transaction, so the
 * record's assignments and history stay linked to it and it can no longer use the portal.
 */
export async function promoteExternalUser(
  caller: StaffCaller,
  externalUserId: string,
  body: PromoteExternalUserBody,
  clock: Clock = systemClock,
): Promise<{ externalUser: ExternalUserView; staffUser: StaffUser }> {
  const [, current] = await Promise.all([
    requireUserSettings(caller),
    requireExternalUser(caller.accountId, externalUserId),
  ]);
  refusePromoted(current);
  const now = clock();
  if (body.version !== current.version) throw staleVersion(current, now);
  const promotedTo = (user: StaffUser): ExternalUser => ({
    ...current,
    status: 'promoted',
    promotedToUserId: user.id,
    version: current.version + 1,
    updatedBy: caller.userId,
    updatedAt: now.toISOString(),
  });
  // The user's access records say promoted in the same transaction (ACS-3): their id is not known
  // before the staff user is made, and only the status is copied.
  const promotedSlice = { ...current, status: 'promoted' as const };
  const fanOut = await accessFanOutOf(caller.accountId, current, promotedSlice, 10);
  const staffUser = await createUser(
    caller,
    {
      email: current.email,
      givenName: current.givenName,
      familyName: current.familyName,
      role: body.role,
      ...(body.departmentIds ? { departmentIds: body.departmentIds } : {}),
      ...(body.permissions ? { permissions: body.permissions } : {}),
    },
    clock,
    (user) => ({
      writes: [...replaceExternalUserWrites(caller.accountId, current, promotedTo(user)), ...fanOut.first],
      refused: (failed) => staleExternalUser(failed) ?? new ConflictError('The external user changed meanwhile'),
    }),
  );
  await fanOut.finish();
  return { externalUser: view(promotedTo(staffUser), now), staffUser };
}
