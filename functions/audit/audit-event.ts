import * as z from 'zod/mini';
import { type AssignableType, accountIdOf, assignableOf, keyAttributes } from '#shared/data/keys';
import { lazySchema } from '#shared/lazy-schema';
import type { StreamChange } from '#shared/stream-change';

/** Who did it: an external user, a staff user, or FieldPass itself (e.g. DynamoDB's TTL). */
export type AuditActor = { kind: 'external' | 'staff'; id: string } | { kind: 'system' };

export const auditActions = [
  'code_requested',
  'signed_in',
  'sign_in_failed',
  'terms_accepted',
  'item_viewed',
  'change_refused',
  'answer_saved',
  'comment_added',
  'comment_edited',
  'comment_deleted',
  'attachment_added',
  'attachment_removed',
  'assigned',
  'access_revoked',
  'access_restored',
  'link_resent',
  'link_email_failed',
  'item_created',
  'item_changed',
  'item_deleted',
  'checklist_added',
  'checklist_changed',
  'external_user_created',
  'external_user_edited',
  'external_user_disabled',
  'external_user_enabled',
  'external_user_promoted',
  'auto_disabled',
  'expired',
  'customer_created',
  'customer_changed',
  'customer_archived',
  'customer_restored',
  'customer_deleted',
  'site_created',
  'site_changed',
  'site_archived',
  'site_restored',
  'site_deleted',
  'external_view_created',
  'external_view_changed',
  'external_view_deleted',
  'external_role_created',
  'external_role_changed',
  'external_role_deleted',
  'client_access_added',
  'client_access_changed',
  'client_access_revoked',
  'client_access_restored',
  'client_access_removed',
  'client_reports_unsubscribed',
  'impersonation_started',
  'impersonation_stopped',
  'impersonation_viewed',
  'feed_key_created',
  'feed_key_revoked',
  'feed_key_used',
  'export_started',
  'export_downloaded',
  'import_committed',
  'email_undeliverable',
  'deliverability_reset',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** The account settings an entry can be about, apart from items and external users. */
export const auditSubjectTypes = [
  'customer',
  'site',
  'externalView',
  'externalRole',
  'feedKey',
  'export',
  'staffUser',
  'import',
] as const;
export type AuditSubject = { type: (typeof auditSubjectTypes)[number]; id: string };

/** An audit entry as stored and shown. Entries are written once and never changed or deleted. */
export const auditEntrySchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    at: z.string(),
    action: z.enum(auditActions),
    actor: z.union([
      z.object({ kind: z.enum(['external', 'staff']), id: z.string() }),
      z.object({ kind: z.literal('system') }),
    ]),
    itemType: z.optional(z.enum(['job', 'incident'])),
    itemId: z.optional(z.string()),
    externalUserId: z.optional(z.string()),
    /** An account setting the entry is about (a customer, a site, an external view or role), when it is about one. */
    subject: z.optional(z.object({ type: z.enum(auditSubjectTypes), id: z.string() })),
    /** Per action: e.g. answer_saved has checklistId, checklistItemId, oldValue, newValue. */
    details: z.record(z.string(), z.unknown()),
    eventId: z.string(),
  }),
);
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** What one stream record means for the audit trail. */
export interface AuditEvent {
  accountId: string;
  item?: { type: AssignableType; id: string };
  /** The external user the entry concerns; such entries also appear in the account's activity view. */
  externalUserId?: string;
  /**
   * The account setting the entry is about (a customer, a site, an external view or role): an entry of the account's
   * own trail that also appears in the account's activity view (never in an external user's).
   */
  subject?: AuditSubject;
  actor: AuditActor;
  action: AuditAction;
  details: Record<string, unknown>;
  /** When it happened, if not when the change was written (an auto-disable date reached). */
  at?: string;
}

