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
  type CreateRiskBody,
  type ListRisksQuery,
  type Risk,
  type RiskSummary,
  riskSchema,
  riskSummarySchema,
  type UpdateRiskBody,
} from './risk.contract';

const definition = {
  type: 'risk',
  entity: 'Risk',
  label: 'risk',
  schema: riskSchema,
  summarySchema: riskSummarySchema,
  sortAt: (risk: Risk) => risk.createdAt,
} as const;

/** Risks, issues and opportunities: stored and listed by the shared work item machinery, by date created. */
export const risks: WorkItemKind<Risk, RiskSummary> = {
  ...definition,
  store: workItemStore<Risk, RiskSummary>(definition),
  dateFields: [],
  rangeFields: { from: 'createdFrom', to: 'createdTo' },
  rights: riskModuleRights,
};

/**
 * Creates a risk (see `createWorkItem`): a draft unless `status` says otherwise, which only Risk
 * Managers and admin roles may (403 RISK_DRAFT_ONLY); confidential ones need a Risk Manager.
 */
export function createRisk(caller: StaffCaller, body: CreateRiskBody, clock?: Clock): Promise<Risk> {
  return createWorkItem(
    risks,
    caller,
    {
      title: body.title,
      description: body.description ?? '',
      kind: body.kind,
      status: body.status ?? 'draft',
      ownerIds: body.ownerIds,
      ...(body.departmentId !== undefined ? { departmentId: body.departmentId } : {}),
      confidential: body.confidential ?? false,
    },
    undefined,
    clock,
  );
}

/** A risk the caller may see (404 otherwise). */
export const getRisk = (caller: StaffCaller, id: string) => getWorkItem(risks, caller, id);

/** Changes a risk (see `updateWorkItem`); a status change needs the status right (403 STATUS_CHANGE_DENIED). */
export const updateRisk = (caller: StaffCaller, id: string, body: UpdateRiskBody, clock?: Clock) =>
  updateWorkItem(risks, caller, id, body, () => undefined, clock);

/** Archives a risk (Risk Manager or admin roles). */
export const archiveRisk = (caller: StaffCaller, id: string, clock?: Clock) =>
  archiveWorkItem(risks, caller, id, clock);

/** Restores an archived risk (whoever may archive it): it returns to the current lists. */
export const restoreRisk = (caller: StaffCaller, id: string, clock?: Clock) =>
  archiveWorkItem(risks, caller, id, clock, false);

/** Deletes a risk (Risk Manager or admin roles). */
export const deleteRisk = (caller: StaffCaller, id: string) => deleteWorkItem(risks, caller, id);

/** One page of the risks the caller may see, by date created. */
export const listRisks = (caller: StaffCaller, query: ListRisksQuery) => listWorkItems(risks, caller, query);
