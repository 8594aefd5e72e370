import * as z from 'zod/mini';
import {
  component,
  defineRoute,
  documented,
  idSchema,
  type Schema,
  storableNumber,
  versionNumber,
} from '#shared/contract';

/** Field schemas incidents and logs share (jobs define the same rules in their own contract). */
export const titleSchema = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200, 'must be at most 200 characters'));
export const descriptionSchema = z.string().check(z.maxLength(10_000, 'must be at most 10000 characters'));
export const dateTimeSchema = documented(z.iso.datetime({ offset: true }), { example: '2026-12-01T09:00:00Z' });
export const versionSchema = documented(versionNumber(), {
  description: 'The version you read; a stale one answers 409',
});

export const workLocationSchema = component(
  'WorkLocation',
  z.strictObject({
    text: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(500)),
    lat: z.optional(storableNumber().check(z.gte(-90), z.lte(90))),
    lng: z.optional(storableNumber().check(z.gte(-180), z.lte(180))),
  }),
);

/** Owners: 1–`max` distinct staff user ids (active staff users of the account, checked at write time). */
export const ownerIdsSchema = (max: number, what: string) =>
  documented(
    z.array(idSchema).check(
      z.minLength(1, `${what} needs an owner`),
      z.maxLength(max, max === 1 ? 'exactly one owner' : `at most ${max} owners`),
      z.refine((ids) => new Set(ids).size === ids.length, { message: 'owners must not repeat' }),
    ),
    {
      description:
        max === 1
          ? 'The one owner: an active staff user of the account'
          : `Active staff users of the account (1–${max})`,
    },
  );

/** The bookkeeping fields every stored incident and log has. */
export const recordShape = {
  id: z.string(),
  ownerIds: z.array(z.string()),
  departmentId: z.optional(z.string()),
  /** Set: the item is confidential, seen and edited only with a grant for this privacy status. */
  privacyStatusId: z.optional(z.string()),
  archived: z.boolean(),
  version: z.int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
};

/** Paging and archive query fields of every work item list. */
export const listQueryShape = {
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  archived: documented(z.optional(z.enum(['true', 'false'])), {
    description: 'true lists archived items instead of current ones',
  }),
};

/** A PATCH must change something besides the version. */
export const changesSomething = z.refine(
  (body: unknown) => typeof body === 'object' && body !== null && Object.keys(body).length > 1,
  {
    message: 'give at least one field to change besides version',
  },
);

/** Owner and department filters of every work item list (each served by partitions of its own). */
export const ownerDepartmentFilterShape = {
  ownerId: documented(z.optional(idSchema), { description: 'Only items this staff user owns' }),
  departmentId: documented(z.optional(idSchema), { description: 'Only items of this department' }),
};

/** The privacy filter of jobs, incidents and logs. */
export const privacyFilterShape = {
  ...ownerDepartmentFilterShape,
  privacyStatusId: documented(z.optional(idSchema), {
    description: 'Only items with this privacy status, or `none` for items without one',
  }),
};

/** The confidential filter of risks, risk assessments and projects. */
export const confidentialFilterShape = {
  ...ownerDepartmentFilterShape,
  confidential: documented(z.optional(z.enum(['true', 'false'])), {
    description: 'true: only confidential items; false: only the others',
  }),
};

/** The external-user filter of jobs and incidents. */
export const externalUserFilterShape = {
  externalUserId: documented(z.optional(idSchema), {
    description: 'Only items this external user is assigned to now (not combined with ownerId or departmentId)',
  }),
};

/**
 * The routes on one work item that every type has alike: get, archive, restore and delete.
 * `managers` names who may archive and delete, for the summaries.
 */
export function itemRoutes<P extends Schema, R extends Schema>(spec: {
  /** The type's name in operation ids, e.g. `RiskAssessment`. */
  name: string;
  /** The item as a sentence names it, e.g. "risk assessment". */
  label: string;
  /** The item's path, e.g. `/risk-assessments/{riskAssessmentId}`. */
  path: string;
  params: P;
  schema: R;
  tags: string[];
  managers: string;
}) {
  const { name, label, path, params, schema, tags, managers } = spec;
  const a = /^[aeiou]/.test(label) ? 'an' : 'a';
  const item = (method: 'GET' | 'POST' | 'DELETE', suffix: string, operation: string, summary: string) => ({
    method,
    path: `${path}${suffix}`,
    auth: 'staff' as const,
    operationId: `${operation}${name}`,
    summary,
    tags,
    params,
  });
  return {
    get: defineRoute({
      ...item('GET', '', 'get', `One ${label} the caller may see (404 otherwise)`),
      responses: { 200: { description: `The ${label}`, schema } },
    }),
    archive: defineRoute({
      ...item(
        'POST',
        '/archive',
        'archive',
        `Archive ${a} ${label} (${managers}): it leaves the current lists for the archived ones`,
      ),
      responses: { 200: { description: `The archived ${label}`, schema } },
    }),
    restore: defineRoute({
      ...item(
        'POST',
        '/restore',
        'restore',
        `Restore an archived ${label} (the same access as archiving): it returns to the current lists`,
      ),
      responses: { 200: { description: `The restored ${label}`, schema } },
    }),
    remove: defineRoute({
      ...item('DELETE', '', 'delete', `Delete ${a} ${label} and its list rows (${managers})`),
      responses: { 204: { description: 'Deleted' } },
    }),
  };
}
