import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema } from '#shared/contract';
import {
  changesSomething,
  confidentialFilterShape,
  dateTimeSchema,
  descriptionSchema,
  itemRoutes,
  listQueryShape,
  ownerIdsSchema,
  recordShape,
  titleSchema,
  versionSchema,
} from '../shared/work-item.contract';

/** A risk's lifecycle: drafted (anyone with Risk access), open, closed (Risk Managers and admin roles). */
export const riskStatuses = ['draft', 'open', 'closed'] as const;
/** What the item is: a risk, an issue (a risk that happened) or an opportunity. */
export const riskKinds = ['risk', 'issue', 'opportunity'] as const;
export const maxRiskOwners = 10;

const { privacyStatusId: _privacyStatusId, ...bookkeeping } = recordShape;

/** Stored and returned fields of a flagged work item (risks and risk assessments have no privacy status). */
export const flaggedRecordShape = {
  ...bookkeeping,
  /** Seen and edited only by those the permission model grants confidential items of the type. */
  confidential: z.boolean(),
};

const riskSummaryShape = {
  ...flaggedRecordShape,
  title: z.string(),
  kind: z.enum(riskKinds),
  status: z.enum(riskStatuses),
};

export const riskSummarySchema = component('RiskSummary', z.object(riskSummaryShape), {
  description: 'A risk, issue or opportunity as lists show it (no description)',
});
export type RiskSummary = z.infer<typeof riskSummarySchema>;

export const riskSchema = component('Risk', z.object({ ...riskSummaryShape, description: z.string() }));
export type Risk = z.infer<typeof riskSchema>;

const ownerIds = ownerIdsSchema(maxRiskOwners, 'a risk');
const confidentialSchema = documented(z.boolean(), {
  description: 'A confidential item is seen and edited only by those granted confidential items of its type',
});

export const createRiskBody = component(
  'CreateRisk',
  z.strictObject({
    title: titleSchema,
    description: z.optional(descriptionSchema),
    kind: z.enum(riskKinds),
    status: documented(z.optional(z.enum(riskStatuses)), {
      description: 'Defaults to draft; only Risk Managers and admin roles may create another status',
    }),
    ownerIds,
    departmentId: z.optional(idSchema),
    confidential: z.optional(confidentialSchema),
  }),
);
export type CreateRiskBody = z.infer<typeof createRiskBody>;

export const updateRiskBody = component(
  'UpdateRisk',
  z
    .strictObject({
      version: versionSchema,
      title: z.optional(titleSchema),
      description: z.optional(descriptionSchema),
      kind: z.optional(z.enum(riskKinds)),
      status: z.optional(z.enum(riskStatuses)),
      ownerIds: z.optional(ownerIds),
      /** null removes it. */
      departmentId: z.optional(z.nullable(idSchema)),
      confidential: z.optional(confidentialSchema),
    })
    .check(changesSomething),
);
export type UpdateRiskBody = z.infer<typeof updateRiskBody>;

const riskIdParams = z.strictObject({ riskId: idSchema });

export const riskPageSchema = component(
  'RiskPage',
  z.object({ items: z.array(riskSummarySchema), cursor: z.optional(z.string()) }),
);

export const listRisksQuery = z.strictObject({
  ...listQueryShape,
  createdFrom: z.optional(dateTimeSchema),
  createdTo: z.optional(dateTimeSchema),
  status: documented(z.optional(z.enum(riskStatuses)), { description: 'Only risks with this status' }),
  ...confidentialFilterShape,
});
export type ListRisksQuery = z.infer<typeof listRisksQuery>;

const tags = ['risks'];

export const listRisks = defineRoute({
  method: 'GET',
  path: '/risks',
  auth: 'staff',
  operationId: 'listRisks',
  summary:
    'The risks, issues and opportunities the caller may see, one page at a time, by date created within each visibility scope; status and a creation date range narrow it',
  tags,
  query: listRisksQuery,
  responses: { 200: { description: 'A page of risks', schema: riskPageSchema } },
});

export const createRisk = defineRoute({
  method: 'POST',
  path: '/risks',
  auth: 'staff',
  operationId: 'createRisk',
  summary:
    'Create a risk, issue or opportunity (Risk access; a draft unless Risk Manager or admin role: 403 RISK_DRAFT_ONLY; confidential needs Risk Manager)',
  tags,
  body: createRiskBody,
  responses: { 201: { description: 'The new risk', schema: riskSchema } },
});

export const {
  get: getRisk,
  archive: archiveRisk,
  restore: restoreRisk,
  remove: deleteRisk,
} = itemRoutes({
  name: 'Risk',
  label: 'risk',
  path: '/risks/{riskId}',
  params: riskIdParams,
  schema: riskSchema,
  tags: tags,
  managers: 'Risk Manager or admin roles',
});

export const updateRisk = defineRoute({
  method: 'PATCH',
  path: '/risks/{riskId}',
  auth: 'staff',
  operationId: 'updateRisk',
  summary:
    'Change a risk; optimistic concurrency on `version`; a status change needs Risk Manager or an admin role (403 STATUS_CHANGE_DENIED)',
  tags,
  params: riskIdParams,
  body: updateRiskBody,
  responses: { 200: { description: 'The updated risk', schema: riskSchema } },
});
