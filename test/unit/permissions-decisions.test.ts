import { describe, expect, it } from 'vitest';
import { type Caller, decide, type WorkItem } from '../../functions/staff/permissions/access';
import type { ModulePermissions } from '../../functions/staff/permissions/permission-settings';
import type { StaffRole } from '../../functions/staff/permissions/roles';

// The decisions the issue leaves open, each pinned by a test.

const me = 'user-me';
const other = 'user-other';
const as = (role: StaffRole, permissions: ModulePermissions = {}): Caller => ({ role, userId: me, permissions });
const general = (permissions: ModulePermissions) => as('general', permissions);
const allowed = { allowed: true };

describe('answers a caller may not see as not found', () => {
  it('answers 404 NOT_FOUND for every action on an item the caller cannot see, so existence never leaks', () => {
    const caller = general({ jobs: { access: true, edit: 'owned', see: 'owned' } });
    const hidden: WorkItem = { type: 'job', ownerIds: [other] };
    for (const action of ['see', 'edit', 'changeStatus', 'archive', 'delete'] as const) {
      expect(decide(caller, action, hidden)).toEqual({ allowed: false, status: 404, code: 'NOT_FOUND' });
    }
  });

  it('answers 403 with the missing permission for a write on an item the caller can see', () => {
    const caller = general({ jobs: { access: true, edit: 'owned', see: 'all' } });
    expect(decide(caller, 'edit', { type: 'job', ownerIds: [other] })).toEqual({
      allowed: false,
      status: 403,
      code: 'EDIT_DENIED',
    });
  });

  it('treats an owner list that merely contains a similar id as not owned', () => {
    const caller = general({ jobs: { access: true, edit: 'owned', see: 'owned' } });
    expect(decide(caller, 'see', { type: 'job', ownerIds: [`${me} `, me.toUpperCase(), ''] })).toMatchObject({
      status: 404,
    });
  });
});

describe('job categories', () => {
  const category: WorkItem = { type: 'jobCategory' };

  it('are read by everyone with Jobs access, and by nobody without it', () => {
    expect(decide(general({ jobs: { access: true, edit: 'owned', see: 'owned' } }), 'see', category)).toEqual(allowed);
    expect(decide(general({}), 'see', category)).toMatchObject({ status: 404 });
  });

  it('are managed by the admin roles only (they are "other settings")', () => {
    for (const role of ['account_admin', 'user_admin', 'admin'] as const) {
      for (const action of ['create', 'edit', 'archive', 'delete'] as const) {
        expect(decide(as(role), action, category), `${role} ${action}`).toEqual(allowed);
      }
    }
    expect(decide(general({ jobs: { access: true } }), 'create', category)).toMatchObject({ code: 'CREATE_DENIED' });
    expect(decide(general({ jobs: { access: true } }), 'edit', category)).toMatchObject({ code: 'EDIT_DENIED' });
  });
});

describe('creating items', () => {
  it('lets a user raise an item owned by someone else (ownership does not limit creation)', () => {
    const caller = general({ jobs: { access: true, edit: 'owned', see: 'owned' } });
    expect(decide(caller, 'create', { type: 'job', ownerIds: [other] })).toEqual(allowed);
  });

  it('refuses to create a confidential item without the grant for it (403 CONFIDENTIAL_DENIED)', () => {
    const caller = general({ jobs: { access: true, confidential: ['status-hr'] }, risk: { access: true } });
    expect(decide(caller, 'create', { type: 'job', ownerIds: [me], privacyStatusId: 'status-hr' })).toEqual(allowed);
    expect(decide(caller, 'create', { type: 'job', ownerIds: [me], privacyStatusId: 'status-board' })).toMatchObject({
      status: 403,
      code: 'CONFIDENTIAL_DENIED',
    });
    expect(
      decide(caller, 'create', { type: 'risk', ownerIds: [me], confidential: true, status: 'draft' }),
    ).toMatchObject({ code: 'CONFIDENTIAL_DENIED' });
  });

  it('lets only Project Admins create a confidential project, and only with a grant for all confidential projects', () => {
    const newSecret: WorkItem = { type: 'project', id: 'p-new', ownerIds: [me], confidential: true };
    expect(
      decide(general({ planning: { access: true, projectAdmin: true, confidential: 'all' } }), 'create', newSecret),
    ).toEqual(allowed);
    expect(
      decide(general({ planning: { access: true, projectAdmin: true, confidential: ['p-old'] } }), 'create', newSecret),
    ).toMatchObject({ code: 'CONFIDENTIAL_DENIED' });
  });

  it('creates a task in a project the caller can edit, and answers 404 for a project they cannot see', () => {
    const caller = general({ planning: { access: true, edit: ['p1'], see: ['p2'] } });
    const task = (id: string): WorkItem => ({ type: 'task', project: { id, ownerIds: [other], confidential: false } });
    expect(decide(caller, 'create', task('p1'))).toEqual(allowed);
    expect(decide(caller, 'create', task('p2'))).toMatchObject({ status: 403, code: 'CREATE_DENIED' });
    expect(decide(caller, 'create', task('p3'))).toMatchObject({ status: 404 });
  });
});