type Image = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const itemRef = (image: Image) => {
  const type = image.itemType;
  const id = str(image.itemId);
  return (type === 'job' || type === 'incident') && id ? { type: type as AssignableType, id } : undefined;
};
/** The item and the external user an entry is about, each when there is one. */
const about = (item: { type: AssignableType; id: string } | undefined, who: string | undefined) => ({
  ...(item ? { item } : {}),
  ...(who ? { externalUserId: who } : {}),
});
/** The job or incident whose collection holds the changed record (a checklist's answer, comment, file). */
const collectionItem = (change: StreamChange) => {
  const target = assignableOf(change.keys.pk);
  return target ? { type: target.type, id: target.itemId } : undefined;
};
const external = (id: string | undefined): AuditActor | undefined => (id ? { kind: 'external', id } : undefined);
const staff = (id: string | undefined): AuditActor => (id ? { kind: 'staff', id } : { kind: 'system' });
/**
 * A checklist answer's, comment's or attachment's entry fields: the item whose collection holds it,
 * and its author (`by`: `{ kind, id }`), an external user (whom the entry is also about) or staff.
 */
const authored = (change: StreamChange, by: unknown) => {
  const { kind, id } = (by ?? {}) as Image;
  const who = kind === 'external' ? str(id) : undefined;
  return { ...about(collectionItem(change), who), actor: who ? external(who) : staff(str(id)) } as {
    item?: { type: AssignableType; id: string };
    externalUserId?: string;
    actor: AuditActor;
  };
};

/** Fields whose change is bookkeeping, not something a person changed. */
/** (A job's or incident's `ownerNames` follow its owners and their names: not a change of its own.) */
const BOOKKEEPING = new Set(['version', 'updatedAt', 'updatedBy', 'entity', 'ownerNames']);

/**
 * A recipient record's `deliverability` changed (functions/deliverability/): SES reported a hard
 * bounce or a complaint (by FieldPass itself: `email_undeliverable`), or an admin reset it.
 */
function deliverabilityChange(
  before: Image,
  after: Image,
): Pick<AuditEvent, 'actor' | 'action' | 'details'> | undefined {
  const mark = after.deliverability as Image | undefined;
  if (!mark || JSON.stringify(before.deliverability) === JSON.stringify(mark)) return undefined;
  if (mark.status === 'deliverable') {
    const previous = (before.deliverability as Image | undefined)?.status ?? null;
    return { actor: staff(str(mark.resetBy)), action: 'deliverability_reset', details: { previous } };
  }
  return {
    actor: { kind: 'system' },
    action: 'email_undeliverable',
    details: { status: mark.status, reason: mark.reason, detail: mark.detail ?? null },
  };
}

/** Each changed field's value before and after (null where absent). */
const changesOf = (fields: string[], before: Image, after: Image) =>
  Object.fromEntries(fields.map((f) => [f, { from: before[f] ?? null, to: after[f] ?? null }]));

function changedFields(before: Image, after: Image): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((name) => !BOOKKEEPING.has(name) && !(keyAttributes as readonly string[]).includes(name))
    .filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]))
    .sort();
}

/**
 * Reads one stream record as an audit event (pure): the external user's actions (code requested,
 * signed in, sign-in failed, terms accepted, answer saved with old and new value, comments, attachments added or
 * removed), the staff's actions about them
 * (assigned, access revoked or restored, link resent) and on the item (created, changed, with the
 * fields), the staff's changes of customers and sites (created, changed with old and new values,
 * archived, restored, deleted: account-level entries shown in the activity view), and TTL deletions as `expired` by the system, never as someone's action (R24).
 * Anything else is not audited: undefined.
 */
