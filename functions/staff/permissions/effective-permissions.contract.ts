import * as z from 'zod/mini';
import { component } from '#shared/contract';
import { staffRoleSchema } from '../staff-role';
import { itemTypes } from './effective-permissions';

/**
 * The response schema of a user's effective permissions (GET /me), for the route contract and the
 * OpenAPI description. Kept apart from the decision modules so that only routes that answer it
 * bundle it.
 */

const source = z.enum(['included', 'granted']);
const setting = <T extends z.ZodMiniType>(value: T) => z.object({ value, source });
const allOrOwned = z.enum(['all', 'owned']);
const ids = z.array(z.string());
const projectScope = z.union([allOrOwned, ids]);
const confidentialList = z.union([z.literal('all'), ids]);

export const reachSchema = component(
  'PermissionReach',
  z.object({
    items: z.enum(['none', 'owned', 'all']),
    projects: z.optional(ids),
    confidential: z.union([z.enum(['none', 'all']), ids]),
  }),
  {
    description:
      'The items an action reaches: non-confidential ones (none, owned, all, plus specific projects) and ' +
      'confidential ones (none, all, or those with the listed privacy statuses or project ids)',
  },
);

export const itemRightsSchema = component(
  'ItemRights',
  z.object({
    access: z.boolean(),
    see: reachSchema,
    edit: reachSchema,
    changeStatus: reachSchema,
    archive: reachSchema,
    delete: reachSchema,
    create: reachSchema,
    createDraftOnly: z.optional(z.boolean()),
  }),
);

export const effectivePermissionsSchema = component(
  'EffectivePermissions',
  z.object({
    role: staffRoleSchema,
    settings: z.object({ account: z.boolean(), users: z.boolean(), other: z.boolean() }),
    modules: z.object({
      planning: z.object({
        access: setting(z.boolean()),
        projectAdmin: setting(z.boolean()),
        edit: setting(projectScope),
        see: setting(projectScope),
        confidential: setting(confidentialList),
      }),
      risk: z.object({
        access: setting(z.boolean()),
        riskManager: setting(z.boolean()),
        edit: setting(allOrOwned),
        see: setting(allOrOwned),
      }),
      riskAssessments: z.object({
        access: setting(z.boolean()),
        edit: setting(allOrOwned),
        see: setting(allOrOwned),
        confidential: setting(z.boolean()),
      }),
      control: z.object({
        access: setting(z.boolean()),
        incidentsAndLogs: setting(z.boolean()),
        controlAdmin: setting(z.boolean()),
        edit: setting(allOrOwned),
        see: setting(allOrOwned),
        confidential: setting(confidentialList),
      }),
      jobs: z.object({
        access: setting(z.boolean()),
        edit: setting(allOrOwned),
        see: setting(allOrOwned),
        confidential: setting(confidentialList),
      }),
      sustainability: z.object({ access: setting(z.boolean()) }),
    }),
    can: z.object(
      Object.fromEntries(itemTypes.map((type) => [type, itemRightsSchema])) as Record<
        (typeof itemTypes)[number],
        typeof itemRightsSchema
      >,
    ),
  }),
  { description: "The signed-in user's role, settings areas, module settings and what they may do per item type" },
);
