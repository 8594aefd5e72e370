import { describe, expect, it } from 'vitest';
import { type Caller, decide, type ProjectRef, type WorkItem } from '../../functions/staff/permissions/access';
import { effectivePermissions } from '../../functions/staff/permissions/effective-permissions';
import { normaliseModulePermissions } from '../../functions/staff/permissions/normalise-permissions';
import type { ModulePermissions } from '../../functions/staff/permissions/permission-settings';

// One test per rule sentence of issue 3's "Module permissions" section, named by the rule.

const me = 'user-me';
const someoneElse = 'user-other';
const general = (permissions: ModulePermissions): Caller => ({ role: 'general', userId: me, permissions });
const admin = (permissions: ModulePermissions = {}): Caller => ({ role: 'admin', userId: me, permissions });

const project = (id: string, over: Partial<ProjectRef> = {}): WorkItem & { type: 'project' } => ({
  type: 'project',
  id,
  ownerIds: [someoneElse],
  confidential: false,
  ...over,
});
const inProject = (type: 'task' | 'taskGroup', p: ProjectRef): WorkItem => ({ type, project: p, ownerIds: [me] });
const job = (over: { ownerIds?: string[]; privacyStatusId?: string } = {}): WorkItem => ({
  type: 'job',
  ownerIds: [someoneElse],
  ...over,
});
const incident = (over: { ownerIds?: string[]; privacyStatusId?: string } = {}): WorkItem => ({
  type: 'incident',
  ownerIds: [someoneElse],
  ...over,
});
const log = (over: { ownerIds?: string[]; privacyStatusId?: string } = {}): WorkItem => ({
  type: 'log',
  ownerIds: [someoneElse],
  ...over,
});
const risk = (over: { ownerIds?: string[]; confidential?: boolean; status?: string } = {}): WorkItem => ({
  type: 'risk',
  ownerIds: [someoneElse],
  confidential: false,
  status: 'open',
  ...over,
});
const assessment = (over: { ownerIds?: string[]; confidential?: boolean } = {}): WorkItem => ({
  type: 'riskAssessment',
  ownerIds: [someoneElse],
  confidential: false,
  ...over,
});

const allowed = { allowed: true };
const notFound = { allowed: false, status: 404, code: 'NOT_FOUND' };
const forbidden = (code: string) => ({ allowed: false, status: 403, code });

