import { describe, expect, it } from 'vitest';
import { keys, type WorkItemType } from '../../functions/shared/data/keys';
import { effectivePermissions } from '../../functions/staff/permissions/effective-permissions';
import type { ModulePermissions } from '../../functions/staff/permissions/permission-settings';
import type { StaffRole } from '../../functions/staff/permissions/roles';
import { type VisibilityScope, visibilityScopesFor } from '../../functions/staff/permissions/visibility-scopes';
import { type Actor, decideCreateOn, decideOn, enforceEditAfter } from '../../functions/work/shared/work-item-access';
import { partitionOf } from '../../functions/work/shared/work-item-list';

const actor = (role: StaffRole, permissions: ModulePermissions): Actor => ({
  accountId: 'acc-1',
  userId: 'me',
  effective: effectivePermissions(role, permissions),
});
const general = actor('general', { risk: { access: true } });
const manager = actor('general', { risk: { access: true, riskManager: true } });

describe('risk decisions through the work item access helpers', () => {
  it('refuses a General user a new risk that is not a draft with RISK_DRAFT_ONLY', () => {
    expect(decideCreateOn(general, 'risk', { ownerIds: ['me'], status: 'open' })).toEqual({
      allowed: false,
      status: 403,
      code: 'RISK_DRAFT_ONLY',
    });
    expect(decideCreateOn(general, 'risk', { ownerIds: ['me'], status: 'draft' })).toEqual({ allowed: true });
  });

  it('reads the confidential flag, not a privacy status, for risks', () => {
    const flagged = { ownerIds: ['me'], confidential: true };
    expect(decideOn(general, 'risk', 'see', flagged)).toMatchObject({ allowed: false, status: 404 });
    expect(decideOn(manager, 'risk', 'see', flagged)).toEqual({ allowed: true });
  });

  it('answers CONFIDENTIAL_DENIED to an edit that would flag a risk the editor may not see confidential', () => {
    expect(() => enforceEditAfter(general, 'risk', 'risk', { ownerIds: ['me'], confidential: true })).toThrow(
      expect.objectContaining({ code: 'CONFIDENTIAL_DENIED' }),
    );
  });

  it('keeps the assessment rights apart from the risk rights', () => {
    const item = { ownerIds: ['me'], confidential: false };
    expect(decideOn(manager, 'riskAssessment', 'see', item)).toMatchObject({ allowed: false, status: 404 });
    const assessor = actor('general', { riskAssessments: { access: true } });
    expect(decideOn(assessor, 'riskAssessment', 'see', item)).toEqual({ allowed: true });
    expect(decideOn(assessor, 'risk', 'see', item)).toMatchObject({ allowed: false, status: 404 });
  });
});

describe('risk and assessment list partitions', () => {
  const scopes: VisibilityScope[] = [
    { kind: 'all' },
    { kind: 'open' },
    { kind: 'confidential' },
    { kind: 'openOwnedBy', ownerId: 'user-1' },
  ];
  const listed = (type: WorkItemType, scope: VisibilityScope, archived = false, status?: string) => {
    const target = keys.workItemList(type, 'acc-1', partitionOf(scope, {}), {
      archived,
      ...(status ? { status } : {}),
    });
    return `${target.index} ${target.partition.value}`;
  };

  it('gives risks, assessments, incidents and logs, current and archived, partitions of their own', () => {
    const types: WorkItemType[] = ['risk', 'riskAssessment', 'incident', 'log'];
    const all = types.flatMap((type) =>
      scopes.flatMap((scope) => [listed(type, scope), listed(type, scope, true), listed(type, scope, false, 'open')]),
    );
    expect(new Set(all).size).toBe(all.length);
  });

  it('maps every scope the model gives a risk or assessment user to a partition', () => {
    const users = [
      general,
      manager,
      actor('general', { risk: { access: true, see: 'owned' } }),
      actor('general', { riskAssessments: { access: true, see: 'owned', confidential: true } }),
    ];
    for (const u of users) {
      for (const type of ['risk', 'riskAssessment'] as const) {
        for (const scope of visibilityScopesFor(u.effective, u.userId, type)) {
          expect(() => partitionOf(scope, {})).not.toThrow();
        }
      }
    }
  });
});
