import { describe, expect, it } from 'vitest';
import { timeOfChange } from '../../functions/streams/change-time';
import { streamChange } from '../support/events';

const approximate = new Date('2026-12-02T09:00:00Z');
const change = (over: Parameters<typeof streamChange>[0]) =>
  streamChange({ approximateCreationTime: approximate, ...over });

describe('the time of a change', () => {
  it('is the time the write set, to the millisecond, not the stream record’s rounded time', () => {
    const before = { entity: 'Job', createdAt: '2026-12-02T08:00:00.000Z', updatedAt: '2026-12-02T08:00:00.000Z' };
    const after = { ...before, title: 'New', updatedAt: '2026-12-02T09:00:41.507Z', dueAt: '2027-01-01T09:00:00Z' };

    expect(timeOfChange(change({ oldImage: before, newImage: after })).toISOString()).toBe('2026-12-02T09:00:41.507Z');
    expect(timeOfChange(change({ eventName: 'INSERT', newImage: before })).toISOString()).toBe(
      '2026-12-02T08:00:00.000Z',
    );
  });

  it('takes the times this write set, not those the record kept from before', () => {
    const revoked = {
      entity: 'Assignment',
      assignedAt: '2026-12-02T08:00:00.000Z',
      revokedAt: '2026-12-02T08:30:00.000Z',
      updatedAt: '2026-12-02T08:30:00.000Z',
    };
    const failed = { ...revoked, emailStatus: 'failed', emailFailedAt: '2026-12-02T08:45:12.250Z' };

    expect(timeOfChange(change({ oldImage: revoked, newImage: failed })).toISOString()).toBe(
      '2026-12-02T08:45:12.250Z',
    );
  });

  it('falls back to the approximate time for a deletion, a TTL expiry and a write that sets no time', () => {
    const comment = { entity: 'ChecklistComment', createdAt: '2026-12-02T08:00:00.000Z' };

    expect(timeOfChange(change({ eventName: 'REMOVE', oldImage: comment }))).toEqual(approximate);
    expect(timeOfChange(change({ eventName: 'REMOVE', oldImage: comment, isTtlExpiry: true }))).toEqual(approximate);
    expect(timeOfChange(change({ oldImage: comment, newImage: { ...comment, text: 'x' } }))).toEqual(approximate);
  });

  it('is never earlier than the times the record held before, so its entries keep the order of its changes', () => {
    // DynamoDB Local rounds the approximate time down to the minute: 09:00:00 for an edit at 09:00:30.
    const edited = {
      entity: 'ChecklistComment',
      createdAt: '2026-12-02T08:59:50.000Z',
      updatedAt: '2026-12-02T09:00:30.120Z',
    };

    expect(timeOfChange(change({ eventName: 'REMOVE', oldImage: edited })).toISOString()).toBe(
      '2026-12-02T09:00:30.120Z',
    );
  });

  it('ignores a time attribute that is not a time', () => {
    const image = { entity: 'Job', updatedAt: 'yesterday', at: 42 };

    expect(timeOfChange(change({ eventName: 'INSERT', newImage: image }))).toEqual(approximate);
  });
});