export function auditEventOf(change: StreamChange): AuditEvent | undefined {
  const accountId = accountIdOf(change.keys.pk);
  if (!accountId) return undefined;
  const after = change.newImage;
  const before = change.oldImage;
  const image = after ?? before ?? {};
  const base = { accountId };

  if (change.isTtlExpiry) {
    if (change.entity === 'ExternalUserAutoDisable') {
      const who = str(before?.externalUserId);
      const at = str(before?.autoDisableAt);
      if (!who || !at) return undefined;
      return { ...base, externalUserId: who, actor: { kind: 'system' }, action: 'auto_disabled', details: {}, at };
    }
    if (change.entity !== 'CodeSendTicket') return undefined;
    const item = itemRef(image);
    const who = str(image.externalUserId);
    return {
      ...base,
      ...about(item, who),
      actor: { kind: 'system' },
      action: 'expired',
      details: { entity: change.entity },
    };
  }

  switch (change.entity) {
    case 'CodeSendTicket': {
      if (change.eventName !== 'INSERT' || !after) return undefined;
      const who = str(after.externalUserId);
      const item = itemRef(after);
      const actor = external(who);
      if (!actor || !who) return undefined;
      return { ...base, ...(item ? { item } : {}), externalUserId: who, actor, action: 'code_requested', details: {} };
    }
    case 'CodeSends': {
      // One record per user: a sign-in (by the PostAuthentication trigger) or a failed answer
      // (by the API: reason, attempts left, never the code) changes it.
      const who = str(after?.externalUserId);
      const actor = external(who);
      if (!after || !actor || !who) return undefined;
      const failure = (after.lastSignInFailure ?? {}) as Image;
      const failed = str(failure.at) && failure.at !== ((before?.lastSignInFailure ?? {}) as Image).at;
      const signedIn = str(after.lastSignInAt) && after.lastSignInAt !== before?.lastSignInAt;
      if (!failed && !signedIn) return undefined;
      const item = itemRef(failed ? failure : ((after.latestSendItem ?? after.lastSignInItem ?? {}) as Image));
      const common = { ...base, ...(item ? { item } : {}), externalUserId: who, actor };
      if (signedIn) return { ...common, action: 'signed_in', details: {} };
      return {
        ...common,
        action: 'sign_in_failed',
        details: { reason: failure.reason, attemptsLeft: failure.attemptsLeft },
      };
    }
    case 'TermsAcceptance': {
      if (change.eventName !== 'INSERT' || after?.scope !== 'version') return undefined;
      const who = str(after.externalUserId);
      const actor = external(who);
      if (!actor || !who) return undefined;
      return {
        ...base,
        externalUserId: who,
        actor,
        action: 'terms_accepted',
        details: { termsVersion: after.termsVersion, ip: after.ip, userAgent: after.userAgent },
      };
    }
    case 'ChecklistAnswer': {
      if (!after) return undefined;
      return {
        ...base,
        ...authored(change, after.answeredBy),
        action: 'answer_saved',
        details: {
          checklistId: after.checklistId,
          checklistItemId: after.checklistItemId,
          oldValue: before?.value ?? null,
          newValue: after.value ?? null,
          ...(after.gps ? { gps: after.gps } : {}),
        },
      };
    }
    case 'ChecklistComment': {
      const action =
        change.eventName === 'INSERT'
          ? 'comment_added'
          : change.eventName === 'MODIFY'
            ? 'comment_edited'
            : 'comment_deleted';
      return {
        ...base,
        ...authored(change, image.author),
        action,
        details: {
          checklistId: image.checklistId,
          checklistItemId: image.checklistItemId,
          commentId: image.id,
          oldText: before?.text ?? null,
          newText: after?.text ?? null,
        },
      };
    }
    case 'RefusedChange': {
      if (change.eventName !== 'INSERT' || !after) return undefined;
      const who = str(after.externalUserId);
      const actor = external(who);
      if (!actor || !who) return undefined;
      // On the item's own trail when the user was assigned to it; otherwise the id is only what the
      // request named, and the entry stays in the external activity.
      const item = after.assigned ? itemRef({ itemType: after.targetType, itemId: after.targetId }) : undefined;
      return {
        ...base,
        ...(item ? { item } : {}),
        externalUserId: who,
        actor,
        action: 'change_refused',
        details: { itemType: after.targetType, itemId: after.targetId, fields: after.fields ?? [] },
      };
    }
    case 'ItemAccess': {
      // Only a new view is audited; the copied facts are the writers' own entries' business.
      // A view marker notes `lastChange: 'view'` (an answer's guard notes `answeredAt`, not a view).
      if (after?.lastChange !== 'view' || !after.viewedAt || after.viewedAt === before?.viewedAt) return undefined;
      const who = str(after.externalUserId);
      const item = itemRef(after);
      const actor = external(who);
      if (!actor || !who || !item) return undefined;
      return { ...base, item, externalUserId: who, actor, action: 'item_viewed', details: {} };
    }
    case 'ChecklistAttachment': {
      // Added when its upload is confirmed, removed when a confirmed one is deleted; a pending
      // upload is not an attachment yet (its expiry is handled above).
      const added = before?.status === 'pending' && after?.status === 'confirmed';
      const removed = change.eventName === 'REMOVE' && before?.status === 'confirmed';
      if (!added && !removed) return undefined;
      return {
        ...base,
        ...authored(change, image.uploadedBy),
        action: added ? 'attachment_added' : 'attachment_removed',
        details: {
          checklistId: image.checklistId,
          checklistItemId: image.checklistItemId,
          attachmentId: image.id,
          fileName: image.fileName,
          contentType: image.contentType,
          size: image.size,
        },
      };
    }
    case 'Assignment': {
      if (!after) return undefined;
      const item = itemRef(after);
      const who = str(after.externalUserId);
      if (!item || !who) return undefined;
      const common = { ...base, item, externalUserId: who };
      if (!before) return { ...common, actor: staff(str(after.assignedBy)), action: 'assigned', details: {} };
      if (before.status === 'active' && after.status === 'revoked') {
        return {
          ...common,
          actor: staff(str(after.revokedBy)),
          action: 'access_revoked',
          details: { reason: after.revokedReason ?? null },
        };
      }
      if (before.status === 'revoked' && after.status === 'active') {
        return { ...common, actor: staff(str(after.assignedBy)), action: 'access_restored', details: {} };
      }
      if (
        before.status === 'active' &&
        after.status === 'active' &&
        after.linkRequestId !== before.linkRequestId &&
        after.linkRequestedBy !== undefined
      ) {
        return { ...common, actor: staff(str(after.linkRequestedBy)), action: 'link_resent', details: {} };
      }
      // SES refused the link's e-mail for good, or the send path did, the address having bounced
      // or complained before (the stream consumer's own write). SES's later report of a bounce is
      // the external user's entry (email_undeliverable), not this one.
      if (
        (after.emailStatus === 'failed' || after.emailStatus === 'bounced' || after.emailStatus === 'complained') &&
        after.emailFailedAt !== before.emailFailedAt
      ) {
        return {
          ...common,
          actor: { kind: 'system' },
          action: 'link_email_failed',
          details: {
            reason: after.emailError,
            ...(after.emailStatus !== 'failed' ? { status: after.emailStatus } : {}),
          },
        };
      }
      return undefined;
    }
    case 'ExternalUser': {
      if (!after) return undefined;
      const who = str(after.id);
      if (!who) return undefined;
      const common = { ...base, externalUserId: who };
      if (!before) {
        return {
          ...common,
          actor: staff(str(after.createdBy)),
          action: 'external_user_created',
          // The record has the name and address; an entry that can never be erased keeps no copy.
          details: {},
        };
      }
      const deliverability = deliverabilityChange(before, after);
      if (deliverability) return { ...common, ...deliverability };
      const actor = staff(str(after.updatedBy));
      if (before.status !== after.status) {
        const promoted = after.status === 'promoted';
        const verb = promoted ? 'promoted' : after.status === 'disabled' ? 'disabled' : 'enabled';
        const details = promoted ? { staffUserId: after.promotedToUserId } : {};
        return { ...common, actor, action: `external_user_${verb}`, details };
      }
      const fields = changedFields(before, after);
      return fields.length > 0
        ? {
            ...common,
            actor,
            action: 'external_user_edited',
            details: { fields, changes: changesOf(fields, before, after) },
          }
        : undefined;
    }
    case 'StaffUser': {
      // Only what SES reported of their address (or its reset): staff users' other changes are
      // Cognito's and the staff routes' own.
      const who = str(after?.id);
      const change = before && after && who ? deliverabilityChange(before, after) : undefined;
      return change ? { ...base, subject: { type: 'staffUser', id: who as string }, ...change } : undefined;
    }
    case 'Checklist': {
      if (!after) return undefined;
      const item = itemRef(after);
      if (!item) return undefined;
      const details = { checklistId: after.id, title: after.title, version: after.version };
      const actor = staff(str(before ? after.updatedBy : after.createdBy));
      return { ...base, item, actor, action: before ? 'checklist_changed' : 'checklist_added', details };
    }
    case 'DeletedWorkItem': {
      if (change.eventName !== 'INSERT' || !after) return undefined;
      const item = itemRef({ itemType: after.itemType, itemId: after.id });
      if (!item) return undefined;
      return {
        ...base,
        item,
        actor: staff(str(after.deletedBy)),
        action: 'item_deleted',
        details: { title: after.title },
      };
    }
    case 'Customer':
    case 'Site':
    case 'DeletedCustomer':
    case 'DeletedSite':
    case 'ExternalView':
    case 'ExternalRole':
    case 'DeletedExternalView':
    case 'DeletedExternalRole':
      return subjectEvent(change, change.entity, base);
    case 'ClientAccess':
      return clientAccessEvent(change, base);
    case 'ImpersonationSession':
      return impersonationEvent(change, base);
    case 'FeedKey':
      return feedKeyEvent(change, base);
    case 'Export':
    case 'ExportDownload':
      return exportEvent(change, base);
    case 'Import':
      return importEvent(change, base);
    case 'Job':
    case 'Incident': {
      if (!after) return undefined;
      const id = str(after.id);
      if (!id) return undefined;
      const item = { type: change.entity === 'Job' ? ('job' as const) : ('incident' as const), id };
      if (!before) return { ...base, item, actor: staff(str(after.createdBy)), action: 'item_created', details: {} };
      const fields = changedFields(before, after);
      if (fields.length === 0) return undefined;
      return { ...base, item, actor: staff(str(after.updatedBy)), action: 'item_changed', details: { fields } };
    }
    default:
      return undefined;
  }
}

