import * as z from 'zod/mini';
import { documented, idSchema } from '#shared/contract';
import { riskAssessmentType } from '../shared/item-types';
import {
  createBody,
  dateRange,
  descriptionSchema,
  listQuery,
  ownerIdsSchema,
  titleSchema,
  updateBody,
  workItemRoutes,
} from '../shared/work-item.contract';
import { flaggedRecordShape, workItemSchemas } from '../shared/work-item.schema';
import { confidentialFilterShape } from '../shared/work-item-filters.contract';

export const maxAssessmentOwners = 10;

const assessmentSummaryShape = { ...flaggedRecordShape, title: z.string() };

export const { summary: riskAssessmentSummarySchema, item: riskAssessmentSchema } = workItemSchemas(
  riskAssessmentType,
  assessmentSummaryShape,
);
export type RiskAssessmentSummary = z.infer<typeof riskAssessmentSummarySchema>;
export type RiskAssessment = z.infer<typeof riskAssessmentSchema>;

const ownerIds = ownerIdsSchema(maxAssessmentOwners, 'a risk assessment');
const confidentialSchema = documented(z.boolean(), {
  description: 'A confidential assessment is seen and edited only with the confidential assessments grant',
});

export const createRiskAssessmentBody = createBody(riskAssessmentType, {
  title: titleSchema,
  description: z.optional(descriptionSchema),
  ownerIds,
  departmentId: z.optional(idSchema),
  confidential: z.optional(confidentialSchema),
});
export type CreateRiskAssessmentBody = z.infer<typeof createRiskAssessmentBody>;

export const updateRiskAssessmentBody = updateBody(riskAssessmentType, {
  title: z.optional(titleSchema),
  description: z.optional(descriptionSchema),
  ownerIds: z.optional(ownerIds),
  /** null removes it. */
  departmentId: z.optional(z.nullable(idSchema)),
  confidential: z.optional(confidentialSchema),
});
export type UpdateRiskAssessmentBody = z.infer<typeof updateRiskAssessmentBody>;

export const listRiskAssessmentsQuery = listQuery(riskAssessmentType, {
  ...dateRange('createdFrom', 'createdTo'),
  ...confidentialFilterShape,
});
export type ListRiskAssessmentsQuery = z.infer<typeof listRiskAssessmentsQuery>;

export const {
  list: listRiskAssessments,
  create: createRiskAssessment,
  get: getRiskAssessment,
  update: updateRiskAssessment,
  archive: archiveRiskAssessment,
  restore: restoreRiskAssessment,
  remove: deleteRiskAssessment,
} = workItemRoutes(riskAssessmentType, {
  schema: riskAssessmentSchema,
  summary: riskAssessmentSummarySchema,
  query: listRiskAssessmentsQuery,
  create: createRiskAssessmentBody,
  update: updateRiskAssessmentBody,
  managers: 'Risk Manager or admin roles',
  summaries: {
    list: 'The risk assessments the caller may see, one page at a time, by date created within each visibility scope',
    create: 'Create a risk assessment (Risk Assessments access; a confidential one needs the confidential grant)',
    update: 'Change a risk assessment; optimistic concurrency on `version`',
  },
});
