import { describe, expect, it } from 'vitest';
import type { StreamChange } from '../../functions/shared/stream-change';
import { assignmentLinkEmails } from '../../functions/streams/assignment-link-emails';

const processor = assignmentLinkEmails({
  send: async () => {
    throw new Error('unit tests send nothing');
  },
  portalUrl: 'https://portal.example.com',
});

const image = (fields: Record<string, unknown> = {}) => ({
  entity: 'Assignment',
  itemType: 'job',
  itemId: 'job1',
  externalUserId: 'ext1',
  assignedBy: 'u1',
  status: 'active',
  linkRequestId: 'r1',
  ...fields,
});

const change = (newImage: Record<string, unknown> | undefined, oldImage?: Record<string, unknown>): StreamChange => ({
  eventName: oldImage ? (newImage ? 'MODIFY' : 'REMOVE') : 'INSERT',
  eventId: 'e1',
  sequenceNumber: '1',
  entity: String((newImage ?? oldImage)?.entity),
  keys: { pk: 'ACC#acme#JOB#job1', sk: 'ASSIGN#ext1' },
  newImage,
  oldImage,
  isTtlExpiry: false,
  approximateCreationTime: undefined,
});

describe('the assignment link e-mail processor', () => {
  it('acts on a new active assignment and on a new link request (a reactivation or a resend)', () => {
    expect(processor.handles(change(image()))).toBe(true);
    expect(processor.handles(change(image({ linkRequestId: 'r2' }), image()))).toBe(true);
  });

  it('ignores its own writes and other changes that keep the link request', () => {
    expect(processor.handles(change(image({ linkHash: 'h', emailStatus: 'sent' }), image()))).toBe(false);
  });

  it('ignores revocations, removals, records without a link request and other entities', () => {
    expect(processor.handles(change(image({ status: 'revoked' }), image()))).toBe(false);
    expect(processor.handles(change(undefined, image()))).toBe(false);
    expect(processor.handles(change(image({ linkRequestId: undefined })))).toBe(false);
    expect(processor.handles(change({ ...image(), entity: 'Job' }))).toBe(false);
  });

  it('ignores a record whose key names no account', () => {
    expect(processor.handles({ ...change(image()), keys: { pk: 'LINK#abc', sk: 'ASSIGN#ext1' } })).toBe(false);
  });
});