/**
 * A staff user viewing the portal as an external user (decision 0006), filed under the external
 * user with the staff user as the actor, so both identities are on every entry: the session's start
 * (its INSERT), each page read through it (its `lastView` changed) and its stop.
 */
function impersonationEvent(change: StreamChange, base: { accountId: string }): AuditEvent | undefined {
  const after = change.newImage;
  const who = str(after?.externalUserId);
  const staffUserId = str(after?.staffUserId);
  if (!after || !who || !staffUserId) return undefined;
  const common = { ...base, externalUserId: who, actor: { kind: 'staff' as const, id: staffUserId } };
  const sessionId = after.sessionId;
  if (!change.oldImage) {
    return {
      ...common,
      action: 'impersonation_started',
      details: { sessionId, onBehalfOf: who, endsAt: after.endsAt },
      // The session's own times, to the millisecond, so start, views and stop keep their order.
      ...(str(after.startedAt) ? { at: str(after.startedAt) } : {}),
    };
  }
  if (after.status === 'stopped' && change.oldImage.status !== 'stopped') {
    return {
      ...common,
      action: 'impersonation_stopped',
      details: { sessionId, onBehalfOf: who },
      ...(str(after.stoppedAt) ? { at: str(after.stoppedAt) } : {}),
    };
  }
  const view = after.lastView as Image | undefined;
  if (view && JSON.stringify(view) !== JSON.stringify(change.oldImage.lastView)) {
    return {
      ...common,
      action: 'impersonation_viewed',
      details: { sessionId, onBehalfOf: who, route: view.route, target: view.target },
      ...(str(view.at) ? { at: str(view.at) } : {}),
    };
  }
  return undefined;
}

