import * as z from 'zod/mini';
import { idSchema } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';

/**
 * The module permissions' zod schemas, without their OpenAPI documentation: what a permission
 * decision parses from the staff user item (`findStaffCaller`). `permission-settings.ts` documents
 * these very schemas (names, descriptions) for the API, so every function that checks permissions
 * need not bundle the descriptions. The shape is described there.
 */

/** Most project ids one planning list may name; the lists live on the user item. */
export const maxProjectsPerList = 50;
/** An account has at most 10 privacy statuses, so a grant names at most 10. */
export const maxPrivacyStatuses = 10;

export const allOrOwned = /* @__PURE__ */ lazySchema(() => z.enum(['all', 'owned']));
export const projectIds = /* @__PURE__ */ lazySchema(() => z.array(idSchema).check(z.maxLength(maxProjectsPerList)));
export const privacyStatusIds = /* @__PURE__ */ lazySchema(() =>
  z.array(idSchema).check(z.maxLength(maxPrivacyStatuses)),
);
export const projectScope = /* @__PURE__ */ lazySchema(() => z.union([z.enum(['all', 'owned']), projectIds]));
/** Planning's confidential grant: "all" or specific project ids. */
export const confidentialProjects = /* @__PURE__ */ lazySchema(() => z.union([z.literal('all'), projectIds]));
/** Risk assessments' confidential grant. */
export const confidentialAssessments = /* @__PURE__ */ lazySchema(() => z.boolean());
/** Control's archive-and-delete right. */
export const controlAdminFlag = /* @__PURE__ */ lazySchema(() => z.boolean());

export const planningPermissions = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({
    access: z.optional(z.boolean()),
    projectAdmin: z.optional(z.boolean()),
    edit: z.optional(projectScope),
    see: z.optional(projectScope),
    confidential: z.optional(confidentialProjects),
  }),
);

export const riskPermissions = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({
    access: z.optional(z.boolean()),
    riskManager: z.optional(z.boolean()),
    edit: z.optional(allOrOwned),
    see: z.optional(allOrOwned),
  }),
);

export const riskAssessmentPermissions = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({
    access: z.optional(z.boolean()),
    edit: z.optional(allOrOwned),
    see: z.optional(allOrOwned),
    confidential: z.optional(confidentialAssessments),
  }),
);

export const controlPermissions = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({
    access: z.optional(z.boolean()),
    incidentsAndLogs: z.optional(z.boolean()),
    controlAdmin: z.optional(controlAdminFlag),
    edit: z.optional(allOrOwned),
    see: z.optional(allOrOwned),
    confidential: z.optional(privacyStatusIds),
  }),
);

export const jobPermissions = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({
    access: z.optional(z.boolean()),
    edit: z.optional(allOrOwned),
    see: z.optional(allOrOwned),
    confidential: z.optional(privacyStatusIds),
  }),
);

export const sustainabilityPermissions = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({ access: z.optional(z.boolean()) }),
);

export const modulePermissions = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({
    planning: z.optional(planningPermissions),
    risk: z.optional(riskPermissions),
    riskAssessments: z.optional(riskAssessmentPermissions),
    control: z.optional(controlPermissions),
    jobs: z.optional(jobPermissions),
    sustainability: z.optional(sustainabilityPermissions),
  }),
);
