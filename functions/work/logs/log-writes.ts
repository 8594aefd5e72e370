import type { Clock } from '#shared/clock';
import type { StaffCaller } from '#shared/http';
import { customerSiteHooks } from '../shared/customer-site';
import { createWorkItem, updateWorkItem } from '../shared/work-item-service';
import type { CreateLogBody, Log, UpdateLogBody } from './log.contract';
import { logs as logReads } from './log-service';

// Creating, changing and deleting log entries, apart from log-service.ts so the functions that
// only read them carry none of the customer and site checks.

/** Log entries as staff write them: with their customer and site. */
const logs = { ...logReads, customerSite: customerSiteHooks };

/** Writes a log entry (see `createWorkItem`). */
export function createLog(caller: StaffCaller, body: CreateLogBody, clock?: Clock): Promise<Log> {
  return createWorkItem(
    logs,
    caller,
    {
      title: body.title,
      description: body.description ?? '',
      occurredAt: body.occurredAt,
      ownerIds: body.ownerIds,
      ...(body.departmentId !== undefined ? { departmentId: body.departmentId } : {}),
      ...(body.privacyStatusId !== undefined ? { privacyStatusId: body.privacyStatusId } : {}),
      ...(body.customerId !== undefined ? { customerId: body.customerId } : {}),
      ...(body.siteId !== undefined ? { siteId: body.siteId } : {}),
    },
    undefined,
    clock,
  );
}

/** Changes a log entry (see `updateWorkItem`). */
export const updateLog = (caller: StaffCaller, id: string, body: UpdateLogBody, clock?: Clock) =>
  updateWorkItem(logs, caller, id, body, () => undefined, clock);
