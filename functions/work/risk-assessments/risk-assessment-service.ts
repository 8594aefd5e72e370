import type { Clock } from '#shared/clock';
import type { StaffCaller } from '#shared/http';
import { riskModuleRights } from '../../staff/permissions/effective-permissions';
import {
  archiveWorkItem,
  createWorkItem,
  deleteWorkItem,
  getWorkItem,
  listWorkItems,
  updateWorkItem,
  type WorkItemKind,
} from '../shared/work-item-service';
import { workItemStore } from '../shared/work-item-store';
import {
  type CreateRiskAssessmentBody,
  type ListRiskAssessmentsQuery,
  type RiskAssessment,
  type RiskAssessmentSummary,
  riskAssessmentSchema,
  riskAssessmentSummarySchema,
  type UpdateRiskAssessmentBody,
} from './risk-assessment.contract';

const definition = {
  type: 'riskAssessment',
  entity: 'RiskAssessment',
  label: 'risk assessment',
  schema: riskAssessmentSchema,
  summarySchema: riskAssessmentSummarySchema,
  sortAt: (assessment: RiskAssessment) => assessment.createdAt,
} as const;

/** Risk assessments: stored and listed by the shared work item machinery, by date created. */
export const riskAssessments: WorkItemKind<RiskAssessment, RiskAssessmentSummary> = {
  ...definition,
  store: workItemStore<RiskAssessment, RiskAssessmentSummary>(definition),
  dateFields: [],
  rangeFields: { from: 'createdFrom', to: 'createdTo' },
  rights: riskModuleRights,
};

/** Creates a risk assessment (see `createWorkItem`); a confidential one needs the confidential assessments grant. */
export function createRiskAssessment(
  caller: StaffCaller,
  body: CreateRiskAssessmentBody,
  clock?: Clock,
): Promise<RiskAssessment> {
  return createWorkItem(
    riskAssessments,
    caller,
    {
      title: body.title,
      description: body.description ?? '',
      ownerIds: body.ownerIds,
      ...(body.departmentId !== undefined ? { departmentId: body.departmentId } : {}),
      confidential: body.confidential ?? false,
    },
    undefined,
    clock,
  );
}

/** A risk assessment the caller may see (404 otherwise). */
export const getRiskAssessment = (caller: StaffCaller, id: string) => getWorkItem(riskAssessments, caller, id);

/** Changes a risk assessment (see `updateWorkItem`). */
export const updateRiskAssessment = (caller: StaffCaller, id: string, body: UpdateRiskAssessmentBody, clock?: Clock) =>
  updateWorkItem(riskAssessments, caller, id, body, () => undefined, clock);

/** Archives a risk assessment (Risk Manager or admin roles). */
export const archiveRiskAssessment = (caller: StaffCaller, id: string, clock?: Clock) =>
  archiveWorkItem(riskAssessments, caller, id, clock);

/** Restores an archived risk assessment (whoever may archive it): it returns to the current lists. */
export const restoreRiskAssessment = (caller: StaffCaller, id: string, clock?: Clock) =>
  archiveWorkItem(riskAssessments, caller, id, clock, false);

/** Deletes a risk assessment (Risk Manager or admin roles). */
export const deleteRiskAssessment = (caller: StaffCaller, id: string) => deleteWorkItem(riskAssessments, caller, id);

/** One page of the risk assessments the caller may see, by date created. */
export const listRiskAssessments = (caller: StaffCaller, query: ListRiskAssessmentsQuery) =>
  listWorkItems(riskAssessments, caller, query);
