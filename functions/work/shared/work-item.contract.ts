import * as z from 'zod/mini';
import type { $ZodLooseShape } from 'zod/v4/core';
import { component, defineRoute, docs, documented, idSchema, type Schema, versionNumber } from '#shared/contract';
import type { WorkItemType } from '#shared/data/keys';
import { lazySchema } from '#shared/lazy-schema';
import { itemParams, type WorkItemDescriptor, withArticle } from './item-types';

/** Field schemas the work item types share. */
export const titleSchema = /* @__PURE__ */ lazySchema(() =>
  z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200, 'must be at most 200 characters')),
);
export const descriptionSchema = /* @__PURE__ */ lazySchema(() =>
  z.string().check(z.maxLength(10_000, 'must be at most 10000 characters')),
);
export const dateTimeSchema = /* @__PURE__ */ documented(
  /* @__PURE__ */ lazySchema(() => z.iso.datetime({ offset: true })),
  docs && { example: '2026-12-01T09:00:00Z' },
);
export const versionSchema = /* @__PURE__ */ documented(
  /* @__PURE__ */ lazySchema(() => versionNumber()),
  docs && { description: 'The version you read; a stale one answers 409' },
);

/** Owners: 1–`max` distinct staff user ids (active staff users of the account, checked at write time). */
export const ownerIdsSchema = (max: number, what: string) =>
  documented(
    lazySchema(() =>
      z.array(idSchema).check(
        z.minLength(1, `${what} needs an owner`),
        z.maxLength(max, max === 1 ? 'exactly one owner' : `at most ${max} owners`),
        z.refine((ids) => new Set(ids).size === ids.length, { message: 'owners must not repeat' }),
      ),
    ),
    docs && {
      description:
        max === 1
          ? 'The one owner: an active staff user of the account'
          : `Active staff users of the account (1–${max})`,
    },
  );

/** A PATCH must change something besides the version. */
export const changesSomething = /* @__PURE__ */ z.refine(
  (body: unknown) => typeof body === 'object' && body !== null && Object.keys(body).length > 1,
  { message: 'give at least one field to change besides version' },
);

/** Owner and department filters of every work item list (each served by partitions of its own). */
export const ownerDepartmentFilterShape = /* @__PURE__ */ (() => ({
  ownerId: documented(z.optional(idSchema), { description: 'Only items this staff user owns' }),
  departmentId: documented(z.optional(idSchema), { description: 'Only items of this department' }),
}))();

/** The privacy filter of jobs, incidents and logs. */
export const privacyFilterShape = /* @__PURE__ */ (() => ({
  ...ownerDepartmentFilterShape,
  privacyStatusId: documented(
    lazySchema(() => z.optional(idSchema)),
    {
      description: 'Only items with this privacy status, or `none` for items without one',
    },
  ),
}))();

/**
 * A type's own fields, or a function that makes them: given as a function, the body, query or
 * record schema made of them is built on its first use, not at module load (`lazySchema`).
 */
export type ShapeOrThunk<Shape extends $ZodLooseShape> = Shape | (() => Shape);
export const shapeOf = <Shape extends $ZodLooseShape>(shape: ShapeOrThunk<Shape>): Shape =>
  typeof shape === 'function' ? shape() : shape;

/** The body of a new item of the type (component `Create<Name>`): the type's own fields. */
export const createBody = <Shape extends $ZodLooseShape>(type: WorkItemDescriptor, shape: ShapeOrThunk<Shape>) =>
  component(
    `Create${type.name}`,
    lazySchema(() => z.strictObject(shapeOf(shape))),
  );

/** The body of a change (component `Update<Name>`): the version read and at least one of the type's fields. */
export const updateBody = <Shape extends $ZodLooseShape>(type: WorkItemDescriptor, shape: ShapeOrThunk<Shape>) =>
  component(
    `Update${type.name}`,
    lazySchema(() => z.strictObject({ version: versionSchema, ...shapeOf(shape) }).check(changesSomething)),
  );

/**
 * The list query of a type: paging and the archived switch that every list has, then the type's
 * own fields (its date range, status and filters, in that order).
 */
export const listQuery = <Shape extends $ZodLooseShape>(type: WorkItemDescriptor, shape: ShapeOrThunk<Shape>) =>
  lazySchema(() =>
    z.strictObject({
      limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
      cursor: z.optional(z.string().check(z.maxLength(2048))),
      archived: documented(z.optional(z.enum(['true', 'false'])), {
        description: `true lists archived ${type.plural} instead of current ones`,
      }),
      ...shapeOf(shape),
    }),
  );

/** The date range a list narrows to, e.g. `dueFrom` and `dueTo` (the date its list is ordered by). */
export const dateRange = <From extends string, To extends string>(from: From, to: To) =>
  ({ [from]: z.optional(dateTimeSchema), [to]: z.optional(dateTimeSchema) }) as Record<
    From | To,
    z.ZodMiniOptional<typeof dateTimeSchema>
  >;

/** The status filter of a type with a lifecycle. */
export const statusFilter = <S extends readonly [string, ...string[]]>(type: WorkItemDescriptor, statuses: S) => ({
  status: documented(z.optional(z.enum(statuses)), docs && { description: `Only ${type.plural} with this status` }),
});

/** What every route of one item (`/<type>s/{<type>Id}…`) has, given its method, path suffix, operation and summary. */
function itemRoute<T extends WorkItemType>(
  type: WorkItemDescriptor<T>,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  suffix: string,
  operation: string,
  summary: string,
) {
  return {
    method,
    path: `${type.path}/{${type.param}}${suffix}`,
    auth: 'staff' as const,
    operationId: `${operation}${type.name}`,
    summary,
    tags: [type.tag],
    params: itemParams(type),
  };
}