/** The account settings whose records' changes are entries about them, by entity: the type and the actions' stem. */
const subjects = {
  Customer: ['customer', 'customer'],
  Site: ['site', 'site'],
  ExternalView: ['externalView', 'external_view'],
  ExternalRole: ['externalRole', 'external_role'],
} as const;

/**
 * A customer's, site's, external view's or role's change (created, changed with old and new
 * values; a customer or site archived or restored) or deletion (its `Deleted…` tombstone's INSERT):
 * an account-level entry about that setting, by the staff user who made it, naming it (and a
 * site's customer).
 */
function subjectEvent(change: StreamChange, entity: string, base: { accountId: string }): AuditEvent | undefined {
  const after = change.newImage;
  const before = change.oldImage;
  const deleted = entity.startsWith('Deleted');
  const [type, verb] = subjects[entity.replace('Deleted', '') as keyof typeof subjects];
  const id = str(after?.id);
  if (!after || !id) return undefined;
  const facts = { name: after.name, ...(type === 'site' ? { customerId: after.customerId } : {}) };
  const common = { ...base, subject: { type, id }, details: facts };
  if (deleted) {
    return change.eventName === 'INSERT'
      ? { ...common, actor: staff(str(after.deletedBy)), action: `${verb}_deleted` }
      : undefined;
  }
  if (!before) return { ...common, actor: staff(str(after.createdBy)), action: `${verb}_created` };
  const actor = staff(str(after.updatedBy));
  if ((type === 'customer' || type === 'site') && before.archived !== after.archived) {
    return { ...common, actor, action: after.archived ? `${type}_archived` : `${type}_restored` };
  }
  const fields = changedFields(before, after);
  if (fields.length === 0) return undefined;
  return {
    ...common,
    actor,
    action: `${verb}_changed`,
    details: { ...facts, fields, changes: changesOf(fields, before, after) },
  };
}

