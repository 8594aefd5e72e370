import { inCollection, segment, startingWith, workCollection } from './segments';
import type { PrimaryKey, QueryTarget } from './table-definition';

/** PLN-2, PLN-3, PLN-4: a task group of a project, in the project's collection. */
export const projectTaskGroup = (accountId: string, projectId: string, groupId: string): PrimaryKey =>
  inCollection('project', accountId, projectId, `TASKGROUP#${segment(groupId)}`);

/** PLN-2, PLN-4: a task of a project, in the project's collection. */
export const projectTask = (accountId: string, projectId: string, taskId: string): PrimaryKey =>
  inCollection('project', accountId, projectId, `TASK#${segment(taskId)}`);

/**
 * PLN-2, PLN-3, PLN-4, PLN-5: the count of a project's task groups and tasks, kept by every write
 * that adds or removes one, so that deleting the project can require it to be 0 in the same
 * transaction.
 */
export const projectPlanCount = (accountId: string, projectId: string): PrimaryKey =>
  inCollection('project', accountId, projectId, 'PLANCOUNT');

/** PLN-1: a project's task groups and tasks ("TASK#…" then "TASKGROUP#…"): one Query of its collection. */
export const projectPlan = (accountId: string, projectId: string): QueryTarget =>
  startingWith(workCollection('project', accountId, projectId), 'TASK');
