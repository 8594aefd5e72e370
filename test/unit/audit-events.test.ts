import { describe, expect, it } from 'vitest';
import { auditEventOf } from '../../functions/audit/audit-event';
import {
  checklistKeys,
  customer as customerRecord,
  customerReferences,
  deletedCustomer,
  deletedSite,
  impersonationSession,
  keys,
  signInKeys,
  site as siteRecord,
} from '../../functions/shared/data/keys';
import { streamChange } from '../support/events';

const change = streamChange;

describe('audit events from stream changes', () => {
  const assignmentKey = { ...keys.assignment('job', 'acc-1', 'job-1', 'ext-1') };
  const assignment = {
    entity: 'Assignment',
    itemType: 'job',
    itemId: 'job-1',
    externalUserId: 'ext-1',
    assignedBy: 'u-1',
  };

  it('records an answer with its old and new value, by the external user who gave it', () => {
    const key = { ...checklistKeys.checklistAnswer('job', 'acc-1', 'job-1', 'c-1', 'i-1') };
    const image = (value: unknown) => ({
      entity: 'ChecklistAnswer',
      checklistId: 'c-1',
      checklistItemId: 'i-1',
      value,
      answeredBy: { kind: 'external', id: 'ext-1' },
    });
    expect(
      auditEventOf(change({ entity: 'ChecklistAnswer', keys: key, oldImage: image('yes'), newImage: image('no') })),
    ).toEqual({
      accountId: 'acc-1',
      item: { type: 'job', id: 'job-1' },
      externalUserId: 'ext-1',
      actor: { kind: 'external', id: 'ext-1' },
      action: 'answer_saved',
      details: { checklistId: 'c-1', checklistItemId: 'i-1', oldValue: 'yes', newValue: 'no' },
    });
  });

  it('tells assigned, revoked, restored and resent apart, each by the staff user who did it', () => {
    const active = { ...assignment, status: 'active', linkRequestId: 'r1', linkRequestedBy: 'u-1' };
    const revoked = { ...active, status: 'revoked', revokedBy: 'u-2', revokedReason: 'done' };
    const of = (oldImage: object | undefined, newImage: object) =>
      auditEventOf(
        change({ entity: 'Assignment', keys: assignmentKey, oldImage: oldImage as never, newImage: newImage as never }),
      );
    expect(of(undefined, active)).toMatchObject({ action: 'assigned', actor: { kind: 'staff', id: 'u-1' } });
    expect(of(active, revoked)).toMatchObject({
      action: 'access_revoked',
      actor: { id: 'u-2' },
      details: { reason: 'done' },
    });
    expect(of(revoked, { ...active, linkRequestId: 'r2' })).toMatchObject({ action: 'access_restored' });
    expect(of(active, { ...active, linkRequestId: 'r3', linkRequestedBy: 'u-3' })).toMatchObject({
      action: 'link_resent',
      actor: { id: 'u-3' },
    });
    // The consumer's own bookkeeping (the link's e-mail went out) is nobody's action.
    expect(of(active, { ...active, emailStatus: 'sent' })).toBeUndefined();
  });

  it('records a sign-in and each failed answer on the code sends, with the reason and attempts left but no code', () => {
    const sends = {
      entity: 'CodeSends',
      externalUserId: 'ext-1',
      latestSendId: 's-1',
      latestSendItem: { itemType: 'job', itemId: 'job-1' },
      awaitingSignIn: true,
    };
    const failure = (at: string, reason: string, attemptsLeft: number) => ({
      ...sends,
      lastSignInFailure: { at, reason, attemptsLeft, itemType: 'incident', itemId: 'inc-2' },
    });
    const of = (oldImage: object, newImage: object) =>
      auditEventOf(
        change({
          entity: 'CodeSends',
          keys: { ...signInKeys.codeSends('acc-1', 'ext-1') },
          oldImage: oldImage as never,
          newImage: newImage as never,
        }),
      );
    const wrong = failure('2026-01-01T10:00:00.000Z', 'incorrect', 2);

    expect(of(sends, wrong)).toEqual({
      accountId: 'acc-1',
      item: { type: 'incident', id: 'inc-2' },
      externalUserId: 'ext-1',
      actor: { kind: 'external', id: 'ext-1' },
      action: 'sign_in_failed',
      details: { reason: 'incorrect', attemptsLeft: 2 },
    });
    expect(of(wrong, failure('2026-01-01T10:01:00.000Z', 'locked_out', 0))).toMatchObject({
      action: 'sign_in_failed',
      details: { reason: 'locked_out', attemptsLeft: 0 },
    });
    const signedIn = { ...wrong, awaitingSignIn: undefined, lastSignInAt: '2026-01-01T10:02:00.000Z' };
    expect(of(wrong, signedIn)).toEqual({
      accountId: 'acc-1',
      item: { type: 'job', id: 'job-1' },
      externalUserId: 'ext-1',
      actor: { kind: 'external', id: 'ext-1' },
      action: 'signed_in',
      details: {},
    });
    // The same values written again (a retried request) and a new send are nobody's sign-in.
    expect(of(wrong, wrong)).toBeUndefined();
    expect(of(signedIn, { ...sends, latestSendId: 's-2' })).toBeUndefined();
  });

  it("records a link e-mail SES refused as the system's, on the item and the external user, once per refusal", () => {
    const pending = { ...assignment, status: 'active', linkRequestId: 'r1', emailStatus: 'pending', linkHash: 'h' };
    const failed = { ...pending, emailStatus: 'failed', emailError: 'MessageRejected', emailFailedAt: 'T1' };
    const of = (oldImage: object, newImage: object) =>
      auditEventOf(
        change({ entity: 'Assignment', keys: assignmentKey, oldImage: oldImage as never, newImage: newImage as never }),
      );

    expect(of(pending, failed)).toEqual({
      accountId: 'acc-1',
      item: { type: 'job', id: 'job-1' },
      externalUserId: 'ext-1',
      actor: { kind: 'system' },
      action: 'link_email_failed',
      details: { reason: 'MessageRejected' },
    });
    expect(of(failed, { ...failed, linkHash: 'h2' })).toBeUndefined();
  });

  it("records TTL deletions as expiries by the system, never as someone's action (R24)", () => {
    const event = auditEventOf(
      change({
        eventName: 'REMOVE',
        entity: 'CodeSendTicket',
        keys: { pk: 'ACC#acc-1', sk: 'CODESEND#s-1' },
        oldImage: { entity: 'CodeSendTicket', externalUserId: 'ext-1', itemType: 'job', itemId: 'job-1' },
        isTtlExpiry: true,
      }),
    );
    expect(event).toMatchObject({ action: 'expired', actor: { kind: 'system' }, externalUserId: 'ext-1' });
  });

  it('names the fields staff changed on an item, leaving out bookkeeping, and skips a change of nothing', () => {
    const job = { entity: 'Job', id: 'job-1', title: 'A', version: 1, updatedAt: 'x', updatedBy: 'u-1', gsi1pk: 'p' };
    const key = { ...keys.workItem('job', 'acc-1', 'job-1') };
    expect(
      auditEventOf(
        change({ entity: 'Job', keys: key, oldImage: job, newImage: { ...job, title: 'B', version: 2, gsi1pk: 'q' } }),
      ),
    ).toMatchObject({ action: 'item_changed', details: { fields: ['title'] }, actor: { kind: 'staff', id: 'u-1' } });
    expect(
      auditEventOf(change({ entity: 'Job', keys: key, oldImage: job, newImage: { ...job, version: 2 } })),
    ).toBeUndefined();
  });

  describe('customers and sites', () => {
    const customerKey = { ...customerRecord('acc-1', 'cus-1') };
    const customer = {
      entity: 'Customer',
      id: 'cus-1',
      name: 'Acme',
      contacts: [],
      archived: false,
      version: 1,
      createdBy: 'u-1',
      updatedBy: 'u-1',
      updatedAt: '2026-12-01T09:00:00.000Z',
    };
    const of = (entity: string, key: object, oldImage: object | undefined, newImage: object) =>
      auditEventOf(
        change({
          eventName: oldImage ? 'MODIFY' : 'INSERT',
          entity,
          keys: key as never,
          ...(oldImage ? { oldImage: oldImage as never } : {}),
          newImage: newImage as never,
        }),
      );

    it('records a new customer as an account-level entry about it, by the staff user who made it', () => {
      expect(of('Customer', customerKey, undefined, customer)).toEqual({
        accountId: 'acc-1',
        subject: { type: 'customer', id: 'cus-1' },
        actor: { kind: 'staff', id: 'u-1' },
        action: 'customer_created',
        details: { name: 'Acme' },
      });
    });

    it('records a change of a customer with the old and new value of each field, leaving out bookkeeping', () => {
      const next = { ...customer, name: 'Acme Ltd', reference: 'A-1', version: 2, updatedBy: 'u-2', updatedAt: 'y' };
      expect(of('Customer', customerKey, customer, next)).toMatchObject({
        subject: { type: 'customer', id: 'cus-1' },
        actor: { kind: 'staff', id: 'u-2' },
        action: 'customer_changed',
        details: {
          name: 'Acme Ltd',
          fields: ['name', 'reference'],
          changes: { name: { from: 'Acme', to: 'Acme Ltd' }, reference: { from: null, to: 'A-1' } },
        },
      });
      expect(of('Customer', customerKey, customer, { ...customer, version: 2 })).toBeUndefined();
    });

    it('tells archiving and restoring a customer or a site apart from a change', () => {
      const archived = { ...customer, archived: true, version: 2 };
      expect(of('Customer', customerKey, customer, archived)).toMatchObject({ action: 'customer_archived' });
      expect(of('Customer', customerKey, archived, { ...customer, version: 3 })).toMatchObject({
        action: 'customer_restored',
      });
      const site = { ...customer, entity: 'Site', id: 'site-1', customerId: 'cus-1', name: 'Depot' };
      const siteKey = { ...siteRecord('acc-1', 'site-1') };
      expect(of('Site', siteKey, site, { ...site, archived: true })).toMatchObject({
        subject: { type: 'site', id: 'site-1' },
        action: 'site_archived',
        details: { name: 'Depot', customerId: 'cus-1' },
      });
    });

    it('records a deleted customer or site from its tombstone, by the staff user who deleted it', () => {
      const tombstone = { entity: 'DeletedSite', id: 'site-1', customerId: 'cus-1', name: 'Depot', deletedBy: 'u-3' };
      expect(of('DeletedSite', { ...deletedSite('acc-1', 'site-1') }, undefined, tombstone)).toEqual({
        accountId: 'acc-1',
        subject: { type: 'site', id: 'site-1' },
        actor: { kind: 'staff', id: 'u-3' },
        action: 'site_deleted',
        details: { name: 'Depot', customerId: 'cus-1' },
      });
      expect(
        of('DeletedCustomer', { ...deletedCustomer('acc-1', 'cus-1') }, undefined, {
          entity: 'DeletedCustomer',
          id: 'cus-1',
          name: 'Acme',
          deletedBy: 'u-3',
        }),
      ).toMatchObject({ subject: { type: 'customer', id: 'cus-1' }, action: 'customer_deleted' });
    });

    it('does not audit a change of what names a customer (its reference counts)', () => {
      const refs = { entity: 'CustomerReferences', customerId: 'cus-1', items: 0, sites: 0, archived: false };
      expect(
        of('CustomerReferences', { ...customerReferences('acc-1', 'cus-1') }, refs, { ...refs, items: 1 }),
      ).toBeUndefined();
    });
  });

  it('audits only the per-version terms acceptance and nothing outside an account', () => {
    const acceptance = {
      entity: 'TermsAcceptance',
      externalUserId: 'ext-1',
      termsVersion: 2,
      ip: '1.2.3.4',
      userAgent: 'ua',
    };
    const key = { pk: 'ACC#acc-1', sk: 'x' };
    expect(
      auditEventOf(
        change({
          eventName: 'INSERT',
          entity: 'TermsAcceptance',
          keys: key,
          newImage: { ...acceptance, scope: 'version' },
        }),
      ),
    ).toMatchObject({
      action: 'terms_accepted',
      details: { termsVersion: 2, ip: '1.2.3.4' },
    });
    expect(
      auditEventOf(change({ eventName: 'INSERT', entity: 'TermsAcceptance', keys: key, newImage: acceptance })),
    ).toBeUndefined();
    expect(
      auditEventOf(change({ entity: 'Link', keys: { pk: 'LINK#abc' }, newImage: { entity: 'Link' } })),
    ).toBeUndefined();
  });

  describe('client access', () => {
    const accountKey = { pk: 'ACC#acc-1', sk: 'EXTVIEW#v-1' };
    const view = {
      entity: 'ExternalView',
      id: 'v-1',
      name: 'Dealer jobs',
      kind: 'jobs',
      columns: ['title'],
      filters: {},
      version: 1,
      createdBy: 'u-1',
      updatedBy: 'u-1',
    };

    it('files a view created, changed (old and new values) and deleted as account-level entries about it', () => {
      expect(
        auditEventOf(change({ eventName: 'INSERT', entity: 'ExternalView', keys: accountKey, newImage: view })),
      ).toEqual({
        accountId: 'acc-1',
        subject: { type: 'externalView', id: 'v-1' },
        actor: { kind: 'staff', id: 'u-1' },
        action: 'external_view_created',
        details: { name: 'Dealer jobs' },
      });
      const renamed = { ...view, name: 'Builder jobs', columns: ['title', 'status'], version: 2, updatedBy: 'u-2' };
      expect(
        auditEventOf(change({ entity: 'ExternalView', keys: accountKey, oldImage: view, newImage: renamed })),
      ).toMatchObject({
        subject: { type: 'externalView', id: 'v-1' },
        actor: { kind: 'staff', id: 'u-2' },
        action: 'external_view_changed',
        details: {
          fields: ['columns', 'name'],
          changes: {
            name: { from: 'Dealer jobs', to: 'Builder jobs' },
            columns: { from: ['title'], to: ['title', 'status'] },
          },
        },
      });
      const tombstone = { entity: 'DeletedExternalRole', id: 'r-1', name: 'Dealers', deletedBy: 'u-3' };
      expect(
        auditEventOf(
          change({ eventName: 'INSERT', entity: 'DeletedExternalRole', keys: accountKey, newImage: tombstone }),
        ),
      ).toEqual({
        accountId: 'acc-1',
        subject: { type: 'externalRole', id: 'r-1' },
        actor: { kind: 'staff', id: 'u-3' },
        action: 'external_role_deleted',
        details: { name: 'Dealers' },
      });
      // The delete itself names nobody; only its tombstone is the entry.
      expect(
        auditEventOf(change({ eventName: 'REMOVE', entity: 'ExternalView', keys: accountKey, oldImage: view })),
      ).toBe(undefined);
    });

    const access = {
      id: 'a-1',
      status: 'active',
      roleIds: ['r-1'],
      customerIds: ['c-1'],
      jobIds: [],
      createdAt: '2027-01-01T00:00:00.000Z',
      createdBy: 'u-1',
      updatedAt: '2027-01-01T00:00:00.000Z',
      updatedBy: 'u-1',
    };
    const record = (accesses: object[], updatedBy = 'u-1') => ({
      entity: 'ClientAccess',
      externalUserId: 'ext-1',
      accesses,
      updatedBy,
    });
    const of = (oldImage: object | undefined, newImage: object) =>
      auditEventOf(
        change({
          eventName: oldImage ? 'MODIFY' : 'INSERT',
          entity: 'ClientAccess',
          keys: { pk: 'ACC#acc-1', sk: 'EXTUSER#ext-1#CLIENTACCESS' },
          oldImage: oldImage as never,
          newImage: newImage as never,
        }),
      );

    it('files an access added under its external user, with what it names', () => {
      expect(of(undefined, record([access]))).toEqual({
        accountId: 'acc-1',
        externalUserId: 'ext-1',
        actor: { kind: 'staff', id: 'u-1' },
        action: 'client_access_added',
        details: { accessId: 'a-1', status: 'active', roleIds: ['r-1'], customerIds: ['c-1'], jobIds: [] },
      });
    });

    it('tells revoked, restored, changed and removed apart, with old and new values, by who did it', () => {
      const revoked = { ...access, status: 'revoked', revokedAt: '2027-01-02T00:00:00.000Z', revokedBy: 'u-2' };
      expect(of(record([access]), record([revoked], 'u-2'))).toMatchObject({
        externalUserId: 'ext-1',
        actor: { kind: 'staff', id: 'u-2' },
        action: 'client_access_revoked',
        details: { accessId: 'a-1', fields: ['status'], changes: { status: { from: 'active', to: 'revoked' } } },
      });
      expect(of(record([revoked]), record([access], 'u-3'))).toMatchObject({
        action: 'client_access_restored',
        actor: { id: 'u-3' },
      });
      const more = { ...access, customerIds: ['c-1', 'c-2'] };
      expect(of(record([access]), record([more]))).toMatchObject({
        action: 'client_access_changed',
        details: { fields: ['customerIds'], changes: { customerIds: { from: ['c-1'], to: ['c-1', 'c-2'] } } },
      });
      const second = { ...access, id: 'a-2', roleIds: ['r-2'] };
      expect(of(record([access, second]), record([second], 'u-4'))).toMatchObject({
        action: 'client_access_removed',
        actor: { id: 'u-4' },
        details: { accessId: 'a-1', roleIds: ['r-1'] },
      });
      // Only when and by whom it was saved: nothing anyone changed.
      expect(of(record([access]), record([{ ...access, updatedAt: '2027-02-01T00:00:00.000Z' }]))).toBeUndefined();
    });
  });
  describe('impersonation', () => {
    const key = { ...impersonationSession('acc-1', 'sess-1') };
    const session = {
      entity: 'ImpersonationSession',
      accountId: 'acc-1',
      sessionId: 'sess-1',
      externalUserId: 'ext-1',
      staffUserId: 'u-1',
      status: 'active',
      startedAt: '2027-01-01T10:00:00.000Z',
      endsAt: '2027-01-01T10:30:00.000Z',
      version: 1,
    };
    const staffOnBehalf = { externalUserId: 'ext-1', actor: { kind: 'staff', id: 'u-1' } };

    it('files the start under the external user with the staff user as actor, at the session start', () => {
      expect(
        auditEventOf(change({ eventName: 'INSERT', entity: 'ImpersonationSession', keys: key, newImage: session })),
      ).toEqual({
        accountId: 'acc-1',
        ...staffOnBehalf,
        action: 'impersonation_started',
        details: { sessionId: 'sess-1', onBehalfOf: 'ext-1', endsAt: session.endsAt },
        at: session.startedAt,
      });
    });

    it('files each page viewed through the session as the staff user on behalf of the external user', () => {
      const lastView = {
        route: 'GET /portal/views/{viewId}/jobs',
        target: { viewId: 'v-1' },
        at: '2027-01-01T10:01:00.000Z',
      };
      const viewed = { ...session, lastView, views: 1 };
      expect(
        auditEventOf(change({ entity: 'ImpersonationSession', keys: key, oldImage: session, newImage: viewed })),
      ).toEqual({
        accountId: 'acc-1',
        ...staffOnBehalf,
        action: 'impersonation_viewed',
        details: { sessionId: 'sess-1', onBehalfOf: 'ext-1', route: lastView.route, target: { viewId: 'v-1' } },
        at: lastView.at,
      });
    });

    it('files the stop once, and nothing for a change that is neither a view nor a stop', () => {
      const stopped = { ...session, status: 'stopped', stoppedAt: '2027-01-01T10:05:00.000Z', version: 2 };
      expect(
        auditEventOf(change({ entity: 'ImpersonationSession', keys: key, oldImage: session, newImage: stopped })),
      ).toMatchObject({
        ...staffOnBehalf,
        action: 'impersonation_stopped',
        at: stopped.stoppedAt,
      });
      expect(
        auditEventOf(change({ entity: 'ImpersonationSession', keys: key, oldImage: stopped, newImage: stopped })),
      ).toBeUndefined();
    });
  });
});