/** The accesses of a `ClientAccess` image by id. */
const accessesOf = (image: Image | undefined): Map<string, Image> =>
  new Map(
    (Array.isArray(image?.accesses) ? (image.accesses as Image[]) : []).flatMap((access) =>
      typeof access?.id === 'string' ? [[access.id, access] as const] : [],
    ),
  );

/** Bookkeeping of an access: when and by whom it changed, which the entry's own time and actor say. */
const ACCESS_BOOKKEEPING = new Set(['updatedAt', 'updatedBy', 'createdAt', 'createdBy', 'revokedAt', 'revokedBy']);

/** What an access names, for an entry about it as a whole (added, removed). */
const accessFacts = (access: Image) => ({
  accessId: access.id,
  status: access.status,
  roleIds: access.roleIds,
  customerIds: access.customerIds,
  jobIds: access.jobIds,
  ...(access.site ? { site: access.site } : {}),
});

/**
 * A change of an external user's client access record, filed under that external user: the one
 * access a staff route added, changed, revoked, restored or removed (a record changed in several
 * accesses at once, which no route does, is one `client_access_changed` naming them all).
 */
function clientAccessEvent(change: StreamChange, base: { accountId: string }): AuditEvent | undefined {
  const after = change.newImage;
  if (!after) return undefined;
  const who = str(after.externalUserId);
  if (!who) return undefined;
  const before = accessesOf(change.oldImage);
  const now = accessesOf(after);
  // The contact themselves changes their record in one way only: unsubscribing from report e-mails.
  const byContact = str(after.updatedBy) === who;
  const actor = byContact ? (external(who) as AuditActor) : staff(str(after.updatedBy));
  const common = { ...base, externalUserId: who, actor };
  const events: AuditEvent[] = [];
  for (const [id, access] of now) {
    const old = before.get(id);
    if (!old) {
      events.push({ ...common, action: 'client_access_added', details: accessFacts(access) });
      continue;
    }
    const fields = changedFields(old, access).filter((f) => !ACCESS_BOOKKEEPING.has(f));
    if (fields.length === 0) continue;
    const changes = changesOf(fields, old, access);
    const action = byContact
      ? 'client_reports_unsubscribed'
      : old.status === 'active' && access.status === 'revoked'
        ? 'client_access_revoked'
        : old.status === 'revoked' && access.status === 'active'
          ? 'client_access_restored'
          : 'client_access_changed';
    events.push({ ...common, action, details: { accessId: id, fields, changes } });
  }
  for (const [id, access] of before) {
    if (!now.has(id)) events.push({ ...common, action: 'client_access_removed', details: accessFacts(access) });
  }
  if (events.length <= 1) return events[0];
  return {
    ...common,
    action: 'client_access_changed',
    details: { accesses: events.map((event) => ({ action: event.action, ...event.details })) },
  };
}

