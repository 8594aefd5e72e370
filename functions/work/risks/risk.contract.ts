import * as z from 'zod/mini';
import { documented, idSchema } from '#shared/contract';
import { riskType } from '../shared/item-types';
import {
  createBody,
  dateRange,
  descriptionSchema,
  listQuery,
  ownerIdsSchema,
  statusFilter,
  titleSchema,
  updateBody,
  workItemRoutes,
} from '../shared/work-item.contract';
import { flaggedRecordShape, workItemSchemas } from '../shared/work-item.schema';
import { confidentialFilterShape } from '../shared/work-item-filters.contract';

/** A risk's lifecycle: drafted (anyone with Risk access), open, closed (Risk Managers and admin roles). */
export const riskStatuses = ['draft', 'open', 'closed'] as const;
/** What the item is: a risk, an issue (a risk that happened) or an opportunity. */
export const riskKinds = ['risk', 'issue', 'opportunity'] as const;
export const maxRiskOwners = 10;

const riskSummaryShape = {
  ...flaggedRecordShape,
  title: z.string(),
  kind: z.enum(riskKinds),
  status: z.enum(riskStatuses),
};

export const { summary: riskSummarySchema, item: riskSchema } = workItemSchemas(
  riskType,
  riskSummaryShape,
  'A risk, issue or opportunity as lists show it (no description)',
);
export type RiskSummary = z.infer<typeof riskSummarySchema>;
export type Risk = z.infer<typeof riskSchema>;

const ownerIds = ownerIdsSchema(maxRiskOwners, 'a risk');
const confidentialSchema = documented(z.boolean(), {
  description: 'A confidential item is seen and edited only by those granted confidential items of its type',
});

export const createRiskBody = createBody(riskType, {
  title: titleSchema,
  description: z.optional(descriptionSchema),
  kind: z.enum(riskKinds),
  status: documented(z.optional(z.enum(riskStatuses)), {
    description: 'Defaults to draft; only Risk Managers and admin roles may create another status',
  }),
  ownerIds,
  departmentId: z.optional(idSchema),
  confidential: z.optional(confidentialSchema),
});
export type CreateRiskBody = z.infer<typeof createRiskBody>;

export const updateRiskBody = updateBody(riskType, {
  title: z.optional(titleSchema),
  description: z.optional(descriptionSchema),
  kind: z.optional(z.enum(riskKinds)),
  status: z.optional(z.enum(riskStatuses)),
  ownerIds: z.optional(ownerIds),
  /** null removes it. */
  departmentId: z.optional(z.nullable(idSchema)),
  confidential: z.optional(confidentialSchema),
});
export type UpdateRiskBody = z.infer<typeof updateRiskBody>;

export const listRisksQuery = listQuery(riskType, {
  ...dateRange('createdFrom', 'createdTo'),
  ...statusFilter(riskType, riskStatuses),
  ...confidentialFilterShape,
});
export type ListRisksQuery = z.infer<typeof listRisksQuery>;

export const {
  list: listRisks,
  create: createRisk,
  get: getRisk,
  update: updateRisk,
  archive: archiveRisk,
  restore: restoreRisk,
  remove: deleteRisk,
} = workItemRoutes(riskType, {
  schema: riskSchema,
  summary: riskSummarySchema,
  query: listRisksQuery,
  create: createRiskBody,
  update: updateRiskBody,
  managers: 'Risk Manager or admin roles',
  summaries: {
    list: 'The risks, issues and opportunities the caller may see, one page at a time, by date created within each visibility scope; status and a creation date range narrow it',
    create:
      'Create a risk, issue or opportunity (Risk access; a draft unless Risk Manager or admin role: 403 RISK_DRAFT_ONLY; confidential needs Risk Manager)',
    update:
      'Change a risk; optimistic concurrency on `version`; a status change needs Risk Manager or an admin role (403 STATUS_CHANGE_DENIED)',
  },
});