describe('Planning module permissions', () => {
  const planning = (p: NonNullable<ModulePermissions['planning']>) => general({ planning: { access: true, ...p } });

  it('Planning: without the access flag, no project, task group or task is visible and none can be created', () => {
    const caller = general({ planning: { access: false } });
    expect(decide(caller, 'see', project('p1', { ownerIds: [me] }))).toEqual(notFound);
    expect(decide(caller, 'see', inProject('task', project('p1')))).toEqual(notFound);
    expect(decide(caller, 'see', inProject('taskGroup', project('p1')))).toEqual(notFound);
    expect(decide(caller, 'create', project('p9'))).toEqual(forbidden('MODULE_ACCESS_REQUIRED'));
  });

  it('Project Admin: adds and edits projects, whatever the edit setting', () => {
    const projectAdmin = planning({ projectAdmin: true, edit: 'owned', see: 'owned' });
    expect(decide(projectAdmin, 'create', project('p-new'))).toEqual(allowed);
    expect(decide(projectAdmin, 'edit', project('p1'))).toEqual(allowed);
    expect(decide(planning({ edit: 'all' }), 'create', project('p-new'))).toEqual(forbidden('CREATE_DENIED'));
  });

  it('Project Admin: adds, edits and deletes task groups; other users do not', () => {
    const group = inProject('taskGroup', project('p1'));
    for (const action of ['create', 'edit', 'delete'] as const) {
      expect(decide(planning({ projectAdmin: true }), action, group)).toEqual(allowed);
    }
    expect(decide(planning({ edit: 'all' }), 'create', group)).toEqual(forbidden('CREATE_DENIED'));
    expect(decide(planning({ edit: 'all' }), 'edit', group)).toEqual(forbidden('EDIT_DENIED'));
    expect(decide(planning({ edit: 'all' }), 'delete', group)).toEqual(forbidden('DELETE_DENIED'));
  });

  it('Project Admin: archives and deletes the tasks they can access, and no others', () => {
    const projectAdmin = planning({ projectAdmin: true, confidential: ['p-granted'] });
    const reachable = inProject('task', project('p1'));
    expect(decide(projectAdmin, 'archive', reachable)).toEqual(allowed);
    expect(decide(projectAdmin, 'delete', reachable)).toEqual(allowed);
    expect(decide(projectAdmin, 'delete', inProject('task', project('p-granted', { confidential: true })))).toEqual(
      allowed,
    );
    expect(decide(projectAdmin, 'delete', inProject('task', project('p-secret', { confidential: true })))).toEqual(
      notFound,
    );
    expect(decide(planning({ edit: 'all' }), 'archive', reachable)).toEqual(forbidden('ARCHIVE_DENIED'));
  });

  it('Project Admin: sees all non-confidential projects and the confidential ones granted', () => {
    const projectAdmin = planning({ projectAdmin: true, edit: [], see: [], confidential: ['p-granted'] });
    expect(decide(projectAdmin, 'see', project('p1'))).toEqual(allowed);
    expect(decide(projectAdmin, 'see', project('p-granted', { confidential: true }))).toEqual(allowed);
    expect(decide(projectAdmin, 'see', project('p-secret', { confidential: true }))).toEqual(notFound);
  });

  it('Edit access: all projects by default', () => {
    expect(decide(planning({}), 'edit', project('p1'))).toEqual(allowed);
    expect(effectivePermissions('general', { planning: { access: true } }).modules.planning.edit.value).toBe('all');
  });

  it('Edit access: just owned projects', () => {
    const owned = planning({ edit: 'owned' });
    expect(decide(owned, 'edit', project('p1', { ownerIds: [someoneElse, me] }))).toEqual(allowed);
    expect(decide(owned, 'edit', project('p2'))).toEqual(forbidden('EDIT_DENIED'));
  });

  it('Edit access: specific projects', () => {
    const specific = planning({ edit: ['p1'] });
    expect(decide(specific, 'edit', project('p1'))).toEqual(allowed);
    expect(decide(specific, 'edit', inProject('task', project('p1')))).toEqual(allowed);
    expect(decide(specific, 'edit', project('p2'))).toEqual(forbidden('EDIT_DENIED'));
  });

  it('See access is only settable when edit is not "all"', () => {
    expect(normaliseModulePermissions('general', { planning: { access: true, see: 'owned' } })).toEqual({
      ok: false,
      violations: [expect.objectContaining({ path: 'planning.see', code: 'SEE_FOLLOWS_EDIT' })],
    });
    expect(normaliseModulePermissions('general', { planning: { access: true, edit: 'owned', see: 'owned' } }).ok).toBe(
      true,
    );
  });

  it('See access: all projects, just owned, or specific projects', () => {
    const seeAll = planning({ edit: [], see: 'all' });
    const seeOwned = planning({ edit: [], see: 'owned' });
    const seeSpecific = planning({ edit: [], see: ['p2'] });
    expect(decide(seeAll, 'see', project('p1'))).toEqual(allowed);
    expect(decide(seeAll, 'edit', project('p1'))).toEqual(forbidden('EDIT_DENIED'));
    expect(decide(seeOwned, 'see', project('p1', { ownerIds: [me] }))).toEqual(allowed);
    expect(decide(seeOwned, 'see', project('p1'))).toEqual(notFound);
    expect(decide(seeSpecific, 'see', project('p2'))).toEqual(allowed);
    expect(decide(seeSpecific, 'see', project('p1'))).toEqual(notFound);
  });

  it('Confidential projects: edit access to all of them or to specific ones', () => {
    const secret = (id: string) => project(id, { confidential: true });
    expect(decide(planning({ confidential: 'all' }), 'edit', secret('p1'))).toEqual(allowed);
    expect(decide(planning({ confidential: ['p1'] }), 'edit', secret('p1'))).toEqual(allowed);
    expect(decide(planning({ confidential: ['p1'] }), 'see', secret('p2'))).toEqual(notFound);
    expect(decide(planning({ confidential: [] }), 'see', secret('p1'))).toEqual(notFound);
  });

  it('There is no view-only access to confidential projects: seen exactly when editable', () => {
    const caller = planning({ edit: 'owned', see: 'all', confidential: ['p1'] });
    expect(decide(caller, 'see', project('p1', { confidential: true }))).toEqual(allowed);
    expect(decide(caller, 'edit', project('p1', { confidential: true }))).toEqual(allowed);
    // Owned, but confidential and not granted: not even visible.
    expect(decide(caller, 'see', project('p2', { confidential: true, ownerIds: [me] }))).toEqual(notFound);
  });
});

