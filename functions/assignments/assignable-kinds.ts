import { incidentKind } from '../work/incidents/incident-service';
import { jobKind } from '../work/jobs/job-service';
import { assigneeHooks, newItemAssigneeHooks } from './assignees';

/** Jobs as they are written, with their external users (a new job's checklists: see item-writes/create-job.ts). */
export const jobs = /* @__PURE__ */ jobKind(/* @__PURE__ */ assigneeHooks('job'));

/** Incidents as they are written, with their external users. */
export const incidents = /* @__PURE__ */ incidentKind(/* @__PURE__ */ assigneeHooks('incident'));

/** Incidents as they are created, with their external users (no checklists to read yet). */
export const newIncidents = /* @__PURE__ */ incidentKind(/* @__PURE__ */ newItemAssigneeHooks('incident'));
