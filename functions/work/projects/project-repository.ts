import { projectPlanCount, workItem } from '#shared/data/keys';
import { batchGetItems, countAdd, deleteZeroCount, mustExist, type Step } from '#shared/data/table';
import { type ProjectSummary, projectSummarySchema } from './project.schema';

// A project's data beyond what every work item has (see `workItemStore`): the count of its plan's
// task groups and tasks, and its summaries by id.

/** The attribute of a project's plan count item. */
const planCountField = 'rows';

/**
 * The steps that count a task group or task into (+1) or out of (-1) its project's plan; one
 * coming in also requires the project to exist (step `project`), so nothing is added to a project
 * deleted meanwhile.
 */
export function planCountChange(accountId: string, projectId: string, delta: 1 | -1): Step[] {
  return [
    { name: 'planCount', write: countAdd(projectPlanCount(accountId, projectId), planCountField, delta) },
    ...(delta > 0 ? [{ name: 'project', write: mustExist(workItem('project', accountId, projectId)) }] : []),
  ];
}

/**
 * The step that holds only while the project's plan is empty (its count 0, or never counted),
 * deleting its count: task and group writes keep the count in their own transactions.
 */
export function emptyPlanStep(accountId: string, projectId: string): Step {
  return { name: 'planCount', write: deleteZeroCount(projectPlanCount(accountId, projectId), planCountField) };
}

/** One BatchGetItem (at most 100 ids): the summaries of the account's projects with these ids, those found. */
export function findProjectSummaries(accountId: string, projectIds: readonly string[]): Promise<ProjectSummary[]> {
  return batchGetItems(
    projectIds.map((id) => workItem('project', accountId, id)),
    projectSummarySchema,
  );
}
