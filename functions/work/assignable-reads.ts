import type { AssignableType } from '#shared/data/keys';
import type { Incident, IncidentSummary } from './incidents/incident.schema';
import { incidentReads } from './incidents/incident-kind';
import type { Job, JobSummary } from './jobs/job.schema';
import { jobReads } from './jobs/job-kind';
import type { WorkItemKind } from './shared/work-item-service';

/** What reading a job or an incident gives: the item and its list entry. */
interface AssignableItems {
  job: { item: Job; summary: JobSummary };
  incident: { item: Incident; summary: IncidentSummary };
}

/**
 * The reads of jobs or incidents (`K`): for a type given as a type parameter, the kind of that
 * type, so a use case generic in `K` reads a `Job` or an `Incident` as the type says, without casts.
 */
export type AssignableKind<K extends AssignableType = AssignableType> = {
  [T in K]: WorkItemKind<AssignableItems[T]['item'], AssignableItems[T]['summary']>;
}[K];

/**
 * Jobs and incidents as the capabilities above work read them, by type (`assignableReads[item.type]`):
 * enough to read one and check who may see or edit it, without the write hooks of their services.
 */
export const assignableReads: { [K in AssignableType]: AssignableKind<K> } = {
  job: jobReads,
  incident: incidentReads,
};
