import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema } from '#shared/contract';
import type { AssignableType } from '#shared/data/keys';
import { lazySchema } from '#shared/lazy-schema';
import { assignableTypes, itemParams, type WorkItemDescriptor, withArticle } from '../work/shared/item-types';
import { auditEntrySchema } from './audit-event';

export const auditEntryViewSchema = component(
  'AuditEntry',
  lazySchema(() => auditEntrySchema),
);

export const auditPageSchema = component(
  'AuditPage',
  lazySchema(() => z.object({ items: z.array(auditEntryViewSchema), cursor: z.optional(z.string()) })),
);

const pageQuery = {
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
};
export const itemTrailQuery = lazySchema(() => z.strictObject(pageQuery));
export type ItemTrailQuery = z.infer<typeof itemTrailQuery>;

const instant = lazySchema(() => z.iso.datetime({ offset: true }));
export const activityQuery = lazySchema(() =>
  z.strictObject({
    ...pageQuery,
    externalUserId: z.optional(idSchema),
    itemType: z.optional(z.enum(['job', 'incident'])),
    from: documented(z.optional(instant), { description: 'Entries at or after this instant' }),
    to: documented(z.optional(instant), { description: 'Entries at or before this instant' }),
  }),
);
export type ActivityQuery = z.infer<typeof activityQuery>;

const trailRoute = <T extends AssignableType>(type: WorkItemDescriptor<T>) =>
  defineRoute({
    method: 'GET',
    path: `${type.path}/{${type.param}}/audit`,
    auth: 'staff',
    operationId: `list${type.name}Audit`,
    summary: `The audit trail of ${withArticle(type.label)} the caller may see, newest first: what external users and staff did on it`,
    tags: [type.tag],
    params: itemParams(type),
    query: itemTrailQuery,
    responses: { 200: { description: 'A page of entries', schema: auditPageSchema } },
  });

/** The audit trail of a job or an incident, by item type (one handler serves both). */
export const listItemAudit = {
  job: trailRoute(assignableTypes.job),
  incident: trailRoute(assignableTypes.incident),
};

export const listExternalActivity = defineRoute({
  method: 'GET',
  path: '/external-activity',
  auth: 'staff',
  operationId: 'listExternalActivity',
  summary:
    'Every external user action across jobs and incidents, and the staff changes of customers and sites, newest first (admin roles); filter by external user, item type and date range',
  tags: ['audit'],
  query: activityQuery,
  responses: { 200: { description: 'A page of entries', schema: auditPageSchema } },
});
