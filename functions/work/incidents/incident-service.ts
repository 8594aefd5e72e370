import type { Clock } from '#shared/clock';
import type { StaffCaller } from '#shared/http';
import type { Account } from '../../accounts/account-repository';
import { revokeAllOnDelete, withAssignees } from '../../assignments/assignees';
import type { FieldIssue } from '../shared/work-item-access';
import {
  type AccountCheck,
  archiveWorkItem,
  createWorkItem,
  deleteWorkItem,
  getWorkItem,
  listWorkItems,
  updateWorkItem,
  type WorkItemKind,
} from '../shared/work-item-service';
import type {
  CreateIncidentBody,
  Incident,
  IncidentSummary,
  ListIncidentsQuery,
  UpdateIncidentBody,
} from './incident.contract';
import { incidentReads } from './incident-kind';

/** Incidents: stored and listed by the shared work item machinery, ordered by date raised. */
export const incidents: WorkItemKind<Incident, IncidentSummary> = {
  ...incidentReads,
  resolve: (write, fields) => withAssignees('incident', write, fields),
  deleteGuard: revokeAllOnDelete('incident'),
};

/**
 * The severity must be on the account's scale: a level (low, medium, high) for `levels`, an
 * integer 1–5 for `numeric`. Incidents keep the severity they were given when the scale changes
 * later; only a write that sets a severity is checked.
 */
export function severityCheck(severity: Incident['severity']): AccountCheck {
  return (account: Account | undefined): FieldIssue[] => {
    const scale = account?.incidentSeverityScale ?? 'levels';
    const fits = scale === 'numeric' ? typeof severity === 'number' : typeof severity === 'string';
    if (fits) return [];
    return [
      {
        path: 'body.severity',
        code: 'severity_scale_mismatch',
        message:
          scale === 'numeric' ? 'this account rates severity 1–5' : 'this account rates severity low, medium or high',
      },
    ];
  };
}

/** Raises an incident (see `createWorkItem`); the account's GetItem always runs, for the severity scale. */
export function createIncident(caller: StaffCaller, body: CreateIncidentBody, clock?: Clock): Promise<Incident> {
  return createWorkItem(
    incidents,
    caller,
    {
      title: body.title,
      description: body.description ?? '',
      location: body.location,
      severity: body.severity,
      raisedAt: body.raisedAt,
      status: body.status ?? 'open',
      ownerIds: body.ownerIds,
      ...(body.departmentId !== undefined ? { departmentId: body.departmentId } : {}),
      ...(body.privacyStatusId !== undefined ? { privacyStatusId: body.privacyStatusId } : {}),
      externalUsers: [],
    },
    severityCheck(body.severity),
    clock,
    body.externalUsers,
  );
}

/** An incident the caller may see (404 otherwise). */
export const getIncident = (caller: StaffCaller, id: string) => getWorkItem(incidents, caller, id);

/** Changes an incident (see `updateWorkItem`); a severity that changes is checked against the account's scale. */
export function updateIncident(
  caller: StaffCaller,
  id: string,
  body: UpdateIncidentBody,
  clock?: Clock,
): Promise<Incident> {
  return updateWorkItem(
    incidents,
    caller,
    id,
    body,
    (current) =>
      body.severity !== undefined && body.severity !== current.severity ? severityCheck(body.severity) : undefined,
    clock,
  );
}

/** Archives an incident (Control Admin or admin roles). */
export const archiveIncident = (caller: StaffCaller, id: string, clock?: Clock) =>
  archiveWorkItem(incidents, caller, id, clock);

/** Restores an archived incident (whoever may archive it): it returns to the current lists. */
export const restoreIncident = (caller: StaffCaller, id: string, clock?: Clock) =>
  archiveWorkItem(incidents, caller, id, clock, false);

/** Deletes an incident (Control Admin or admin roles). */
export const deleteIncident = (caller: StaffCaller, id: string) => deleteWorkItem(incidents, caller, id);

/** One page of the incidents the caller may see, by date raised. */
export const listIncidents = (caller: StaffCaller, query: ListIncidentsQuery) =>
  listWorkItems(incidents, caller, query);
