import { describe, expect, it } from 'vitest';
import { type Caller, decide, type WorkItem } from '../../functions/staff/permissions/access';
import { effectivePermissions, itemTypes } from '../../functions/staff/permissions/effective-permissions';
import { normaliseModulePermissions } from '../../functions/staff/permissions/normalise-permissions';
import type { ModulePermissions } from '../../functions/staff/permissions/permission-settings';
import { type StaffRole, settingsAccess } from '../../functions/staff/permissions/roles';

// One test per rule sentence of issue 3's "Roles" section, named by the rule, then the precise
// meaning of "included permissions cannot be changed".

const me = 'user-me';
const other = 'user-other';
const as = (role: StaffRole, permissions: ModulePermissions = {}): Caller => ({ role, userId: me, permissions });

const project = { id: 'p1', ownerIds: [other], confidential: false };
/** One non-confidential item of every type, owned by someone else. */
const ordinaryItems: WorkItem[] = [
  { type: 'job', ownerIds: [other] },
  { type: 'jobCategory' },
  { type: 'incident', ownerIds: [other] },
  { type: 'log', ownerIds: [other] },
  { type: 'project', ...project },
  { type: 'taskGroup', project },
  { type: 'task', project, ownerIds: [other] },
  { type: 'risk', ownerIds: [other], confidential: false },
  { type: 'riskAssessment', ownerIds: [other], confidential: false },
];
const secretProject = { id: 'p-secret', ownerIds: [other], confidential: true };
/** One confidential item of every type that can be confidential, owned by someone else. */
const confidentialItems: WorkItem[] = [
  { type: 'job', ownerIds: [other], privacyStatusId: 'status-hr' },
  { type: 'incident', ownerIds: [other], privacyStatusId: 'status-hr' },
  { type: 'log', ownerIds: [other], privacyStatusId: 'status-board' },
  { type: 'project', ...secretProject },
  { type: 'taskGroup', project: secretProject },
  { type: 'task', project: secretProject, ownerIds: [other] },
  { type: 'risk', ownerIds: [other], confidential: true },
  { type: 'riskAssessment', ownerIds: [other], confidential: true },
];
const writes = ['edit', 'changeStatus', 'archive', 'delete'] as const;
const label = (item: WorkItem) => JSON.stringify(item);

