import * as z from 'zod/mini';
import { idSchema } from '#shared/contract';
import type { AssignableType, WorkItemType } from '#shared/data/keys';
import { lazySchema } from '#shared/lazy-schema';

/**
 * What the API calls one work item type, written once: the contracts of every capability that
 * has routes on items of the type (work, assignments, checklists, audit, portal) are made from it,
 * so their paths, operation ids, tags, sentences and params cannot drift apart between types.
 */
export interface WorkItemDescriptor<T extends WorkItemType = WorkItemType> {
  /** The type as keys, permissions and stream records name it. */
  type: T;
  /** The path parameter naming one item. */
  param: `${T}Id`;
  /** The path of the type's collection, e.g. `/risk-assessments`. */
  path: `/${string}`;
  /** The OpenAPI tag of the type's routes. */
  tag: string;
  /** The type in operation ids and component names, e.g. `RiskAssessment` (`listRiskAssessments`). */
  name: string;
  /** One item in a sentence, e.g. "log entry". */
  label: string;
  /** Several, e.g. "log entries". */
  plural: string;
}

// One constant per type, so a bundle holds the descriptors its routes use and no others.
export const jobType = {
  type: 'job',
  param: 'jobId',
  path: '/jobs',
  tag: 'jobs',
  name: 'Job',
  label: 'job',
  plural: 'jobs',
} as const satisfies WorkItemDescriptor<'job'>;

export const incidentType = {
  type: 'incident',
  param: 'incidentId',
  path: '/incidents',
  tag: 'incidents',
  name: 'Incident',
  label: 'incident',
  plural: 'incidents',
} as const satisfies WorkItemDescriptor<'incident'>;

export const logType = {
  type: 'log',
  param: 'logId',
  path: '/logs',
  tag: 'logs',
  name: 'Log',
  label: 'log entry',
  plural: 'log entries',
} as const satisfies WorkItemDescriptor<'log'>;

export const riskType = {
  type: 'risk',
  param: 'riskId',
  path: '/risks',
  tag: 'risks',
  name: 'Risk',
  label: 'risk',
  plural: 'risks',
} as const satisfies WorkItemDescriptor<'risk'>;

export const riskAssessmentType = {
  type: 'riskAssessment',
  param: 'riskAssessmentId',
  path: '/risk-assessments',
  tag: 'risk assessments',
  name: 'RiskAssessment',
  label: 'risk assessment',
  plural: 'risk assessments',
} as const satisfies WorkItemDescriptor<'riskAssessment'>;

export const projectType = {
  type: 'project',
  param: 'projectId',
  path: '/projects',
  tag: 'projects',
  name: 'Project',
  label: 'project',
  plural: 'projects',
} as const satisfies WorkItemDescriptor<'project'>;

/** The types external users are assigned to: their assignments, checklists, audit trail and portal routes. */
export const assignableTypes = {
  job: jobType,
  incident: incidentType,
} as const satisfies { [T in AssignableType]: WorkItemDescriptor<T> };

/** `{ [key]: value }` with its key's type kept (a computed key alone widens to `string`). */
function keyed<K extends string, V>(key: K, value: V): Record<K, V> {
  return { [key]: value } as Record<K, V>;
}

/**
 * The path parameters of a route on one item: `{ jobId }` for a job, then `more` (ids under it,
 * e.g. a checklist's); the keys stay in the type, so a handler reads `params.jobId` as a string.
 */
export function itemParams<T extends WorkItemType, M extends Record<string, typeof idSchema> = Record<never, never>>(
  type: WorkItemDescriptor<T>,
  more: M = {} as M,
) {
  return lazySchema(() => z.strictObject({ ...keyed(type.param, idSchema), ...more }));
}

/** "a job", "an incident". */
export const withArticle = (label: string) => `${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label}`;
