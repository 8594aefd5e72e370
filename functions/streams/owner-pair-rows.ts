import { type AssignableType, accountIdOf } from '#shared/data/keys';
import type { StreamChange } from '#shared/stream-change';
import { ownerPairFilters } from '../work/shared/list-rows';
import { syncOwnerPairRows } from '../work/shared/owner-pair-rows-repository';
import type { StreamRecordProcessor } from './process-stream-batch';

const types: Record<string, AssignableType> = { Job: 'job', Incident: 'incident' };

/** Whether an image has (owner, X) rows: an open item with an external user, a co-owner, a customer or a site. */
const paired = (image: Record<string, unknown> | undefined) =>
  Array.isArray(image?.ownerIds) && ownerPairFilters(image as Parameters<typeof ownerPairFilters>[0]).length > 0;

/** The job or incident a change is about, when either image has (owner, X) rows. */
function itemOf(change: StreamChange) {
  const type = change.entity === undefined ? undefined : types[change.entity];
  if (!type || !(paired(change.oldImage) || paired(change.newImage))) return undefined;
  const accountId = accountIdOf(change.keys.pk);
  const id = (change.newImage ?? change.oldImage)?.id;
  return accountId && typeof id === 'string' ? { type, accountId, id } : undefined;
}

/**
 * WRK-8: a job or incident with (owner, X) rows now or before the change gets them as it is now:
 * per owner, one per external user, other owner, its customer and its site, the rows a caller who
 * sees just their own items reads when filtering by one of those (WRK-6). Reads the item rather
 * than the image, so records delivered late or again converge on the current state (R19).
 */
export const ownerPairRows: StreamRecordProcessor = {
  name: 'ownerPairRows',
  handles: (change) => itemOf(change) !== undefined,
  async process(change) {
    const item = itemOf(change);
    if (item) await syncOwnerPairRows(item.type, item.accountId, item.id);
  },
};