describe('Risk module permissions', () => {
  const riskUser = (p: NonNullable<ModulePermissions['risk']> = {}) => general({ risk: { access: true, ...p } });

  it('Risk: without the access flag, no risk, issue or opportunity is visible and none can be created', () => {
    const caller = general({ risk: { access: false } });
    expect(decide(caller, 'see', risk({ ownerIds: [me] }))).toEqual(notFound);
    expect(decide(caller, 'create', risk({ status: 'draft' }))).toEqual(forbidden('MODULE_ACCESS_REQUIRED'));
  });

  it('Risk Manager: views, edits, updates, archives and deletes all risks, confidential included', () => {
    const manager = riskUser({ riskManager: true, edit: 'owned', see: 'owned' });
    for (const item of [risk(), risk({ confidential: true })]) {
      for (const action of ['see', 'edit', 'changeStatus', 'archive', 'delete'] as const) {
        expect(decide(manager, action, item), `${action} ${JSON.stringify(item)}`).toEqual(allowed);
      }
    }
  });

  it('Risk Manager overrides the edit and see settings, which stay editable', () => {
    const sent = { risk: { access: true, riskManager: true, edit: 'owned' as const, see: 'owned' as const } };
    expect(normaliseModulePermissions('general', sent)).toEqual({ ok: true, permissions: sent });
    expect(decide(general(sent), 'see', risk())).toEqual(allowed);
    expect(decide(general(sent), 'edit', risk())).toEqual(allowed);
  });

  it("Only Risk Managers and admin roles change a risk's status", () => {
    expect(decide(riskUser({ edit: 'all' }), 'changeStatus', risk())).toEqual(forbidden('STATUS_CHANGE_DENIED'));
    expect(decide(riskUser({ riskManager: true }), 'changeStatus', risk())).toEqual(allowed);
    expect(decide(admin(), 'changeStatus', risk())).toEqual(allowed);
    expect(decide({ ...admin(), role: 'user_admin' }, 'changeStatus', risk())).toEqual(allowed);
  });

  it('Anyone else creates risks as drafts only', () => {
    expect(decide(riskUser(), 'create', risk({ status: 'draft' }))).toEqual(allowed);
    expect(decide(riskUser(), 'create', risk({ status: 'open' }))).toEqual(forbidden('RISK_DRAFT_ONLY'));
    expect(decide(riskUser(), 'create', { type: 'risk', ownerIds: [me], confidential: false })).toEqual(
      forbidden('RISK_DRAFT_ONLY'),
    );
    expect(decide(riskUser({ riskManager: true }), 'create', risk({ status: 'open' }))).toEqual(allowed);
    expect(decide(admin(), 'create', risk({ status: 'open' }))).toEqual(allowed);
  });

  it('Risk edit access defaults to just owned', () => {
    expect(decide(riskUser(), 'edit', risk({ ownerIds: [me] }))).toEqual(allowed);
    expect(decide(riskUser(), 'edit', risk())).toEqual(forbidden('EDIT_DENIED'));
  });

  it('Risk see access defaults to all departments', () => {
    expect(decide(riskUser(), 'see', risk())).toEqual(allowed);
    expect(decide(riskUser({ see: 'owned' }), 'see', risk())).toEqual(notFound);
  });

  it('Risk Assessments is a flag separate from Risk module access', () => {
    const risksOnly = general({ risk: { access: true } });
    const assessmentsOnly = general({ riskAssessments: { access: true } });
    expect(decide(risksOnly, 'see', assessment())).toEqual(notFound);
    expect(decide(assessmentsOnly, 'see', assessment())).toEqual(allowed);
    expect(decide(assessmentsOnly, 'see', risk())).toEqual(notFound);
  });

  it('Risk Assessments see access: all departments or just owned', () => {
    const seeOwned = general({ riskAssessments: { access: true, edit: 'owned', see: 'owned' } });
    const seeAll = general({ riskAssessments: { access: true, edit: 'owned', see: 'all' } });
    expect(decide(seeOwned, 'see', assessment())).toEqual(notFound);
    expect(decide(seeOwned, 'see', assessment({ ownerIds: [me] }))).toEqual(allowed);
    expect(decide(seeAll, 'see', assessment())).toEqual(allowed);
    expect(decide(seeAll, 'edit', assessment())).toEqual(forbidden('EDIT_DENIED'));
  });

  it('Risk Assessments edit access: all departments or just owned', () => {
    const editAll = general({ riskAssessments: { access: true, edit: 'all' } });
    const editOwned = general({ riskAssessments: { access: true, edit: 'owned' } });
    expect(decide(editAll, 'edit', assessment())).toEqual(allowed);
    expect(decide(editOwned, 'edit', assessment({ ownerIds: [me] }))).toEqual(allowed);
    expect(decide(editOwned, 'edit', assessment())).toEqual(forbidden('EDIT_DENIED'));
  });

  it('Confidential risk assessments are an edit-only grant: seen exactly when editable', () => {
    const granted = general({ riskAssessments: { access: true, edit: 'owned', see: 'owned', confidential: true } });
    const notGranted = general({ riskAssessments: { access: true, edit: 'all', confidential: false } });
    expect(decide(granted, 'edit', assessment({ confidential: true }))).toEqual(allowed);
    expect(decide(notGranted, 'see', assessment({ confidential: true, ownerIds: [me] }))).toEqual(notFound);
  });
});

