import type * as z from 'zod/mini';
import { component, documented } from '#shared/contract';
import * as stored from './permission-settings.schema';

/**
 * A staff user's module permissions: the shape an admin sends and the shape stored on the user
 * item (read on every request, so it stays small). Every field is optional: a missing field takes
 * its default (`permissionDefaults`), and a field the user's role includes is never stored (see
 * `normaliseModulePermissions`). Scopes are plain words or lists of ids, never nested objects.
 */

export { maxPrivacyStatuses, maxProjectsPerList } from './permission-settings.schema';

// The schemas themselves are made in permission-settings.schema.ts (what a permission decision
// parses); here they get their OpenAPI names and descriptions, on the same objects. The
// descriptions of the parts are registered when this module loads (as they were when the parts
// were made here): every bundle that uses a schema below carries them.

documented(stored.allOrOwned, {
  description: '"all": every item (all departments); "owned": only the items the user owns',
});
documented(stored.privacyStatusIds, {
  description: 'Privacy statuses whose confidential items the user may see and edit (there is no view-only access)',
});
documented(stored.projectScope, {
  description: '"all" projects, "owned" projects, or a list of specific project ids',
});
documented(stored.confidentialProjects, {
  description: 'Confidential projects the user may see and edit: "all" or specific project ids',
});
documented(stored.confidentialAssessments, {
  description: 'Confidential risk assessments: see and edit (no view-only access)',
});
documented(stored.controlAdminFlag, {
  description: 'Archive and delete incidents and logs (needs incidentsAndLogs)',
});

export const planningPermissionsSchema = /* @__PURE__ */ component('PlanningPermissions', stored.planningPermissions, {
  description: 'Planning: projects, task groups and tasks',
});

export const riskPermissionsSchema = /* @__PURE__ */ component('RiskPermissions', stored.riskPermissions, {
  description: 'Risk: risks, issues and opportunities',
});

export const riskAssessmentPermissionsSchema = /* @__PURE__ */ component(
  'RiskAssessmentPermissions',
  stored.riskAssessmentPermissions,
  { description: 'Risk assessments: independent of access to the Risk module' },
);

export const controlPermissionsSchema = /* @__PURE__ */ component('ControlPermissions', stored.controlPermissions, {
  description: 'Control: incidents and logs',
});

export const jobPermissionsSchema = /* @__PURE__ */ component('JobPermissions', stored.jobPermissions, {
  description: 'Jobs',
});

export const sustainabilityPermissionsSchema = /* @__PURE__ */ component(
  'SustainabilityPermissions',
  stored.sustainabilityPermissions,
  { description: 'Sustainability: module access only' },
);

export const modulePermissionsSchema = /* @__PURE__ */ component('ModulePermissions', stored.modulePermissions, {
  description:
    'Module permissions. A missing field takes its default; a field the role includes may be sent only with ' +
    'the value the role gives it (else 400 PERMISSION_INCLUDED naming it)',
});

/** Module permissions as sent by an admin or stored on a user item. */
export type ModulePermissions = z.infer<typeof modulePermissionsSchema>;
export type { AllOrOwned, ModuleName, ProjectScope, ResolvedPermissions } from './permission-defaults';
export { moduleNames, permissionDefaults } from './permission-defaults';
