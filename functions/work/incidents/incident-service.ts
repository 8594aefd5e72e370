import type { Clock } from '#shared/clock';
import type { StaffCaller } from '#shared/http';
import type { AccountReferences } from '../../accounts/account-repository';
import type { FieldIssue } from '../shared/work-item-access';
import {
  type AccountCheck,
  type AssigneeHooks,
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

type Incidents = WorkItemKind<Incident, IncidentSummary>;

/**
 * Incidents as they are written: stored and listed by the shared work item machinery, ordered by
 * date raised, with the external users of `assignees`.
 */
export function incidentKind(assignees: AssigneeHooks): Incidents {
  return { ...incidentReads, resolve: assignees.resolve };
}

/**
 * The severity must be on the account's scale: a level (low, medium, high) for `levels`, an
 * integer 1–5 for `numeric`. Incidents keep the severity they were given when the scale changes
 * later; only a write that sets a severity is checked.
 */
export function severityCheck(severity: Incident['severity']): AccountCheck {
  return (account: AccountReferences | undefined): FieldIssue[] => {
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
export function createIncident(
  incidents: Incidents,
  caller: StaffCaller,
  body: CreateIncidentBody,
  clock?: Clock,
  id?: string,
): Promise<Incident> {
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
      ...(body.customerId !== undefined ? { customerId: body.customerId } : {}),
      ...(body.siteId !== undefined ? { siteId: body.siteId } : {}),
      externalUsers: [],
    },
    severityCheck(body.severity),
    clock,
    body.externalUsers,
    id,
  );
}

/** An incident the caller may see (404 otherwise). */
export const getIncident = (caller: StaffCaller, id: string) => getWorkItem(incidentReads, caller, id);

/** Changes an incident (see `updateWorkItem`); a severity that changes is checked against the account's scale. */
export function updateIncident(
  incidents: Incidents,
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
  archiveWorkItem(incidentReads, caller, id, clock);

/** Restores an archived incident (whoever may archive it): it returns to the current lists. */
export const restoreIncident = (caller: StaffCaller, id: string, clock?: Clock) =>
  archiveWorkItem(incidentReads, caller, id, clock, false);

/** Deletes an incident, revoking its assignments (Control Admin or admin roles). */
export const deleteIncident = (incidents: Incidents, caller: StaffCaller, id: string) =>
  deleteWorkItem(incidents, caller, id);

/** One page of the incidents the caller may see, by date raised. */
export const listIncidents = (caller: StaffCaller, query: ListIncidentsQuery) =>
  listWorkItems(incidentReads, caller, query);
