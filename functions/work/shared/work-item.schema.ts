import * as z from 'zod/mini';
import type { $ZodLooseShape } from 'zod/v4/core';
import { component, docs, documented } from '#shared/contract';
import type { WorkItemType } from '#shared/data/keys';
import { lazySchema } from '#shared/lazy-schema';
import { type WorkItemDescriptor, withArticle } from './item-types';

// The work items' record schemas apart from their request bodies and routes
// (work-item.contract.ts): a function that only reads an item (assignments, checklists, the
// stream consumer) builds the record's schemas and none of the write contracts.

/** Jobs and incidents: the owners' names, as shown to external users; set by FieldPass, never by a request. */
export const ownerNamesField = /* @__PURE__ */ documented(
  /* @__PURE__ */ lazySchema(() => z.optional(z.array(z.string()))),
  docs && {
    description:
      "The owners' names (given and family name), in the order of ownerIds, as they were when the owners were last set; read-only",
  },
);

/** The bookkeeping fields every stored incident and log has (a job lists its own, in its own order). */
export const recordShape = /* @__PURE__ */ (() => ({
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
}))();

/** The bookkeeping fields of risks, risk assessments and projects: confidential by flag, no privacy status. */
export const flaggedRecordShape = /* @__PURE__ */ (() => ({
  ...withoutPrivacyStatus(recordShape),
  /** Seen and edited only by those the permission model grants confidential items of the type. */
  confidential: z.boolean(),
}))();

function withoutPrivacyStatus<S extends { privacyStatusId: unknown }>({ privacyStatusId: _, ...rest }: S) {
  return rest;
}

/**
 * The item schema of a type (component `<Name>`) and its list entry (`<Name>Summary`): the list
 * entry's fields, and the item has its description besides.
 */
export function workItemSchemas<T extends WorkItemType, Shape extends $ZodLooseShape>(
  type: WorkItemDescriptor<T>,
  summaryShape: Shape | (() => Shape),
  summaryDescription?: string,
) {
  // Given as a function, the shape and both schemas are made on first use (`lazySchema`).
  const fields = typeof summaryShape === 'function' ? summaryShape : () => summaryShape;
  return {
    summary: component(
      `${type.name}Summary`,
      lazySchema(() => z.object(fields())),
      // The global's own test, not `docs`, so the helpers are left out of bundles (openapi-strings.ts).
      typeof FIELDPASS_OPENAPI_STRINGS === 'undefined' && {
        description: summaryDescription ?? `${capitalised(withArticle(type.label))} as lists show it (no description)`,
      },
    ),
    item: component(
      type.name,
      lazySchema(() => z.object({ ...fields(), description: z.string() })),
    ),
  };
}

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
