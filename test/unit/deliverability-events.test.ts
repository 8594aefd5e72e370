import { describe, expect, it } from 'vitest';
import { auditEventOf } from '../../functions/audit/audit-event';
import { deliverabilityEventOf, recipientOf } from '../../functions/deliverability/ses-event';
import { keys } from '../../functions/shared/data/keys';
import { streamChange } from '../support/events';

/** An EventBridge event of SES with `detail` over a message tagged for an external user's link. */
const sesEvent = (detailType: string, detail: Record<string, unknown>, tags: Record<string, string[]> = {}) => ({
  version: '0',
  id: 'ev-1',
  'detail-type': detailType,
  source: 'aws.ses',
  detail: {
    mail: {
      timestamp: '2026-12-06T10:00:00.000Z',
      messageId: 'msg-1',
      destination: ['Robin@Example.com'],
      tags: {
        'ses:configuration-set': ['fieldpass-dev'],
        accountId: ['acc-1'],
        recipientKind: ['external'],
        recipientId: ['ext-1'],
        itemType: ['job'],
        itemId: ['job-1'],
        ...tags,
      },
    },
    ...detail,
  },
});
const bounce = (bounceType: string, tags?: Record<string, string[]>) =>
  sesEvent(
    'Email Bounced',
    {
      eventType: 'Bounce',
      bounce: {
        bounceType,
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: 'Robin@Example.com' }],
        timestamp: '2026-12-06T10:00:05.000Z',
      },
    },
    tags,
  );

describe("reading SES's events", () => {
  it('reads a hard bounce as the tagged recipient, the address in lower case, and when the message was sent', () => {
    expect(deliverabilityEventOf(bounce('Permanent'))).toEqual({
      kind: 'hard_bounce',
      recipient: { accountId: 'acc-1', kind: 'external', id: 'ext-1', item: { type: 'job', id: 'job-1' } },
      address: 'robin@example.com',
      at: '2026-12-06T10:00:05.000Z',
      sentAt: '2026-12-06T10:00:00.000Z',
      messageId: 'msg-1',
      detail: 'General',
    });
  });

  it('reads a complaint with its feedback type', () => {
    const event = sesEvent('Email Complaint Received', {
      eventType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: 'robin@example.com' }],
        timestamp: '2026-12-06T11:00:00.000Z',
        complaintFeedbackType: 'abuse',
      },
    });
    expect(deliverabilityEventOf(event)).toMatchObject({
      kind: 'complaint',
      detail: 'abuse',
      address: 'robin@example.com',
    });
  });

  it('reads soft bounces and deliveries as changing nothing', () => {
    expect(deliverabilityEventOf(bounce('Transient'))?.kind).toBe('soft_bounce');
    expect(deliverabilityEventOf(bounce('Undetermined'))?.kind).toBe('soft_bounce');
    const delivery = sesEvent('Email Delivered', { eventType: 'Delivery', delivery: { recipients: ['x'] } });
    expect(deliverabilityEventOf(delivery)?.kind).toBe('delivery');
  });

  it('ignores other sources, malformed events and tags that name no well-formed recipient', () => {
    for (const event of [undefined, null, 'x', [], {}, { ...bounce('Permanent'), source: 'aws.s3' }]) {
      expect(deliverabilityEventOf(event)).toBeUndefined();
    }
    expect(deliverabilityEventOf(bounce('Permanent', { recipientKind: ['admin'] }))).toBeUndefined();
    expect(deliverabilityEventOf(bounce('Permanent', { accountId: ['acc 1'] }))).toBeUndefined();
    expect(deliverabilityEventOf(bounce('Permanent', { recipientId: [] }))).toBeUndefined();
    const noAddress = bounce('Permanent');
    (noAddress.detail as unknown as { bounce: { bouncedRecipients: unknown[] } }).bounce.bouncedRecipients = [];
    expect(deliverabilityEventOf(noAddress)).toBeUndefined();
  });

  it('takes an item only for an external user, and only a job or incident', () => {
    expect(
      recipientOf({ accountId: ['a'], recipientKind: ['staff'], recipientId: ['u'], itemType: ['job'], itemId: ['j'] }),
    ).toEqual({
      accountId: 'a',
      kind: 'staff',
      id: 'u',
    });
    expect(
      recipientOf({
        accountId: ['a'],
        recipientKind: ['external'],
        recipientId: ['x'],
        itemType: ['log'],
        itemId: ['l'],
      }),
    ).toEqual({ accountId: 'a', kind: 'external', id: 'x' });
  });
});

