import type { Clock } from '#shared/clock';
import type { StaffCaller } from '#shared/http';
import { incidents } from '../assignments/assignable-kinds';
import type { CreateIncidentBody, UpdateIncidentBody } from '../work/incidents/incident.contract';
import * as work from '../work/incidents/incident-service';

/** Raises an incident with its external users (see `createWorkItem`). */
export const createIncident = (caller: StaffCaller, body: CreateIncidentBody, clock?: Clock) =>
  work.createIncident(incidents, caller, body, clock);

/** Changes an incident the caller may edit, with its external users (see `updateWorkItem`). */
export const updateIncident = (caller: StaffCaller, id: string, body: UpdateIncidentBody, clock?: Clock) =>
  work.updateIncident(incidents, caller, id, body, clock);

/** Deletes an incident, revoking its assignments in the same transaction (Control Admin or admin roles). */
export const deleteIncident = (caller: StaffCaller, id: string) => work.deleteIncident(incidents, caller, id);
