import { ForbiddenError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { settingsAccess } from '../staff/permissions/roles';
import type { StaffUser } from '../staff/staff.contract';
import { readMe } from '../staff/staff-service';

/**
 * The caller, if their role opens "other settings" (Account Admin, User Admin, Admin: seed 003);
 * else 403 SETTINGS_DENIED. External views, external roles and client access are such settings,
 * read and changed alike: what a client may see is the admins' business only.
 */
export async function requireOtherSettings(caller: StaffCaller): Promise<StaffUser> {
  const me = await readMe(caller);
  if (!settingsAccess(me.role).other) {
    throw new ForbiddenError('External views, roles and client access need settings access', 'SETTINGS_DENIED');
  }
  return me;
}

/**
 * The caller (as `requireOtherSettings`) and what `read` reads, in parallel; a caller without
 * settings access gets 403 whatever the read found, so a refusal says nothing about what exists.
 */
export async function withSettings<T>(caller: StaffCaller, read: Promise<T>): Promise<[StaffUser, T]> {
  const [me, value] = await Promise.allSettled([requireOtherSettings(caller), read]);
  if (me.status === 'rejected') throw me.reason;
  if (value.status === 'rejected') throw value.reason;
  return [me.value, value.value];
}
