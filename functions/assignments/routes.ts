import { itemBindings, type RouteBinding } from '#shared/routing';
import { assignmentRoutes, listExternalUserAssignments } from './assignment.contract';

/** The HTTP routes of functions/assignments/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: listExternalUserAssignments, entry: 'functions/assignments/list-external-user-assignments.handler.ts' },
  ...itemBindings(assignmentRoutes.list, 'functions/assignments/list-item-assignments.handler.ts'),
  ...itemBindings(assignmentRoutes.add, 'functions/assignments/assign-to-item.handler.ts'),
  ...itemBindings(assignmentRoutes.revoke, 'functions/assignments/revoke-item-assignment.handler.ts'),
  ...itemBindings(assignmentRoutes.resendLink, 'functions/assignments/resend-item-assignment-link.handler.ts'),
];