describe('Control module permissions', () => {
  const control = (p: NonNullable<ModulePermissions['control']> = {}) =>
    general({ control: { access: true, incidentsAndLogs: true, ...p } });

  it('Control: without the access flag, no incident or log is visible and none can be created', () => {
    const caller = general({ control: { access: false } });
    expect(decide(caller, 'see', incident({ ownerIds: [me] }))).toEqual(notFound);
    expect(decide(caller, 'see', log({ ownerIds: [me] }))).toEqual(notFound);
    expect(decide(caller, 'create', incident())).toEqual(forbidden('MODULE_ACCESS_REQUIRED'));
  });

  it('Control Admin: archives and deletes incidents and logs; other users do not', () => {
    for (const item of [incident(), log()]) {
      expect(decide(control({ controlAdmin: true }), 'archive', item)).toEqual(allowed);
      expect(decide(control({ controlAdmin: true }), 'delete', item)).toEqual(allowed);
      expect(decide(control(), 'archive', item)).toEqual(forbidden('ARCHIVE_DENIED'));
      expect(decide(control(), 'delete', item)).toEqual(forbidden('DELETE_DENIED'));
    }
  });

  it('Incidents & Logs: a flag of its own within the Control module', () => {
    const controlOnly = general({ control: { access: true } });
    expect(decide(controlOnly, 'see', incident())).toEqual(notFound);
    expect(decide(controlOnly, 'create', log())).toEqual(forbidden('MODULE_ACCESS_REQUIRED'));
    expect(decide(control(), 'see', incident())).toEqual(allowed);
  });

  it('Incidents & logs edit access: all departments by default, or just owned', () => {
    expect(decide(control(), 'edit', incident())).toEqual(allowed);
    expect(decide(control({ edit: 'owned' }), 'edit', log({ ownerIds: [me] }))).toEqual(allowed);
    expect(decide(control({ edit: 'owned' }), 'edit', log())).toEqual(forbidden('EDIT_DENIED'));
  });

  it('Confidential incidents by privacy status: edit only, no view-only', () => {
    const caller = control({ edit: 'owned', see: 'all', confidential: ['status-hr'] });
    expect(decide(caller, 'edit', incident({ privacyStatusId: 'status-hr' }))).toEqual(allowed);
    expect(decide(caller, 'see', incident({ privacyStatusId: 'status-board', ownerIds: [me] }))).toEqual(notFound);
    expect(decide(caller, 'see', log({ privacyStatusId: 'status-board' }))).toEqual(notFound);
  });

  it('Incidents & logs see access, when edit is just owned: all departments or just owned', () => {
    expect(decide(control({ edit: 'owned', see: 'all' }), 'see', incident())).toEqual(allowed);
    expect(decide(control({ edit: 'owned', see: 'owned' }), 'see', incident())).toEqual(notFound);
    expect(decide(control({ edit: 'owned', see: 'owned' }), 'see', incident({ ownerIds: [me] }))).toEqual(allowed);
    expect(
      normaliseModulePermissions('general', { control: { access: true, incidentsAndLogs: true, see: 'owned' } }),
    ).toMatchObject({ ok: false, violations: [{ path: 'control.see', code: 'SEE_FOLLOWS_EDIT' }] });
  });
});

