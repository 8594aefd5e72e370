import { type AssignableType, accountIdOf } from '#shared/data/keys';
import type { StreamChange } from '#shared/stream-change';
import { syncOwnerAssigneeRows } from '../work/shared/owner-assignee-rows-repository';
import type { StreamRecordProcessor } from './process-stream-batch';

const types: Record<string, AssignableType> = { Job: 'job', Incident: 'incident' };

const assigned = (image: Record<string, unknown> | undefined) =>
  Array.isArray(image?.externalUsers) && image.externalUsers.length > 0;

/** The job or incident a change is about, when either image has external users assigned. */
function itemOf(change: StreamChange) {
  const type = change.entity === undefined ? undefined : types[change.entity];
  if (!type || !(assigned(change.oldImage) || assigned(change.newImage))) return undefined;
  const accountId = accountIdOf(change.keys.pk);
  const id = (change.newImage ?? change.oldImage)?.id;
  return accountId && typeof id === 'string' ? { type, accountId, id } : undefined;
}

/**
 * WRK-8: a job or incident with external users assigned (now or before the change) gets its
 * (owner, external user) rows as it is now: the rows a caller who sees just their own items reads
 * when filtering by an external user (WRK-6). Reads the item rather than the image, so records
 * delivered late or again converge on the current state (R19).
 */
export const ownerAssigneeRows: StreamRecordProcessor = {
  name: 'ownerAssigneeRows',
  handles: (change) => itemOf(change) !== undefined,
  async process(change) {
    const item = itemOf(change);
    if (item) await syncOwnerAssigneeRows(item.type, item.accountId, item.id);
  },
};
