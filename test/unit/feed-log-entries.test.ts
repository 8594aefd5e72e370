import { describe, expect, it } from 'vitest';
import { checklistKeys, keys } from '../../functions/shared/data/keys';
import type { StreamChange } from '../../functions/shared/stream-change';
import { feedLogEntries, feedLogSourceOf } from '../../functions/streams/feed-log-entries';

const assignmentKey = keys.assignment('job', 'acc-1', 'job-1', 'ext-1');
const answerKey = checklistKeys.checklistAnswer('incident', 'acc-1', 'inc-1', 'cl-1', 'i-1');

const assignment = {
  ...assignmentKey,
  entity: 'Assignment',
  itemType: 'job',
  itemId: 'job-1',
  externalUserId: 'ext-1',
  givenName: 'Ann',
  familyName: 'Lee',
  email: 'ann@example.com',
  status: 'active',
  emailStatus: 'pending',
  assignedAt: '2026-12-01T10:00:00.000Z',
  assignedBy: 'u-1',
  updatedAt: '2026-12-01T10:00:00.000Z',
  linkRequestId: 'r-1',
  version: 1,
};

const change = (
  eventName: StreamChange['eventName'],
  keyOf: { pk: string; sk: string },
  oldImage: Record<string, unknown> | undefined,
  newImage: Record<string, unknown> | undefined,
): StreamChange => ({
  eventName,
  eventId: 'e-1',
  sequenceNumber: '1',
  entity: String((newImage ?? oldImage)?.entity),
  keys: { pk: keyOf.pk, sk: keyOf.sk },
  oldImage,
  newImage,
  isTtlExpiry: false,
  approximateCreationTime: undefined,
});

/** The feed log's stream processor (docs/data-model.md FEED-12): which records it acts on, and what it copies. */
describe('the feed log entries processor', () => {
  it('copies a new answer’s feed columns, its item from its key, at its answer time', () => {
    const answer = {
      ...answerKey,
      entity: 'ChecklistAnswer',
      checklistId: 'cl-1',
      checklistItemId: 'i-1',
      value: { lat: 1 },
      answeredBy: { kind: 'external', id: 'ext-1' },
      answeredAt: '2026-12-02T08:00:00.000Z',
      userAgent: 'Mozilla/5.0',
      gps: { lat: 1, lng: 2 },
      requestId: 'q-1',
      version: 1,
    };
    expect(feedLogEntries.handles(change('INSERT', answerKey, undefined, answer))).toBe(true);
    expect(feedLogSourceOf('ChecklistAnswer', answerKey.pk, answer)).toEqual({
      kind: 'answer',
      type: 'incident',
      accountId: 'acc-1',
      itemId: 'inc-1',
      parts: ['cl-1', 'i-1'],
      at: '2026-12-02T08:00:00.000Z',
      seenAt: '2026-12-02T08:00:00.000Z',
      // In the partition of the external user who answered as well (FEED-17).
      externalUserId: 'ext-1',
      // Nothing the feed does not show: no user agent, position or request id.
      fields: {
        checklistId: 'cl-1',
        checklistItemId: 'i-1',
        value: { lat: 1 },
        answeredBy: { kind: 'external', id: 'ext-1' },
        answeredAt: '2026-12-02T08:00:00.000Z',
      },
    });
  });

  it('acts on an e-mail status change, seen at its time, though the assignment’s modification time stays', () => {
    const sent = { ...assignment, emailStatus: 'sent', emailSentAt: '2026-12-01T10:00:02.000Z' };
    expect(feedLogEntries.handles(change('MODIFY', assignmentKey, assignment, sent))).toBe(true);
    expect(feedLogSourceOf('Assignment', assignmentKey.pk, sent)).toMatchObject({
      at: '2026-12-01T10:00:00.000Z',
      seenAt: '2026-12-01T10:00:02.000Z',
    });
  });

  it('leaves a change that keeps every copied column (a link issued) and any deletion alone', () => {
    const issued = { ...assignment, linkHash: 'h', linkIssuedAt: '2026-12-01T10:00:01.000Z' };
    expect(feedLogEntries.handles(change('MODIFY', assignmentKey, assignment, issued))).toBe(false);
    expect(feedLogEntries.handles(change('REMOVE', assignmentKey, assignment, undefined))).toBe(false);
  });

  it('puts a staff user’s answer in no external user’s partition, and an assignment in its assignee’s', () => {
    const answer = {
      entity: 'ChecklistAnswer',
      checklistId: 'cl-1',
      checklistItemId: 'i-1',
      value: 'yes',
      answeredBy: { kind: 'staff', id: 'u-1' },
      answeredAt: '2026-12-02T08:00:00.000Z',
    };
    expect(feedLogSourceOf('ChecklistAnswer', answerKey.pk, answer)).not.toHaveProperty('externalUserId');
    expect(feedLogSourceOf('Assignment', assignmentKey.pk, assignment)?.externalUserId).toBe(assignment.externalUserId);
  });

  it('acts on a job’s change that its external users’ rows copy, and on their removal and the job’s deletion', () => {
    const jobKey = keys.workItem('job', 'acc-1', 'job-1');
    const job = {
      ...jobKey,
      entity: 'Job',
      id: 'job-1',
      title: 'A',
      version: 1,
      externalUsers: ['ext-1'],
      updatedAt: '2026-12-01T10:00:00.000Z',
    };
    const later = { ...job, version: 2, updatedAt: '2026-12-01T11:00:00.000Z' };
    expect(feedLogEntries.handles(change('INSERT', jobKey, undefined, job))).toBe(true);
    expect(feedLogEntries.handles(change('MODIFY', jobKey, job, { ...later, title: 'B' }))).toBe(true);
    expect(feedLogEntries.handles(change('MODIFY', jobKey, job, { ...later, externalUsers: [] }))).toBe(true);
    expect(feedLogEntries.handles(change('REMOVE', jobKey, job, undefined))).toBe(true);
    // Nothing the rows copy changed (the description is not a feed column): nothing to write.
    expect(feedLogEntries.handles(change('MODIFY', jobKey, job, { ...job, description: 'long' }))).toBe(false);
    // No external user before or after: no row of anyone's to write.
    const alone = { ...job, externalUsers: [] };
    expect(feedLogEntries.handles(change('MODIFY', jobKey, alone, { ...alone, title: 'B' }))).toBe(false);
    expect(feedLogEntries.handles(change('REMOVE', jobKey, alone, undefined))).toBe(false);
  });

  it('acts on a job’s change of privacy status only, and on nothing outside a job’s or incident’s collection', () => {
    const jobKey = keys.workItem('job', 'acc-1', 'job-1');
    const job = { ...jobKey, entity: 'Job', id: 'job-1', title: 'A', version: 1 };
    expect(feedLogEntries.handles(change('MODIFY', jobKey, job, { ...job, privacyStatusId: 'p-1' }))).toBe(true);
    expect(feedLogEntries.handles(change('MODIFY', jobKey, job, { ...job, title: 'B' }))).toBe(false);
    const elsewhere = { pk: 'ACC#acc-1', sk: 'X#1' };
    expect(feedLogEntries.handles(change('INSERT', elsewhere, undefined, { ...assignment, ...elsewhere }))).toBe(false);
  });
});
