import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { effectivePermissions } from '../../functions/staff/permissions/effective-permissions';
import { createTaskBody, updateTaskBody } from '../../functions/work/projects/plan.contract';
import { createProjectBody } from '../../functions/work/projects/project.contract';
import { type Actor, decideOn } from '../../functions/work/shared/work-item-access';

const actor = (planning: object): Actor => ({
  accountId: 'a',
  userId: 'me',
  effective: effectivePermissions('general', { planning: { access: true, ...planning } }),
});

describe('project decisions through the shared work item access', () => {
  it('lets a user edit a project whose id is on their specific edit list', () => {
    const decision = decideOn(actor({ edit: ['p1'] }), 'project', 'edit', { id: 'p1', ownerIds: ['x'] });
    expect(decision).toEqual({ allowed: true });
  });

  it('hides a project whose id is not on the specific lists (404)', () => {
    const decision = decideOn(actor({ edit: ['p1'], see: ['p2'] }), 'project', 'see', { id: 'p3', ownerIds: ['x'] });
    expect(decision).toMatchObject({ allowed: false, status: 404 });
  });

  it('hides a confidential project from a user granted it only for seeing non-confidential ones', () => {
    const decision = decideOn(actor({ see: ['p1'], edit: [] }), 'project', 'see', {
      id: 'p1',
      ownerIds: ['me'],
      confidential: true,
    });
    expect(decision).toMatchObject({ allowed: false, status: 404 });
  });

  it('lets a confidential grant of the project id edit it', () => {
    const decision = decideOn(actor({ edit: 'owned', confidential: ['p1'] }), 'project', 'edit', {
      id: 'p1',
      ownerIds: ['x'],
      confidential: true,
    });
    expect(decision).toEqual({ allowed: true });
  });
});

describe('project and task bodies', () => {
  it('refuses a project with more than ten owners', () => {
    const ownerIds = Array.from({ length: 11 }, (_, i) => `u${i}`);
    expect(z.safeParse(createProjectBody, { title: 'T', ownerIds }).success).toBe(false);
  });

  it('refuses a new task that starts after it is due', () => {
    const body = { title: 'T', start: '2026-12-02T00:00:00Z', due: '2026-12-01T23:59:59Z' };
    expect(z.safeParse(createTaskBody, body).success).toBe(false);
  });

  it('accepts a task change that only clears the due date', () => {
    expect(z.safeParse(updateTaskBody, { version: 3, due: null }).success).toBe(true);
  });

  it('refuses a task change that changes nothing but the version', () => {
    expect(z.safeParse(updateTaskBody, { version: 3 }).success).toBe(false);
  });
});
