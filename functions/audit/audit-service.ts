import type { AssignableType } from '#shared/data/keys';
import { ForbiddenError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { isAdminRole } from '../staff/permissions/roles';
import { readMe } from '../staff/staff-service';
import type { jobReads as jobs } from '../work/jobs/job-kind';
import { getWorkItem } from '../work/shared/work-item-service';
import type { ActivityQuery, ItemTrailQuery } from './audit.contract';
import { externalActivityPage, itemTrailPage } from './audit-repository';

const pageOf = (query: { limit?: number | undefined; cursor?: string | undefined }) => ({
  limit: query.limit ?? 50,
  ...(query.cursor ? { cursor: query.cursor } : {}),
});

/** An item's trail for whoever may see the item (404 otherwise): one Query per page. */
export async function listItemTrail(kind: typeof jobs, caller: StaffCaller, itemId: string, query: ItemTrailQuery) {
  await getWorkItem(kind, caller, itemId);
  return itemTrailPage(kind.type as AssignableType, caller.accountId, itemId, pageOf(query));
}

/** External user activity across the account, for the admin roles: one Query per page. */
export async function listExternalActivity(caller: StaffCaller, query: ActivityQuery) {
  const actor = await readMe(caller);
  if (!isAdminRole(actor.role)) throw new ForbiddenError('The activity view needs an admin role', 'AUDIT_DENIED');
  if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) {
    throw new ValidationError('The date range is empty', [
      { path: 'query.from', code: 'range', message: 'must not be after `to`' },
    ]);
  }
  const iso = (value: string | undefined) => (value ? new Date(value).toISOString() : undefined);
  const from = iso(query.from);
  const to = iso(query.to);
  return externalActivityPage(
    caller.accountId,
    {
      ...(query.externalUserId ? { externalUserId: query.externalUserId } : {}),
      ...(query.itemType ? { itemType: query.itemType } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    },
    pageOf(query),
  );
}
