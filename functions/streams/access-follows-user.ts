import { accountIdOf } from '#shared/data/keys';
import type { StreamChange } from '#shared/stream-change';
import { findAssignedItemsOf, followUser, sameUserFacts } from '../external-users/item-access-repository';
import type { StreamRecordProcessor } from './process-stream-batch';

/** The external user's new facts, when a change altered their status or auto-disable date. */
function changedUser(change: StreamChange) {
  if (change.eventName !== 'MODIFY' || change.entity !== 'ExternalUser') return undefined;
  const facts = (image: Record<string, unknown> | undefined) => ({
    status: typeof image?.status === 'string' ? image.status : '',
    ...(typeof image?.autoDisableAt === 'string' ? { autoDisableAt: image.autoDisableAt } : {}),
  });
  const before = facts(change.oldImage);
  const after = facts(change.newImage);
  const accountId = accountIdOf(change.keys.pk);
  const { id, version } = change.newImage ?? {};
  if (sameUserFacts(before, after) || !accountId || typeof id !== 'string' || typeof version !== 'number') {
    return undefined;
  }
  return { accountId, externalUserId: id, user: { ...after, version } };
}

/**
 * The second pass of an external user's access records (ACS-3): the change that disabled,
 * enabled, promoted or re-dated them wrote their records in its own transaction, from the
 * assignments' index as it stood; here, once the index has caught up, every record of theirs that
 * holds facts of an older version of the user gets the new ones (an assignment made in the same
 * instant as the change included). A late or replayed record never undoes a newer change: each
 * write holds only where the record's `userVersion` is older (R19).
 */
export const accessFollowsUser: StreamRecordProcessor = {
  name: 'accessFollowsUser',
  handles: (change) => changedUser(change) !== undefined,
  async process(change) {
    const changed = changedUser(change);
    if (!changed) return;
    const { accountId, externalUserId, user } = changed;
    for (const item of await findAssignedItemsOf(accountId, externalUserId)) {
      await followUser({ type: item.type, accountId, itemId: item.itemId, externalUserId }, user);
    }
  },
};