/**
 * A feed key made, revoked, or used (noted on the key once per hour of use: `usedHour`, the start
 * of that hour): an account-level entry about the key, never holding its secret or hash.
 */
function feedKeyEvent(change: StreamChange, base: { accountId: string }): AuditEvent | undefined {
  const after = change.newImage;
  const before = change.oldImage;
  const id = str(after?.id);
  if (!after || !id) return undefined;
  const common = { ...base, subject: { type: 'feedKey' as const, id } };
  const details = { name: after.name };
  if (!before) return { ...common, actor: staff(str(after.createdBy)), action: 'feed_key_created', details };
  if (before.status !== after.status) {
    return { ...common, actor: staff(str(after.revokedBy)), action: 'feed_key_revoked', details };
  }
  // The key acts as its maker: the use is theirs, through the key the entry names.
  return after.usedHour !== before.usedHour
    ? {
        ...common,
        actor: staff(str(after.createdBy)),
        action: 'feed_key_used',
        details: { ...details, hour: after.usedHour },
      }
    : undefined;
}

/**
 * An export started (its record's INSERT: who, which report, its filters and columns, the format
 * and layout) or a download link of its file issued (an `ExportDownload` note's INSERT): an
 * account-level entry about the export, shown in the activity view.
 */
function exportEvent(change: StreamChange, base: { accountId: string }): AuditEvent | undefined {
  const after = change.newImage;
  if (change.eventName !== 'INSERT' || !after) return undefined;
  if (change.entity === 'Export') {
    const id = str(after.id);
    if (!id) return undefined;
    return {
      ...base,
      subject: { type: 'export', id },
      actor: staff(str(after.requestedBy)),
      action: 'export_started',
      details: {
        report: after.report,
        format: after.format,
        ...(after.layout ? { layout: after.layout } : {}),
        query: after.query ?? {},
      },
    };
  }
  const id = str(after.exportId);
  if (!id) return undefined;
  return {
    ...base,
    subject: { type: 'export', id },
    actor: staff(str(after.downloadedBy)),
    action: 'export_downloaded',
    details: { report: after.report, format: after.format },
  };
}

/**
 * An import's commit asked for (its record moved from `previewed` to `committing`): who, which kind
 * and file, the rows to create and update, and, when the commit left out the rows with errors
 * (`skipInvalidRows`), how many and which. Each item it writes has its own entries, as by hand.
 */
function importEvent(change: StreamChange, base: { accountId: string }): AuditEvent | undefined {
  const after = change.newImage;
  const id = str(after?.id);
  if (change.eventName !== 'MODIFY' || !after || !id) return undefined;
  if (after.status !== 'committing' || change.oldImage?.status !== 'previewed') return undefined;
  const preview = (after.preview ?? {}) as Image;
  const summary = (after.summary ?? {}) as Image;
  const skipped = after.skipInvalidRows === true;
  return {
    ...base,
    subject: { type: 'import', id },
    actor: staff(str(after.createdBy)),
    action: 'import_committed',
    details: {
      kind: after.kind,
      format: after.format,
      rows: preview.rows,
      create: preview.create,
      update: preview.update,
      skipInvalidRows: skipped,
      ...(skipped
        ? {
            invalidSkipped: summary.invalidSkipped,
            invalidRows: Array.isArray(summary.invalidRows) ? summary.invalidRows.map((row) => (row as Image).row) : [],
          }
        : {}),
    },
  };
}