describe('Roles', () => {
  it('Account Admin: all settings, including account settings and user settings', () => {
    expect(settingsAccess('account_admin')).toEqual({ account: true, users: true, other: true });
  });

  it('Account Admin: every module, without any module permission', () => {
    const { modules } = effectivePermissions('account_admin', {});
    for (const module of Object.values(modules)) expect(module.access).toEqual({ value: true, source: 'included' });
  });

  it('Account Admin: views and edits everything, including all confidential items', () => {
    for (const item of [...ordinaryItems, ...confidentialItems]) {
      expect(decide(as('account_admin'), 'see', item), label(item)).toEqual({ allowed: true });
      for (const action of writes)
        expect(decide(as('account_admin'), action, item), label(item)).toEqual({ allowed: true });
    }
  });

  it('User Admin: user settings and other settings, not account settings', () => {
    expect(settingsAccess('user_admin')).toEqual({ account: false, users: true, other: true });
  });

  it('User Admin: every module, with view and edit access to all items', () => {
    for (const item of ordinaryItems) {
      expect(decide(as('user_admin'), 'see', item), label(item)).toEqual({ allowed: true });
      expect(decide(as('user_admin'), 'edit', item), label(item)).toEqual({ allowed: true });
    }
  });

  it('User Admin: confidential access as module permissions grant it', () => {
    const job: WorkItem = { type: 'job', ownerIds: [other], privacyStatusId: 'status-hr' };
    expect(decide(as('user_admin'), 'see', job)).toMatchObject({ status: 404 });
    expect(decide(as('user_admin', { jobs: { confidential: ['status-hr'] } }), 'edit', job)).toEqual({ allowed: true });
    expect(decide(as('user_admin', { jobs: { confidential: ['status-board'] } }), 'see', job)).toMatchObject({
      status: 404,
    });
  });

  it('Admin: all settings except account settings and user settings', () => {
    expect(settingsAccess('admin')).toEqual({ account: false, users: false, other: true });
  });

  it('Admin: every module, with view and edit access to all items', () => {
    for (const item of ordinaryItems) {
      expect(decide(as('admin'), 'see', item), label(item)).toEqual({ allowed: true });
      expect(decide(as('admin'), 'edit', item), label(item)).toEqual({ allowed: true });
    }
  });

  it('Admin: confidential access as module permissions grant it', () => {
    for (const item of confidentialItems)
      expect(decide(as('admin'), 'see', item), label(item)).toMatchObject({ status: 404 });
    const granted = as('admin', {
      planning: { confidential: ['p-secret'] },
      risk: { riskManager: true },
      riskAssessments: { confidential: true },
      control: { confidential: ['status-hr', 'status-board'] },
      jobs: { confidential: ['status-hr'] },
    });
    for (const item of confidentialItems) expect(decide(granted, 'edit', item), label(item)).toEqual({ allowed: true });
  });

  it('General: no settings', () => {
    expect(settingsAccess('general')).toEqual({ account: false, users: false, other: false });
  });

  it('General: modules only as module permissions grant them', () => {
    for (const item of ordinaryItems)
      expect(decide(as('general'), 'see', item), label(item)).toMatchObject({ status: 404 });
    const jobsOnly = as('general', { jobs: { access: true } });
    expect(decide(jobsOnly, 'see', { type: 'job', ownerIds: [other] })).toEqual({ allowed: true });
    expect(decide(jobsOnly, 'see', { type: 'incident', ownerIds: [me] })).toMatchObject({ status: 404 });
  });

  it('Permissions a role already includes are reported as included', () => {
    const { modules } = effectivePermissions('admin', { jobs: { confidential: ['status-hr'] } });
    expect(modules.jobs.access).toEqual({ value: true, source: 'included' });
    expect(modules.jobs.edit).toEqual({ value: 'all', source: 'included' });
    expect(modules.jobs.confidential).toEqual({ value: ['status-hr'], source: 'granted' });
    expect(modules.risk.riskManager).toEqual({ value: false, source: 'granted' });
    expect(effectivePermissions('account_admin', {}).modules.jobs.confidential).toEqual({
      value: 'all',
      source: 'included',
    });
  });

  it('Included permissions cannot be changed: an attempt is refused naming the permission', () => {
    expect(normaliseModulePermissions('admin', { jobs: { access: false } })).toEqual({
      ok: false,
      violations: [
        { path: 'jobs.access', code: 'PERMISSION_INCLUDED', message: expect.stringContaining('jobs.access') },
      ],
    });
  });
});

describe('what "an attempt to change an included permission" means', () => {
  it('accepts an included permission sent with the value the role gives it, and stores nothing for it', () => {
    const echoed = { jobs: { access: true, edit: 'all' as const, see: 'all' as const, confidential: ['status-hr'] } };
    expect(normaliseModulePermissions('admin', echoed)).toEqual({
      ok: true,
      permissions: {
        planning: { confidential: [] },
        risk: { riskManager: false },
        riskAssessments: { confidential: false },
        control: { confidential: [] },
        jobs: { confidential: ['status-hr'] },
      },
    });
  });

  it('refuses every included permission sent with another value, naming each', () => {
    const result = normaliseModulePermissions('user_admin', {
      planning: { projectAdmin: false, edit: 'owned' },
      control: { controlAdmin: false },
      sustainability: { access: false },
    });
    expect(result.ok ? [] : result.violations.map((v) => `${v.path} ${v.code}`)).toEqual([
      'planning.projectAdmin PERMISSION_INCLUDED',
      'planning.edit PERMISSION_INCLUDED',
      'control.controlAdmin PERMISSION_INCLUDED',
      'sustainability.access PERMISSION_INCLUDED',
    ]);
  });

  it('refuses any confidential setting for an Account Admin other than planning\'s "all"', () => {
    expect(normaliseModulePermissions('account_admin', { planning: { confidential: 'all' } })).toEqual({
      ok: true,
      permissions: {},
    });
    const result = normaliseModulePermissions('account_admin', {
      jobs: { confidential: [] },
      risk: { riskManager: false },
      riskAssessments: { confidential: true },
    });
    expect(result.ok ? [] : result.violations.map((v) => v.path)).toEqual(['risk.riskManager', 'jobs.confidential']);
  });

  it('lets a User Admin or Admin hold Risk Manager, their only way to confidential risks', () => {
    expect(normaliseModulePermissions('admin', { risk: { riskManager: true } })).toMatchObject({ ok: true });
    expect(decide(as('admin', { risk: { riskManager: true } }), 'see', confidentialItems[6]!)).toEqual({
      allowed: true,
    });
  });

  it('ignores stale stored settings that a role includes (a demoted setting never outranks the role)', () => {
    const stale = as('admin', { jobs: { access: false, edit: 'owned', see: 'owned' } });
    expect(decide(stale, 'edit', { type: 'job', ownerIds: [other] })).toEqual({ allowed: true });
  });
});

