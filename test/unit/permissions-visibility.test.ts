import { describe, expect, it } from 'vitest';
import type { Caller } from '../../functions/staff/permissions/access';
import type { ModulePermissions } from '../../functions/staff/permissions/permission-settings';
import type { StaffRole } from '../../functions/staff/permissions/roles';
import { visibilityScopes } from '../../functions/staff/permissions/visibility-scopes';

const me = 'user-me';
const as = (role: StaffRole, permissions: ModulePermissions = {}): Caller => ({ role, userId: me, permissions });

describe('visibility scopes for list queries', () => {
  it('gives an Account Admin one scope with every item of a type', () => {
    for (const type of ['job', 'incident', 'log', 'project', 'risk', 'riskAssessment', 'jobCategory'] as const) {
      expect(visibilityScopes(as('account_admin'), type)).toEqual([{ kind: 'all' }]);
    }
  });

  it('gives no scope (an empty list, no request) to a user without the module', () => {
    expect(visibilityScopes(as('general'), 'job')).toEqual([]);
    expect(visibilityScopes(as('general', { control: { access: true } }), 'incident')).toEqual([]);
  });

  it('gives an Admin the open items plus one scope per granted privacy status', () => {
    expect(visibilityScopes(as('admin', { jobs: { confidential: ['s1', 's2'] } }), 'job')).toEqual([
      { kind: 'open' },
      { kind: 'privacyStatus', privacyStatusId: 's1' },
      { kind: 'privacyStatus', privacyStatusId: 's2' },
    ]);
  });

  it("gives a user who sees only their own items the owner's open items", () => {
    const caller = as('general', { jobs: { access: true, edit: 'owned', see: 'owned' } });
    expect(visibilityScopes(caller, 'job')).toEqual([{ kind: 'openOwnedBy', ownerId: me }]);
  });

  it('gives specific projects as id scopes that do not repeat the owned ones', () => {
    const caller = as('general', { planning: { access: true, edit: ['p1'], see: 'owned', confidential: ['p9'] } });
    expect(visibilityScopes(caller, 'project')).toEqual([
      { kind: 'openOwnedBy', ownerId: me },
      { kind: 'openProjects', projectIds: ['p1'], exceptOwnedBy: me },
      { kind: 'confidentialProjects', projectIds: ['p9'] },
    ]);
  });

  it('gives a Risk Manager every risk, and a Risk user without it the open ones', () => {
    expect(visibilityScopes(as('general', { risk: { access: true, riskManager: true } }), 'risk')).toEqual([
      { kind: 'all' },
    ]);
    expect(visibilityScopes(as('general', { risk: { access: true } }), 'risk')).toEqual([{ kind: 'open' }]);
  });

  it('gives the confidential partition to an assessment user with the confidential grant', () => {
    const caller = as('general', {
      riskAssessments: { access: true, edit: 'owned', see: 'owned', confidential: true },
    });
    expect(visibilityScopes(caller, 'riskAssessment')).toEqual([
      { kind: 'openOwnedBy', ownerId: me },
      { kind: 'confidential' },
    ]);
  });

  it('lists job categories whole for everyone with Jobs access', () => {
    const caller = as('general', { jobs: { access: true, edit: 'owned', see: 'owned' } });
    expect(visibilityScopes(caller, 'jobCategory')).toEqual([{ kind: 'all' }]);
  });
});
