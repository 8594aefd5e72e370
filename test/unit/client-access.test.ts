import { describe, expect, it } from 'vitest';
import {
  type Access,
  activeAccesses,
  type ClientAccess,
  hasActiveClientAccess,
} from '../../functions/external-users/client-access';

const now = new Date('2027-01-15T12:00:00.000Z');

const access = (id: string, status: Access['status']): Access => ({
  id,
  status,
  roleIds: ['role-1'],
  customerIds: ['customer-1'],
  jobIds: [],
  createdAt: '2027-01-01T00:00:00.000Z',
  createdBy: 'staff-1',
  updatedAt: '2027-01-01T00:00:00.000Z',
  updatedBy: 'staff-1',
  ...(status === 'revoked' ? { revokedAt: '2027-01-02T00:00:00.000Z', revokedBy: 'staff-1' } : {}),
});

const record = (...accesses: Access[]): ClientAccess => ({
  externalUserId: 'xu-1',
  accesses,
  version: 1,
  createdAt: '2027-01-01T00:00:00.000Z',
  createdBy: 'staff-1',
  updatedAt: '2027-01-01T00:00:00.000Z',
  updatedBy: 'staff-1',
});

const activeUser = { status: 'active' };

describe('activeAccesses', () => {
  it('keeps only the active accesses, in their order', () => {
    const accesses = activeAccesses(record(access('a', 'active'), access('b', 'revoked'), access('c', 'active')));
    expect(accesses.map((a) => a.id)).toEqual(['a', 'c']);
  });

  it('answers none for a user who was never given client access', () => {
    expect(activeAccesses(undefined)).toEqual([]);
  });
});

describe('hasActiveClientAccess', () => {
  it('grants an active user with an active access', () => {
    expect(hasActiveClientAccess(activeUser, record(access('a', 'active')), now)).toBe(true);
  });

  it('refuses a user whose every access is revoked', () => {
    expect(hasActiveClientAccess(activeUser, record(access('a', 'revoked')), now)).toBe(false);
  });

  it('refuses a user without a client access record', () => {
    expect(hasActiveClientAccess(activeUser, undefined, now)).toBe(false);
  });

  it('refuses a missing user even with a record', () => {
    expect(hasActiveClientAccess(undefined, record(access('a', 'active')), now)).toBe(false);
  });

  it('refuses a disabled or promoted user whatever their accesses say', () => {
    expect(hasActiveClientAccess({ status: 'disabled' }, record(access('a', 'active')), now)).toBe(false);
    expect(hasActiveClientAccess({ status: 'promoted' }, record(access('a', 'active')), now)).toBe(false);
  });

  it('refuses from the auto-disable date on, and grants before it', () => {
    const active = record(access('a', 'active'));
    expect(hasActiveClientAccess({ status: 'active', autoDisableAt: '2027-01-15T12:00:00.000Z' }, active, now)).toBe(
      false,
    );
    expect(hasActiveClientAccess({ status: 'active', autoDisableAt: '2027-01-15T12:00:01.000Z' }, active, now)).toBe(
      true,
    );
  });
});