describe('audit events of deliverability', () => {
  const userKey = { ...keys.externalUser('acc-1', 'ext-1') };
  const user = { entity: 'ExternalUser', id: 'ext-1', status: 'active', updatedBy: 'u-1' };
  const bounced = { status: 'bounced', reason: 'hard_bounce', at: '2026-12-06T10:00:05.000Z', detail: 'General' };

  it("audits an external user's hard bounce as email_undeliverable by the system, not as an edit", () => {
    const event = auditEventOf(
      streamChange({
        entity: 'ExternalUser',
        keys: userKey,
        oldImage: user,
        newImage: { ...user, deliverability: bounced },
      }),
    );
    expect(event).toEqual({
      accountId: 'acc-1',
      externalUserId: 'ext-1',
      actor: { kind: 'system' },
      action: 'email_undeliverable',
      details: { status: 'bounced', reason: 'hard_bounce', detail: 'General' },
    });
  });

  it("audits an admin's reset as deliverability_reset by that admin", () => {
    const reset = { status: 'deliverable', reason: 'reset', at: '2026-12-07T09:00:00.000Z', resetBy: 'u-9' };
    const event = auditEventOf(
      streamChange({
        entity: 'ExternalUser',
        keys: userKey,
        oldImage: { ...user, deliverability: bounced },
        newImage: { ...user, deliverability: reset },
      }),
    );
    expect(event).toMatchObject({
      actor: { kind: 'staff', id: 'u-9' },
      action: 'deliverability_reset',
      details: { previous: 'bounced' },
    });
  });

  it("audits a staff user's complaint as an account entry about that staff user, and nothing else of staff users", () => {
    const staffKey = { ...keys.staffUser('acc-1', 'u-2') };
    const staff = { entity: 'StaffUser', id: 'u-2', givenName: 'Ann' };
    const complained = { status: 'complained', reason: 'complaint', at: '2026-12-06T10:00:05.000Z' };
    expect(
      auditEventOf(
        streamChange({
          entity: 'StaffUser',
          keys: staffKey,
          oldImage: staff,
          newImage: { ...staff, deliverability: complained },
        }),
      ),
    ).toEqual({
      accountId: 'acc-1',
      subject: { type: 'staffUser', id: 'u-2' },
      actor: { kind: 'system' },
      action: 'email_undeliverable',
      details: { status: 'complained', reason: 'complaint', detail: null },
    });
    expect(
      auditEventOf(
        streamChange({
          entity: 'StaffUser',
          keys: staffKey,
          oldImage: staff,
          newImage: { ...staff, givenName: 'Anne' },
        }),
      ),
    ).toBeUndefined();
  });

  it('audits a link e-mail the send path refused to a suppressed address as link_email_failed with the state', () => {
    const key = { ...keys.assignment('job', 'acc-1', 'job-1', 'ext-1') };
    const assignment = {
      entity: 'Assignment',
      itemType: 'job',
      itemId: 'job-1',
      externalUserId: 'ext-1',
      status: 'active',
    };
    const event = auditEventOf(
      streamChange({
        entity: 'Assignment',
        keys: key,
        oldImage: { ...assignment, emailStatus: 'pending' },
        newImage: {
          ...assignment,
          emailStatus: 'bounced',
          emailError: 'EmailSuppressed',
          emailFailedAt: '2026-12-06T12:00:00Z',
        },
      }),
    );
    expect(event).toMatchObject({
      action: 'link_email_failed',
      details: { reason: 'EmailSuppressed', status: 'bounced' },
    });
    // SES's own report on the assignment (no emailFailedAt) is the external user's entry, not this one.
    expect(
      auditEventOf(
        streamChange({
          entity: 'Assignment',
          keys: key,
          oldImage: { ...assignment, emailStatus: 'sent' },
          newImage: { ...assignment, emailStatus: 'bounced', emailUndeliverableAt: '2026-12-06T12:00:00Z' },
        }),
      ),
    ).toBeUndefined();
  });
});
