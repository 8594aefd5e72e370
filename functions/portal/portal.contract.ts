import * as z from 'zod/mini';
import { component, defineRoute } from '#shared/contract';
import type { AssignableType } from '#shared/data/keys';
import { lazySchema } from '#shared/lazy-schema';
import { answerSchema, checklistWithAnswersSchema } from '../checklists/checklist.schema';
import { linkStateSchema } from '../links/link.contract';
import { assignableTypes, itemParams, type WorkItemDescriptor, withArticle } from '../work/shared/item-types';

/**
 * An answer in the portal: the caller's own carry their proof (`userAgent`, `gps`) and
 * `requestId`; another external user's or staff's answers only what, who and when.
 */
export const portalAnswerSchema = component(
  'PortalChecklistAnswer',
  lazySchema(() => z.extend(answerSchema, { userAgent: z.optional(z.string()), requestId: z.optional(z.string()) })),
);
export type PortalAnswer = z.infer<typeof portalAnswerSchema>;

const portalChecklistSchema = component(
  'PortalChecklist',
  lazySchema(() => z.extend(checklistWithAnswersSchema, { answers: z.array(portalAnswerSchema) })),
);

/**
 * An item as its external user sees it: read-only details and what they may do with it now
 * (`open`: work on it; `completed` and `past_due`: read only).
 */
export const portalItemSchema = component(
  'PortalItem',
  lazySchema(() =>
    z.object({
      type: z.enum(['job', 'incident']),
      id: z.string(),
      title: z.string(),
      description: z.string(),
      /** Jobs: the due date. */
      dueAt: z.optional(z.string()),
      /** Incidents: when it was raised. */
      raisedAt: z.optional(z.string()),
      location: z.object({ text: z.string(), lat: z.optional(z.number()), lng: z.optional(z.number()) }),
      /** The owners' names ("Given Family"), the people responsible for the item. */
      owners: z.array(z.string()),
      access: linkStateSchema,
      /** The checklists this external user fills (open: editable; completed or past due: read-only). */
      checklists: z.array(portalChecklistSchema),
    }),
  ),
);
export type PortalItem = z.infer<typeof portalItemSchema>;

const portalItemRoute = <T extends AssignableType>(type: WorkItemDescriptor<T>) =>
  defineRoute({
    method: 'GET',
    path: `/portal${type.path}/{${type.param}}`,
    auth: 'portal',
    operationId: `getPortal${type.name}`,
    summary: `The ${type.label} the external user is assigned to, read-only, with its access state; 403 ACCESS_REVOKED once they are not, 403 TERMS_NOT_ACCEPTED (details.terms) until they accept the current terms; 401 VERIFICATION_EXPIRED 24 hours after the code`,
    tags: ['portal'],
    params: itemParams(type),
    responses: { 200: { description: `The ${type.label}`, schema: portalItemSchema } },
  });

/** A job or an incident as its external user sees it, by item type (one handler serves both). */
export const getPortalItem = {
  job: portalItemRoute(assignableTypes.job),
  incident: portalItemRoute(assignableTypes.incident),
};

const changeRoute = <T extends AssignableType>(type: WorkItemDescriptor<T>) =>
  defineRoute({
    method: 'PATCH',
    path: `/portal${type.path}/{${type.param}}`,
    auth: 'portal',
    operationId: `changePortal${type.name}`,
    summary: `Always refused (403 ITEM_CHANGE_REFUSED): external users never change ${withArticle(type.label)}, its status included. The attempt is recorded in the audit trail (external activity) with the fields it tried to change`,
    tags: ['portal'],
    params: itemParams(type),
    body: z.record(z.string(), z.unknown()),
    responses: {},
  });

/** Not a way to change an item: the place a crafted change attempt is refused and recorded, by item type. */
export const changePortalItem = {
  job: changeRoute(assignableTypes.job),
  incident: changeRoute(assignableTypes.incident),
};