describe('settings that other settings fix', () => {
  it('stores the defaults of a module granted with nothing else, and nothing for modules not granted', () => {
    expect(normaliseModulePermissions('general', { risk: { access: true }, jobs: { access: false } })).toEqual({
      ok: true,
      permissions: { risk: { access: true, riskManager: false, edit: 'owned', see: 'all' } },
    });
  });

  it('refuses a grant inside a module without access, naming it (PERMISSION_NEEDS_ACCESS)', () => {
    expect(normaliseModulePermissions('general', { planning: { projectAdmin: true } })).toMatchObject({
      ok: false,
      violations: [{ path: 'planning.projectAdmin', code: 'PERMISSION_NEEDS_ACCESS' }],
    });
  });

  it('accepts settings of a module without access when they are the defaults', () => {
    expect(
      normaliseModulePermissions('general', { jobs: { access: false, edit: 'all', see: 'all', confidential: [] } }),
    ).toEqual({ ok: true, permissions: {} });
  });

  it('refuses Control Admin and incident settings without Incidents & Logs', () => {
    const result = normaliseModulePermissions('general', {
      control: { access: true, controlAdmin: true, edit: 'owned', confidential: ['status-hr'] },
    });
    expect(result.ok ? [] : result.violations.map((v) => `${v.path} ${v.code}`)).toEqual([
      'control.controlAdmin PERMISSION_NEEDS_ACCESS',
      'control.edit PERMISSION_NEEDS_ACCESS',
      'control.confidential PERMISSION_NEEDS_ACCESS',
    ]);
  });

  it('refuses a risk or assessment see narrower than an edit of all departments (SEE_FOLLOWS_EDIT)', () => {
    const result = normaliseModulePermissions('general', {
      risk: { access: true, edit: 'all', see: 'owned' },
      riskAssessments: { access: true, edit: 'all', see: 'owned' },
    });
    expect(result.ok ? [] : result.violations.map((v) => v.path)).toEqual(['risk.see', 'riskAssessments.see']);
  });

  it('stores id lists as sorted sets', () => {
    expect(
      normaliseModulePermissions('general', {
        planning: { access: true, edit: ['p2', 'p1', 'p2'], see: ['p3'], confidential: ['p9', 'p1', 'p9'] },
      }),
    ).toMatchObject({ ok: true, permissions: { planning: { edit: ['p1', 'p2'], confidential: ['p1', 'p9'] } } });
  });
});

describe('effective permissions', () => {
  it('lists every item type with what the user may do', () => {
    expect(Object.keys(effectivePermissions('general', {}).can).sort()).toEqual([...itemTypes].sort());
  });

  it('shows a General user with specific projects the union of what they see and edit', () => {
    const { can } = effectivePermissions('general', { planning: { access: true, edit: ['p2'], see: 'owned' } });
    expect(can.project.see).toEqual({ items: 'owned', projects: ['p2'], confidential: 'none' });
    expect(can.project.edit).toEqual({ items: 'none', projects: ['p2'], confidential: 'none' });
  });

  it('marks a setting fixed by a switched-off module as granted, at its default', () => {
    const { modules } = effectivePermissions('general', { jobs: { access: false, edit: 'owned' } });
    expect(modules.jobs.edit).toEqual({ value: 'all', source: 'granted' });
    expect(effectivePermissions('general', { jobs: { access: false, edit: 'owned' } }).can.job.see.items).toBe('none');
  });
});
