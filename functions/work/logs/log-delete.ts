import type { StaffCaller } from '#shared/http';
import { customerSiteCounts } from '../../customers/customer-references-repository';
import { deleteWorkItem } from '../shared/work-item-service';
import { logs } from './log-service';

// Deleting a log entry, apart from log-writes.ts: it needs the counts of the customer and site it
// names, not their checks.

/** Deletes a log entry (Control Admin or admin roles), one fewer for the customer and site it names. */
export const deleteLog = (caller: StaffCaller, id: string) =>
  deleteWorkItem({ ...logs, customerSite: customerSiteCounts }, caller, id);
