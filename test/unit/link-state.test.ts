import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LinkRecord } from '../../functions/links/link-repository';
import { decideLinkState } from '../../functions/links/link-state';

const now = new Date('2026-12-01T12:00:00Z');
const hash = 'h'.repeat(43);
const link = (itemType: 'job' | 'incident' = 'job'): LinkRecord => ({
  entity: 'Link',
  accountId: 'acc',
  itemType,
  itemId: 'item',
  externalUserId: 'ext',
  linkRequestId: 'r1',
  createdAt: '2026-11-01T00:00:00Z',
  version: 1,
});
const assignment = { entity: 'Assignment', status: 'active', linkHash: hash };
const job = { entity: 'Job', status: 'open', dueAt: '2027-01-01T00:00:00Z', archived: false };
const externalUser = { entity: 'ExternalUser', status: 'active' };
const revoked = { state: 'revoked', itemType: null, message: 'No longer have access' };

describe('the state of a link', () => {
  it('is open for an active assignment of an active external user to an open job before its due date', () => {
    expect(decideLinkState(hash, link(), { assignment, item: job, externalUser }, now)).toEqual({
      state: 'open',
      itemType: 'job',
      message: 'Open',
    });
  });

  it('is completed for a completed job, even past its due date, and for a closed incident', () => {
    const done = { ...job, status: 'completed', dueAt: '2026-01-01T00:00:00Z' };
    expect(decideLinkState(hash, link(), { assignment, item: done, externalUser }, now).state).toBe('completed');
    const incident = { entity: 'Incident', status: 'closed', archived: false };
    expect(decideLinkState(hash, link('incident'), { assignment, item: incident, externalUser }, now)).toEqual({
      state: 'completed',
      itemType: 'incident',
      message: 'Incident completed',
    });
  });

  it('is past_due from the due date on, and never for an incident (no due date)', () => {
    const due = { ...job, dueAt: now.toISOString() };
    expect(decideLinkState(hash, link(), { assignment, item: due, externalUser }, now).state).toBe('past_due');
    const dueLater = { ...job, dueAt: new Date(now.getTime() + 1000).toISOString() };
    expect(decideLinkState(hash, link(), { assignment, item: dueLater, externalUser }, now).state).toBe('open');
    const incident = { entity: 'Incident', status: 'in_progress', archived: false };
    expect(decideLinkState(hash, link('incident'), { assignment, item: incident, externalUser }, now).state).toBe(
      'open',
    );
  });

  it.each([
    ['an unknown token', undefined, {}],
    ['a superseded link', link(), { assignment: { ...assignment, linkHash: 'other' } }],
    ['a link whose assignment has no link yet', link(), { assignment: { entity: 'Assignment', status: 'active' } }],
    ['a revoked assignment', link(), { assignment: { ...assignment, status: 'revoked' } }],
    ['a disabled external user', link(), { externalUser: { ...externalUser, status: 'disabled' } }],
    ['a promoted external user', link(), { externalUser: { ...externalUser, status: 'promoted' } }],
    [
      'an external user past their auto-disable date',
      link(),
      { externalUser: { ...externalUser, autoDisableAt: now.toISOString() } },
    ],
    ['an archived job', link(), { item: { ...job, archived: true } }],
    ['a cancelled job', link(), { item: { ...job, status: 'cancelled' } }],
    ['a job that is gone', link(), { item: undefined }],
  ])('is revoked, with no item type, for %s', (_case, record, overrides) => {
    expect(decideLinkState(hash, record, { assignment, item: job, externalUser, ...overrides }, now)).toEqual(revoked);
  });

  it('names an item type only when every record it depends on allows access', () => {
    const status = fc.constantFrom('active', 'revoked', 'disabled', 'promoted');
    fc.assert(
      fc.property(status, status, fc.boolean(), fc.boolean(), (assignmentStatus, userStatus, current, archived) => {
        const answer = decideLinkState(
          hash,
          link(),
          {
            assignment: { ...assignment, status: assignmentStatus, linkHash: current ? hash : 'old' },
            item: { ...job, archived },
            externalUser: { ...externalUser, status: userStatus },
          },
          now,
        );
        const allowed = assignmentStatus === 'active' && userStatus === 'active' && current && !archived;
        expect(answer.itemType !== null).toBe(allowed);
        if (!allowed) expect(answer).toEqual(revoked);
      }),
    );
  });
});
