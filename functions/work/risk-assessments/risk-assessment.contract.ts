import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema } from '#shared/contract';
import { flaggedRecordShape } from '../risks/risk.contract';
import {
  changesSomething,
  confidentialFilterShape,
  dateTimeSchema,
  descriptionSchema,
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

export const getRiskAssessment = defineRoute({
  method: 'GET',
  path: '/risk-assessments/{riskAssessmentId}',
  auth: 'staff',
  operationId: 'getRiskAssessment',
  summary: 'One risk assessment the caller may see (404 otherwise)',
  tags,
  params: assessmentIdParams,
  responses: { 200: { description: 'The risk assessment', schema: riskAssessmentSchema } },
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

export const archiveRiskAssessment = defineRoute({
  method: 'POST',
  path: '/risk-assessments/{riskAssessmentId}/archive',
  auth: 'staff',
  operationId: 'archiveRiskAssessment',
  summary: 'Archive a risk assessment (Risk Manager or admin roles)',
  tags,
  params: assessmentIdParams,
  responses: { 200: { description: 'The archived risk assessment', schema: riskAssessmentSchema } },
});

export const restoreRiskAssessment = defineRoute({
  method: 'POST',
  path: '/risk-assessments/{riskAssessmentId}/restore',
  auth: 'staff',
  operationId: 'restoreRiskAssessment',
  summary: 'Restore an archived risk assessment (the same access as archiving): it returns to the current lists',
  tags,
  params: assessmentIdParams,
  responses: { 200: { description: 'The restored risk assessment', schema: riskAssessmentSchema } },
});

export const deleteRiskAssessment = defineRoute({
  method: 'DELETE',
  path: '/risk-assessments/{riskAssessmentId}',
  auth: 'staff',
  operationId: 'deleteRiskAssessment',
  summary: 'Delete a risk assessment and its list rows (Risk Manager or admin roles)',
  tags,
  params: assessmentIdParams,
  responses: { 204: { description: 'Deleted' } },
});