// One builder per route, so a function bundles only its own route's contract: a route built with
// the others in one object would bring all of them, the list query and its filters included
// (decision 0003). Call them as `/* @__PURE__ */ listRoute(…)`: esbuild honours the builders'
// annotation only within this file.

/** GET `/<type>s`: a page of the items the caller may see. */
/* @__NO_SIDE_EFFECTS__ */
export function listRoute<T extends WorkItemType, Summary extends Schema, Query extends Schema>(
  type: WorkItemDescriptor<T>,
  spec: { summary: Summary; query: Query; description: string },
) {
  const page = component(
    `${type.name}Page`,
    lazySchema(() => z.object({ items: z.array(spec.summary), cursor: z.optional(z.string()) })),
  );
  return defineRoute({
    method: 'GET',
    path: type.path,
    auth: 'staff',
    operationId: `list${type.name}s`,
    summary: spec.description,
    tags: [type.tag],
    query: spec.query,
    responses: { 200: { description: `A page of ${type.plural}`, schema: page } },
  });
}

/** POST `/<type>s`: a new item. */
/* @__NO_SIDE_EFFECTS__ */
export function createRoute<T extends WorkItemType, Item extends Schema, Create extends Schema>(
  type: WorkItemDescriptor<T>,
  spec: { schema: Item; body: Create; description: string },
) {
  return defineRoute({
    method: 'POST',
    path: type.path,
    auth: 'staff',
    operationId: `create${type.name}`,
    summary: spec.description,
    tags: [type.tag],
    body: spec.body,
    responses: docs ? { 201: { description: `The new ${type.label}`, schema: spec.schema } } : {},
  });
}

/** GET `/<type>s/{<type>Id}`: one item. */
/* @__NO_SIDE_EFFECTS__ */
export function getRoute<T extends WorkItemType, Item extends Schema>(type: WorkItemDescriptor<T>, schema: Item) {
  return defineRoute({
    ...itemRoute(type, 'GET', '', 'get', `One ${type.label} the caller may see (404 otherwise)`),
    responses: { 200: { description: `The ${type.label}`, schema } },
  });
}

/** PATCH `/<type>s/{<type>Id}`: a change. */
/* @__NO_SIDE_EFFECTS__ */
export function updateRoute<T extends WorkItemType, Item extends Schema, Update extends Schema>(
  type: WorkItemDescriptor<T>,
  spec: { schema: Item; body: Update; description: string },
) {
  return defineRoute({
    ...itemRoute(type, 'PATCH', '', 'update', spec.description),
    body: spec.body,
    responses: docs ? { 200: { description: `The updated ${type.label}`, schema: spec.schema } } : {},
  });
}

/** POST `/<type>s/{<type>Id}/archive`; `managers` names who may. */
/* @__NO_SIDE_EFFECTS__ */
export function archiveRoute<T extends WorkItemType, Item extends Schema>(
  type: WorkItemDescriptor<T>,
  schema: Item,
  managers: string,
) {
  return defineRoute({
    ...itemRoute(
      type,
      'POST',
      '/archive',
      'archive',
      `Archive ${withArticle(type.label)} (${managers}): it leaves the current lists for the archived ones`,
    ),
    responses: { 200: { description: `The archived ${type.label}`, schema } },
  });
}

/** POST `/<type>s/{<type>Id}/restore`. */
/* @__NO_SIDE_EFFECTS__ */
export function restoreRoute<T extends WorkItemType, Item extends Schema>(type: WorkItemDescriptor<T>, schema: Item) {
  return defineRoute({
    ...itemRoute(
      type,
      'POST',
      '/restore',
      'restore',
      `Restore an archived ${type.label} (the same access as archiving): it returns to the current lists`,
    ),
    responses: { 200: { description: `The restored ${type.label}`, schema } },
  });
}

/** DELETE `/<type>s/{<type>Id}`; `managers` names who may. */
/* @__NO_SIDE_EFFECTS__ */
export function removeRoute<T extends WorkItemType>(type: WorkItemDescriptor<T>, managers: string) {
  return defineRoute({
    ...itemRoute(type, 'DELETE', '', 'delete', `Delete ${withArticle(type.label)} and its list rows (${managers})`),
    responses: { 204: { description: 'Deleted' } },
  });
}

/**
 * The routes of one work item type: list, create, get, change, archive, restore and delete, made
 * from its descriptor and its own schemas. `managers` names who may archive and delete, and
 * `summaries` say what is particular to the type's list, create and change. (Jobs and incidents,
 * whose writes weigh the most, build each route on its own: see `listRoute`.)
 */
export function workItemRoutes<
  T extends WorkItemType,
  Item extends Schema,
  Summary extends Schema,
  Query extends Schema,
  Create extends Schema,
  Update extends Schema,
>(
  type: WorkItemDescriptor<T>,
  spec: {
    schema: Item;
    summary: Summary;
    query: Query;
    create: Create;
    update: Update;
    managers: string;
    summaries: { list: string; create: string; update: string };
  },
) {
  const { schema, summaries, managers } = spec;
  return {
    list: listRoute(type, { summary: spec.summary, query: spec.query, description: summaries.list }),
    create: createRoute(type, { schema, body: spec.create, description: summaries.create }),
    get: getRoute(type, schema),
    update: updateRoute(type, { schema, body: spec.update, description: summaries.update }),
    archive: archiveRoute(type, schema, managers),
    restore: restoreRoute(type, schema),
    remove: removeRoute(type, managers),
  };
}
