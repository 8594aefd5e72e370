import type { RouteBinding } from '#shared/routing';
import { incidentAssignmentRoutes, jobAssignmentRoutes, listExternalUserAssignments } from './assignment.contract';

/** The HTTP routes of functions/assignments/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: listExternalUserAssignments, entry: 'functions/assignments/list-external-user-assignments.handler.ts' },
  { contract: jobAssignmentRoutes.list, entry: 'functions/assignments/list-job-assignments.handler.ts' },
  { contract: jobAssignmentRoutes.add, entry: 'functions/assignments/assign-to-job.handler.ts' },
  { contract: jobAssignmentRoutes.revoke, entry: 'functions/assignments/revoke-job-assignment.handler.ts' },
  { contract: incidentAssignmentRoutes.list, entry: 'functions/assignments/list-incident-assignments.handler.ts' },
  { contract: incidentAssignmentRoutes.add, entry: 'functions/assignments/assign-to-incident.handler.ts' },
  { contract: incidentAssignmentRoutes.revoke, entry: 'functions/assignments/revoke-incident-assignment.handler.ts' },
  { contract: jobAssignmentRoutes.resendLink, entry: 'functions/assignments/resend-job-assignment-link.handler.ts' },
  {
    contract: incidentAssignmentRoutes.resendLink,
    entry: 'functions/assignments/resend-incident-assignment-link.handler.ts',
  },
];
