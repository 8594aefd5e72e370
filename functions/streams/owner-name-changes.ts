import { accountIdOf } from '#shared/data/keys';
import type { StreamChange } from '#shared/stream-change';
import { refreshOwnerNames } from '../work/shared/owner-names';
import type { StreamRecordProcessor } from './process-stream-batch';

/** The account and staff user of a change that renamed a staff user; undefined for any other change. */
function renamed(change: StreamChange) {
  if (change.eventName !== 'MODIFY' || change.entity !== 'StaffUser') return undefined;
  const before = change.oldImage ?? {};
  const after = change.newImage ?? {};
  if (before.givenName === after.givenName && before.familyName === after.familyName) return undefined;
  const accountId = accountIdOf(change.keys.pk);
  return accountId && typeof after.id === 'string' ? { accountId, staffUserId: after.id } : undefined;
}

/**
 * Jobs and incidents keep their owners' names (the portal shows them without reading staff
 * users): when a staff user is renamed, the items they own get the new name. Idempotent (R19):
 * an item already showing the name is not written again.
 */
export const ownerNameChanges: StreamRecordProcessor = {
  name: 'ownerNameChanges',
  handles: (change) => renamed(change) !== undefined,
  async process(change) {
    const rename = renamed(change);
    if (!rename) return;
    await refreshOwnerNames('job', rename.accountId, rename.staffUserId);
    await refreshOwnerNames('incident', rename.accountId, rename.staffUserId);
  },
};
