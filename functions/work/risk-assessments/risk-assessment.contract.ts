import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema } from '#shared/contract';
import { flaggedRecordShape } from '../risks/risk.contract';
import {
  changesSomething,
  confidentialFilterShape,
  dateTimeSchema,
  descriptionSchema,
  itemRoutes,
  listQueryShape,
  ownerIdsSchema,
  titleSchema,
  versionSchema,
} from '../shared/work-item.contract';

export const maxAssessmentOwners = 10;

const assessmentSummaryShape = { ...flaggedRecordShape, title: z.string() };

export const riskAssessmentSummarySchema = component('RiskAssessmentSummary', z.object(assessmentSummaryShape), {
  description: 'A risk assessment as lists show it (no description)',
});
export type RiskAssessmentSummary = z.infer<typeof riskAssessmentSummarySchema>;

export const riskAssessmentSchema = component(
  'RiskAssessment',
  z.object({ ...assessmentSummaryShape, description: z.string() }),
);
export type RiskAssessment = z.infer<typeof riskAssessmentSchema>;

const ownerIds = ownerIdsSchema(maxAssessmentOwners, 'a risk assessment');
const confidentialSchema = documented(z.boolean(), {
  description: 'A confidential assessment is seen and edited only with the confidential assessments grant',
});

export const createRiskAssessmentBody = component(
  'CreateRiskAssessment',
  z.strictObject({
    title: titleSchema,
    description: z.optional(descriptionSchema),
    ownerIds,
    departmentId: z.optional(idSchema),
    confidential: z.optional(confidentialSchema),
  }),
);
export type CreateRiskAssessmentBody = z.infer<typeof createRiskAssessmentBody>;

export const updateRiskAssessmentBody = component(
  'UpdateRiskAssessment',
  z
    .strictObject({
      version: versionSchema,
      title: z.optional(titleSchema),
      description: z.optional(descriptionSchema),
      ownerIds: z.optional(ownerIds),
      /** null removes it. */
      departmentId: z.optional(z.nullable(idSchema)),
      confidential: z.optional(confidentialSchema),
    })
    .check(changesSomething),
);
export type UpdateRiskAssessmentBody = z.infer<typeof updateRiskAssessmentBody>;

const assessmentIdParams = z.strictObject({ riskAssessmentId: idSchema });

export const riskAssessmentPageSchema = component(
  'RiskAssessmentPage',
  z.object({ items: z.array(riskAssessmentSummarySchema), cursor: z.optional(z.string()) }),
);

export const listRiskAssessmentsQuery = z.strictObject({
  ...listQueryShape,
  createdFrom: z.optional(dateTimeSchema),
  createdTo: z.optional(dateTimeSchema),
  ...confidentialFilterShape,
});
export type ListRiskAssessmentsQuery = z.infer<typeof listRiskAssessmentsQuery>;

const tags = ['risk assessments'];

export const listRiskAssessments = defineRoute({
  method: 'GET',
  path: '/risk-assessments',
  auth: 'staff',
  operationId: 'listRiskAssessments',
  summary: 'The risk assessments the caller may see, one page at a time, by date created within each visibility scope',
  tags,
  query: listRiskAssessmentsQuery,
  responses: { 200: { description: 'A page of risk assessments', schema: riskAssessmentPageSchema } },
});

export const createRiskAssessment = defineRoute({
  method: 'POST',
  path: '/risk-assessments',
  auth: 'staff',
  operationId: 'createRiskAssessment',
  summary: 'Create a risk assessment (Risk Assessments access; a confidential one needs the confidential grant)',
  tags,
  body: createRiskAssessmentBody,
  responses: { 201: { description: 'The new risk assessment', schema: riskAssessmentSchema } },
});

export const {
  get: getRiskAssessment,
  archive: archiveRiskAssessment,
  restore: restoreRiskAssessment,
  remove: deleteRiskAssessment,
} = itemRoutes({
  name: 'RiskAssessment',
  label: 'risk assessment',
  path: '/risk-assessments/{riskAssessmentId}',
  params: assessmentIdParams,
  schema: riskAssessmentSchema,
  tags: tags,
  managers: 'Risk Manager or admin roles',
});

export const updateRiskAssessment = defineRoute({
  method: 'PATCH',
  path: '/risk-assessments/{riskAssessmentId}',
  auth: 'staff',
  operationId: 'updateRiskAssessment',
  summary: 'Change a risk assessment; optimistic concurrency on `version`',
  tags,
  params: assessmentIdParams,
  body: updateRiskAssessmentBody,
  responses: { 200: { description: 'The updated risk assessment', schema: riskAssessmentSchema } },
});
