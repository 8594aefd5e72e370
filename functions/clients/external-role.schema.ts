import * as z from 'zod/mini';
import { component, documented, idSchema, versionNumber } from '#shared/contract';

// External roles (seed 001): a name and the external views it allows. A client access names one or
// more roles; what its external user may look at is the views of those roles.

/** The most views one role allows. */
export const maxRoleViews = 20;

/** An external role as stored and as the API shows it. */
export const externalRoleSchema = component(
  'ExternalRole',
  z.object({
    id: z.string(),
    name: z.string(),
    /** The external views this role allows (at least one). */
    viewIds: z.array(z.string()),
    version: z.int(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  }),
);
export type ExternalRole = z.infer<typeof externalRoleSchema>;

const roleShape = {
  name: z
    .string()
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters')),
  viewIds: documented(
    z.array(idSchema).check(
      z.minLength(1, 'a role allows at least one view'),
      z.maxLength(maxRoleViews, `at most ${maxRoleViews} views`),
      z.refine((ids) => new Set(ids).size === ids.length, { message: 'views must not repeat' }),
    ),
    { description: `External views of the account the role allows (1–${maxRoleViews})` },
  ),
};

export const createExternalRoleBody = component('CreateExternalRole', z.strictObject(roleShape));
export type CreateExternalRoleBody = z.infer<typeof createExternalRoleBody>;

export const updateExternalRoleBody = component(
  'UpdateExternalRole',
  z.strictObject({
    ...roleShape,
    version: documented(versionNumber(), { description: 'The version you read; a stale one answers 409' }),
  }),
);
export type UpdateExternalRoleBody = z.infer<typeof updateExternalRoleBody>;
