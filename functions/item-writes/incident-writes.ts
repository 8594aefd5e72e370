import type { Clock } from '#shared/clock';
import type { StaffCaller } from '#shared/http';
import * as assignable from '../assignments/assignable-kinds';
import { revokeAllOnDelete } from '../assignments/assignees';
import { customerSiteCounts } from '../customers/customer-references-repository';
import type { CreateIncidentBody, UpdateIncidentBody } from '../work/incidents/incident.contract';
import { incidentReads } from '../work/incidents/incident-kind';
import * as work from '../work/incidents/incident-service';
import { customerSiteHooks } from '../work/shared/customer-site';

/** Raises an incident with its external users, customer and site (see `createWorkItem`). */
export const createIncident = (caller: StaffCaller, body: CreateIncidentBody, clock?: Clock, id?: string) =>
  work.createIncident({ ...assignable.newIncidents, customerSite: customerSiteHooks }, caller, body, clock, id);

/** Changes an incident the caller may edit, with its external users, customer and site (see `updateWorkItem`). */
export const updateIncident = (caller: StaffCaller, id: string, body: UpdateIncidentBody, clock?: Clock) =>
  work.updateIncident({ ...assignable.incidents, customerSite: customerSiteHooks }, caller, id, body, clock);

/**
 * Deletes an incident, revoking its assignments in the same transaction (Control Admin or admin
 * roles): the incident's reads with the revocation, without the assignees' resolution.
 */
export const deleteIncident = (caller: StaffCaller, id: string) =>
  work.deleteIncident(
    { ...incidentReads, deleteGuard: revokeAllOnDelete('incident'), customerSite: customerSiteCounts },
    caller,
    id,
  );