describe('Jobs module permissions', () => {
  const jobs = (p: NonNullable<ModulePermissions['jobs']> = {}) => general({ jobs: { access: true, ...p } });

  it('Jobs: without the access flag, no job is visible and none can be created', () => {
    const caller = general({ jobs: { access: false } });
    expect(decide(caller, 'see', job({ ownerIds: [me] }))).toEqual(notFound);
    expect(decide(caller, 'create', job())).toEqual(forbidden('MODULE_ACCESS_REQUIRED'));
  });

  it('Jobs edit access: all departments by default, or just owned', () => {
    expect(decide(jobs(), 'edit', job())).toEqual(allowed);
    expect(decide(jobs({ edit: 'owned' }), 'edit', job({ ownerIds: [me] }))).toEqual(allowed);
    expect(decide(jobs({ edit: 'owned' }), 'edit', job())).toEqual(forbidden('EDIT_DENIED'));
  });

  it('Confidential jobs by privacy status: edit only, no view-only', () => {
    const caller = jobs({ edit: 'owned', see: 'all', confidential: ['status-hr'] });
    expect(decide(caller, 'see', job({ privacyStatusId: 'status-hr' }))).toEqual(allowed);
    expect(decide(caller, 'edit', job({ privacyStatusId: 'status-hr' }))).toEqual(allowed);
    expect(decide(caller, 'see', job({ privacyStatusId: 'status-board', ownerIds: [me] }))).toEqual(notFound);
  });

  it('Jobs see access likewise: all departments or just owned, settable when edit is just owned', () => {
    expect(decide(jobs({ edit: 'owned', see: 'all' }), 'see', job())).toEqual(allowed);
    expect(decide(jobs({ edit: 'owned', see: 'owned' }), 'see', job())).toEqual(notFound);
    expect(normaliseModulePermissions('general', { jobs: { access: true, edit: 'all', see: 'owned' } })).toMatchObject({
      ok: false,
      violations: [{ path: 'jobs.see', code: 'SEE_FOLLOWS_EDIT' }],
    });
  });
});

describe('Sustainability module permissions', () => {
  it('Sustainability: an access flag, off by default', () => {
    expect(effectivePermissions('general', {}).modules.sustainability.access.value).toBe(false);
    expect(effectivePermissions('general', { sustainability: { access: true } }).modules.sustainability.access).toEqual(
      { value: true, source: 'granted' },
    );
  });
});
