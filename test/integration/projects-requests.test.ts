import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { keys } from '../../functions/shared/data/keys';
import { dynamo, queryPage } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import {
  createTask,
  createTaskGroup,
  deleteTask,
  listProjectPlan,
  updateTask,
} from '../../functions/work/projects/plan-service';
import { createProject, deleteProject, getProject, listProjects } from '../../functions/work/projects/project-service';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { countRequests } from '../support/request-counter';

const counter = countRequests(dynamo);

describe('project and task request budgets', () => {
  let admin: StaffUser;
  let accountId: string;
  const projectIds: string[] = [];

  beforeAll(async () => {
    accountId = await newAccount('projects');
    admin = await newUser(accountId, 'account_admin');
    for (let i = 0; i < 4; i++) {
      const p = await createProject(
        callerOf(admin),
        { title: `P${i}`, ownerIds: [admin.id], confidential: i === 3 },
        clock,
      );
      projectIds.push(p.id);
    }
  });

  it('serves a page of owned projects with one Query and the specific projects with one BatchGetItem', async () => {
    const user = await newUser(accountId, 'general', {
      planning: { access: true, edit: 'owned', see: projectIds.slice(0, 3) },
    });
    counter.reset();
    const first = await listProjects(callerOf(user), {});
    const firstRequests = [...counter.sent];
    counter.reset();
    const second = await listProjects(callerOf(user), { cursor: first.cursor as string });
    expect(first.items).toEqual([]);
    expect(firstRequests).toEqual(['Get', 'Query']);
    expect(counter.sent).toEqual(['Get', 'BatchGet']);
    expect(second.items.map((p) => p.id).sort()).toEqual(projectIds.slice(0, 3).sort());
    expect(second.cursor).toBeUndefined();
  });

  it('drops a granted project of the other class from a specific-projects page', async () => {
    const user = await newUser(accountId, 'general', {
      planning: { access: true, edit: [projectIds[0] as string, projectIds[3] as string], see: [] },
    });
    const page = await listProjects(callerOf(user), {});
    expect(page.items.map((p) => p.id)).toEqual([projectIds[0]]);
  });

  it('reads a project plan with two GetItems and one Query', async () => {
    const projectId = projectIds[0] as string;
    const group = await createTaskGroup(callerOf(admin), projectId, { name: 'G' }, clock);
    await createTask(callerOf(admin), projectId, { title: 'T', groupId: group.id }, clock);
    counter.reset();
    const plan = await listProjectPlan(callerOf(admin), projectId, {});
    expect([...counter.sent].sort()).toEqual(['Get', 'Get', 'Query']);
    expect(plan.taskGroups.map((g) => g.taskCount)).toEqual([1]);
  });

  it('moves a task between groups in one transaction that keeps both task counts', async () => {
    const projectId = projectIds[1] as string;
    const [a, b] = await Promise.all([
      createTaskGroup(callerOf(admin), projectId, { name: 'A', position: 1 }, clock),
      createTaskGroup(callerOf(admin), projectId, { name: 'B', position: 2 }, clock),
    ]);
    const task = await createTask(callerOf(admin), projectId, { title: 'T', groupId: a.id }, clock);
    counter.reset();
    await updateTask(callerOf(admin), projectId, task.id, { version: 1, groupId: b.id }, clock);
    const requests = [...counter.sent].sort();
    const plan = await listProjectPlan(callerOf(admin), projectId, {});
    expect(requests).toEqual(['Get', 'Get', 'Get', 'TransactWriteItems']);
    expect(plan.taskGroups.map((g) => [g.name, g.taskCount])).toEqual([
      ['A', 0],
      ['B', 1],
    ]);
  });

  it('deletes an emptied project with the two reads and one transaction, and no plan Query', async () => {
    const p = await createProject(callerOf(admin), { title: 'Short-lived', ownerIds: [admin.id] }, clock);
    const task = await createTask(callerOf(admin), p.id, { title: 'Only task' }, clock);
    await deleteTask(callerOf(admin), p.id, task.id);
    counter.reset();
    await deleteProject(callerOf(admin), p.id);
    expect(counter.sent).toEqual(['Get', 'Get', 'TransactWriteItems']);
  });

  it('never leaves a task in a deleted project: a task added while the project is deleted stops the delete or is refused', async () => {
    const rows = async (projectId: string) =>
      (await queryPage(keys.projectPlan(accountId, projectId), z.record(z.string(), z.unknown()), { limit: 10 })).items;
    for (let round = 0; round < 8; round++) {
      const p = await createProject(callerOf(admin), { title: `Race ${round}`, ownerIds: [admin.id] }, clock);
      const [removed, added] = await Promise.allSettled([
        deleteProject(callerOf(admin), p.id),
        createTask(callerOf(admin), p.id, { title: 'Late task' }, clock),
      ]);
      expect(removed.status === 'fulfilled' && added.status === 'fulfilled').toBe(false);
      if (removed.status === 'rejected') expect(removed.reason).toMatchObject({ status: 409 });
      if (added.status === 'rejected') expect([404, 409]).toContain(added.reason.status);
      const gone = await getProject(callerOf(admin), p.id).then(
        () => false,
        () => true,
      );
      // The invariant: a deleted project leaves no rows behind; a kept one holds the task it accepted.
      expect({ gone, rows: (await rows(p.id)).length }).toEqual({
        gone: removed.status === 'fulfilled',
        rows: added.status === 'fulfilled' ? 1 : 0,
      });
    }
  });
});