describe('archive, delete and status beyond the managers named in the seed', () => {
  it('lets admin roles, and only them, archive and delete projects they can edit', () => {
    const project: WorkItem = { type: 'project', id: 'p1', ownerIds: [me], confidential: false };
    expect(decide(as('admin'), 'delete', project)).toEqual(allowed);
    expect(decide(general({ planning: { access: true, projectAdmin: true } }), 'delete', project)).toMatchObject({
      code: 'DELETE_DENIED',
    });
  });

  it('lets admin roles, and only them, archive and delete jobs', () => {
    const job: WorkItem = { type: 'job', ownerIds: [me] };
    expect(decide(as('user_admin'), 'archive', job)).toEqual(allowed);
    expect(decide(general({ jobs: { access: true } }), 'delete', job)).toMatchObject({ code: 'DELETE_DENIED' });
  });

  it('lets admin roles and Risk Managers archive and delete risk assessments they can edit', () => {
    const assessment: WorkItem = { type: 'riskAssessment', ownerIds: [me], confidential: false };
    const manager = general({ risk: { access: true, riskManager: true }, riskAssessments: { access: true } });
    expect(decide(manager, 'delete', assessment)).toEqual(allowed);
    expect(decide(as('admin'), 'archive', assessment)).toEqual(allowed);
    expect(decide(general({ riskAssessments: { access: true, edit: 'all' } }), 'delete', assessment)).toMatchObject({
      code: 'DELETE_DENIED',
    });
  });

  it('lets an admin role without Risk Manager change the status of non-confidential risks only', () => {
    expect(decide(as('admin'), 'changeStatus', { type: 'risk', ownerIds: [], confidential: true })).toMatchObject({
      status: 404,
    });
  });

  it('lets whoever may edit a job, incident, task or assessment change its status', () => {
    const caller = general({ jobs: { access: true, edit: 'owned' } });
    expect(decide(caller, 'changeStatus', { type: 'job', ownerIds: [me] })).toEqual(allowed);
    expect(decide(caller, 'changeStatus', { type: 'job', ownerIds: [other] })).toMatchObject({
      code: 'STATUS_CHANGE_DENIED',
    });
  });
});

describe('tasks and task groups', () => {
  it('follow their project: a task in a confidential project needs the project grant, not task ownership', () => {
    const secret = { id: 'p-secret', ownerIds: [me], confidential: true };
    const caller = general({ planning: { access: true } });
    expect(decide(caller, 'see', { type: 'task', project: secret, ownerIds: [me] })).toMatchObject({ status: 404 });
    const granted = general({ planning: { access: true, confidential: ['p-secret'] } });
    expect(decide(granted, 'edit', { type: 'task', project: secret })).toEqual(allowed);
  });

  it('let every user who sees a project see its task groups', () => {
    const caller = general({ planning: { access: true, edit: [], see: 'all' } });
    const group: WorkItem = { type: 'taskGroup', project: { id: 'p1', ownerIds: [other], confidential: false } };
    expect(decide(caller, 'see', group)).toEqual(allowed);
  });
});
