import * as z from 'zod/mini';
import { component, documented, idSchema } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';

/**
 * A staff user's module permissions: the shape an admin sends and the shape stored on the user
 * item (read on every request, so it stays small). Every field is optional: a missing field takes
 * its default (`permissionDefaults`), and a field the user's role includes is never stored (see
 * `normaliseModulePermissions`). Scopes are plain words or lists of ids, never nested objects.
 */

/** Most project ids one planning list may name; the lists live on the user item. */
export const maxProjectsPerList = 50;
/** An account has at most 10 privacy statuses, so a grant names at most 10. */
export const maxPrivacyStatuses = 10;

const allOrOwned = /* @__PURE__ */ documented(
  /* @__PURE__ */ lazySchema(() => z.enum(['all', 'owned'])),
  {
    description: '"all": every item (all departments); "owned": only the items the user owns',
  },
);
const projectIds = /* @__PURE__ */ lazySchema(() => z.array(idSchema).check(z.maxLength(maxProjectsPerList)));
const privacyStatusIds = /* @__PURE__ */ documented(
  /* @__PURE__ */ lazySchema(() => z.array(idSchema).check(z.maxLength(maxPrivacyStatuses))),
  {
    description: 'Privacy statuses whose confidential items the user may see and edit (there is no view-only access)',
  },
);
const projectScope = /* @__PURE__ */ documented(
  /* @__PURE__ */ lazySchema(() => z.union([z.enum(['all', 'owned']), projectIds])),
  {
    description: '"all" projects, "owned" projects, or a list of specific project ids',
  },
);

export const planningPermissionsSchema = /* @__PURE__ */ component(
  'PlanningPermissions',
  /* @__PURE__ */ lazySchema(() =>
    z.strictObject({
      access: z.optional(z.boolean()),
      projectAdmin: z.optional(z.boolean()),
      edit: z.optional(projectScope),
      see: z.optional(projectScope),
      confidential: z.optional(
        documented(z.union([z.literal('all'), projectIds]), {
          description: 'Confidential projects the user may see and edit: "all" or specific project ids',
        }),
      ),
    }),
  ),
  { description: 'Planning: projects, task groups and tasks' },
);

export const riskPermissionsSchema = /* @__PURE__ */ component(
  'RiskPermissions',
  /* @__PURE__ */ lazySchema(() =>
    z.strictObject({
      access: z.optional(z.boolean()),
      riskManager: z.optional(z.boolean()),
      edit: z.optional(allOrOwned),
      see: z.optional(allOrOwned),
    }),
  ),
  { description: 'Risk: risks, issues and opportunities' },
);

export const riskAssessmentPermissionsSchema = /* @__PURE__ */ component(
  'RiskAssessmentPermissions',
  /* @__PURE__ */ lazySchema(() =>
    z.strictObject({
      access: z.optional(z.boolean()),
      edit: z.optional(allOrOwned),
      see: z.optional(allOrOwned),
      confidential: z.optional(
        documented(z.boolean(), { description: 'Confidential risk assessments: see and edit (no view-only access)' }),
      ),
    }),
  ),
  { description: 'Risk assessments: independent of access to the Risk module' },
);

export const controlPermissionsSchema = /* @__PURE__ */ component(
  'ControlPermissions',
  /* @__PURE__ */ lazySchema(() =>
    z.strictObject({
      access: z.optional(z.boolean()),
      incidentsAndLogs: z.optional(z.boolean()),
      controlAdmin: z.optional(
        documented(z.boolean(), { description: 'Archive and delete incidents and logs (needs incidentsAndLogs)' }),
      ),
      edit: z.optional(allOrOwned),
      see: z.optional(allOrOwned),
      confidential: z.optional(privacyStatusIds),
    }),
  ),
  { description: 'Control: incidents and logs' },
);

export const jobPermissionsSchema = /* @__PURE__ */ component(
  'JobPermissions',
  /* @__PURE__ */ lazySchema(() =>
    z.strictObject({
      access: z.optional(z.boolean()),
      edit: z.optional(allOrOwned),
      see: z.optional(allOrOwned),
      confidential: z.optional(privacyStatusIds),
    }),
  ),
  { description: 'Jobs' },
);

export const sustainabilityPermissionsSchema = /* @__PURE__ */ component(
  'SustainabilityPermissions',
  /* @__PURE__ */ lazySchema(() => z.strictObject({ access: z.optional(z.boolean()) })),
  { description: 'Sustainability: module access only' },
);

export const modulePermissionsSchema = /* @__PURE__ */ component(
  'ModulePermissions',
  /* @__PURE__ */ lazySchema(() =>
    z.strictObject({
      planning: z.optional(planningPermissionsSchema),
      risk: z.optional(riskPermissionsSchema),
      riskAssessments: z.optional(riskAssessmentPermissionsSchema),
      control: z.optional(controlPermissionsSchema),
      jobs: z.optional(jobPermissionsSchema),
      sustainability: z.optional(sustainabilityPermissionsSchema),
    }),
  ),
  {
    description:
      'Module permissions. A missing field takes its default; a field the role includes may be sent only with ' +
      'the value the role gives it (else 400 PERMISSION_INCLUDED naming it)',
  },
);

/** Module permissions as sent by an admin or stored on a user item. */
export type ModulePermissions = z.infer<typeof modulePermissionsSchema>;
export type { AllOrOwned, ModuleName, ProjectScope, ResolvedPermissions } from './permission-defaults';
export { moduleNames, permissionDefaults } from './permission-defaults';
