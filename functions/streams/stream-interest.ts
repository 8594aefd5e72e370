import type { StreamChange, StreamEventName } from '#shared/stream-change';
import { workerFilterPatterns, workerInterest } from './background-work';

/**
 * The records a stream processor may act on: per event name, the entities whose records it reads
 * (the new image's `entity` for INSERT and MODIFY, the old image's for REMOVE, TTL deletions
 * included). A processor's `handles` still decides record by record within these.
 */
export type StreamInterest = Readonly<Partial<Record<StreamEventName, readonly string[]>>>;

const written = (...entities: string[]) => ({ INSERT: entities, MODIFY: entities });

/**
 * What the audit trail acts on (`audit/audit-event.ts` `auditEventOf`): the records it files an
 * entry for. With the feed log's and the background work it makes the records consumer's event
 * filter (AWS and local).
 */
export const auditTrailInterest = {
  INSERT: [
    'CodeSendTicket',
    'CodeSends',
    'TermsAcceptance',
    'ChecklistAnswer',
    'ChecklistComment',
    'RefusedChange',
    'ItemView',
    // The per-(item, external user) access record, whose view marker is audited as item_viewed.
    'ItemAccess',
    'Assignment',
    'ExternalUser',
    'Checklist',
    'DeletedWorkItem',
    'Job',
    'Incident',
    'Customer',
    'Site',
    'DeletedCustomer',
    'DeletedSite',
    // Client access (issue 18): views, roles and their deletions, an external user's accesses.
    'ExternalView',
    'ExternalRole',
    'DeletedExternalView',
    'DeletedExternalRole',
    'ClientAccess',
    // Impersonation (issue 20): a session's start, its page views and its stop.
    'ImpersonationSession',
    // Feed keys (issue 19): made, revoked, used (once an hour).
    'FeedKey',
    // Exports (issue 19): started, and each download link issued (a note of its own).
    'Export',
    'ExportDownload',
  ],
  MODIFY: [
    'CodeSends',
    'ChecklistAnswer',
    'ChecklistComment',
    'ItemView',
    'ItemAccess',
    'ChecklistAttachment',
    'Assignment',
    'ExternalUser',
    'Checklist',
    'Job',
    'Incident',
    'Customer',
    'Site',
    'ExternalView',
    'ExternalRole',
    'ClientAccess',
    'ImpersonationSession',
    'FeedKey',
    // Imports (issue 19): a commit asked for (previewed → committing, narrowed below).
    'Import',
    // Deliverability (issue 22): SES's bounce or complaint marked on a staff user.
    'StaffUser',
  ],
  // TTL expiries (R24): a code's send ticket, an auto-disable date reached; deletions by people.
  REMOVE: ['CodeSendTicket', 'ExternalUserAutoDisable', 'ChecklistComment', 'ChecklistAttachment'],
} satisfies StreamInterest;

/**
 * What each in-order processor of the records consumer (`records-consumer.handler.ts`, beside the
 * audit trail and the dispatch of background work) acts on, by its name.
 */
export const recordsInterests = {
  /**
   * streams/feed-log-entries.ts: an assignment or answer written (its feed log entry, FEED-12), a job or incident changed (its privacy status: the entries follow it) or written or deleted with external users (its rows for each, FEED-17).
   */
  feedLogEntries: {
    INSERT: ['Assignment', 'ChecklistAnswer', 'Job', 'Incident'],
    MODIFY: ['Assignment', 'ChecklistAnswer', 'Job', 'Incident'],
    REMOVE: ['Job', 'Incident'],
  },
} satisfies Record<string, StreamInterest>;

/**
 * What each processor of the reactions consumer (`reactions-consumer.handler.ts`: e-mails, owner
 * names, access, derived rows, clean-up) acts on, by its name: its mapping's filter is built from
 * their union, and the consumer hands records to its processors by them, so a record the filter
 * drops is one no processor would have acted on. A processor that acts on a new entity adds it
 * here (test/unit/stream-filter.test.ts checks it).
 */
export const reactionsInterests = /* @__PURE__ */ (() =>
  ({
    /** streams/assignment-link-emails.ts. */
    assignmentLinkEmails: written('Assignment'),
    /** streams/checklist-completion-emails.ts: any change of an answer or a checklist. */
    checklistCompletionEmails: {
      ...written('ChecklistAnswer', 'Checklist'),
      REMOVE: ['ChecklistAnswer', 'Checklist'],
    },
    /** streams/access-follows-user.ts: an external user's status or auto-disable date changed. */
    accessFollowsUser: { MODIFY: ['ExternalUser'] },
    /** streams/owner-name-changes.ts: a staff user renamed. */
    ownerNameChanges: { MODIFY: ['StaffUser'] },
    /** streams/owner-pair-rows.ts: a job or incident written or deleted (its (owner, external user / co-owner / customer / site) rows, WRK-8). */
    ownerPairRows: { ...written('Job', 'Incident'), REMOVE: ['Job', 'Incident'] },
    /** streams/abandoned-uploads.ts: a pending attachment's TTL expiry. */
    abandonedUploads: { REMOVE: ['ChecklistAttachment'] },
  }) satisfies Record<string, StreamInterest>)();

/** Every processor's interest by its name, the audit trail's and the dispatch's included. */
export const streamInterests = /* @__PURE__ */ (() => ({
  auditTrail: auditTrailInterest,
  ...recordsInterests,
  workDispatch: workerInterest,
  ...reactionsInterests,
}))();

/** Whether `interest` names the change's entity for its event name. */
export const interestedIn = (interest: StreamInterest, change: Pick<StreamChange, 'eventName' | 'entity'>) =>
  change.entity !== undefined && (interest[change.eventName]?.includes(change.entity) ?? false);

/** Every record any of the interests names. */
export function unionOf(interests: readonly StreamInterest[]): StreamInterest {
  const names: StreamEventName[] = ['INSERT', 'MODIFY', 'REMOVE'];
  return Object.fromEntries(
    names.flatMap((name) => {
      const entities = [...new Set(interests.flatMap((interest) => interest[name] ?? []))].sort();
      return entities.length > 0 ? [[name, entities]] : [];
    }),
  );
}

/**
 * Everything the records consumer's audit trail and feed log act on (its background work is
 * filtered by state as well: `recordsFilterPatterns`).
 */
export const recordsConsumerInterest: StreamInterest = /* @__PURE__ */ (() =>
  unionOf([auditTrailInterest, ...Object.values(recordsInterests)]))();

/** Everything the reactions consumer acts on: the union of its processors' interests, its mapping's filter. */
export const reactionsConsumerInterest: StreamInterest = /* @__PURE__ */ (() =>
  unionOf(Object.values(reactionsInterests)))();

/**
 * Lambda event filter patterns (FilterCriteria, one filter per event name, OR-ed) that let through
 * exactly the records `interest` names: Lambda drops the others before invoking, and does not
 * bill them. The local event-source mapping applies the same patterns.
 */
export function eventFilterPatterns(interest: StreamInterest): Record<string, unknown>[] {
  return (Object.entries(interest) as [StreamEventName, readonly string[]][]).flatMap(([eventName, entities]) => {
    const image = eventName === 'REMOVE' ? 'OldImage' : 'NewImage';
    const narrowed = eventName === 'MODIFY' ? narrowedChanges.filter(({ entity }) => entities.includes(entity)) : [];
    const whole = entities.filter((entity) => !narrowed.some((n) => n.entity === entity));
    return [
      ...(whole.length > 0 ? [{ eventName: [eventName], dynamodb: { [image]: { entity: { S: whole } } } }] : []),
      ...narrowed.map(({ entity, when }) => ({
        eventName: [eventName],
        dynamodb: { [image]: { entity: { S: [entity] }, ...when } },
      })),
    ];
  });
}

/**
 * Changes of an entity the consumer acts on only in part, narrowed by a field of the new image:
 * an item access record's change matters to the audit trail only when it notes a view
 * (`item_viewed`, `lastChange: 'view'`), never when an answer's guard notes `answeredAt`
 * (`lastChange: 'answer'`), which would otherwise invoke the consumer once more per autosave.
 */
export const narrowedChanges: readonly { entity: string; when: Record<string, unknown> }[] = [
  { entity: 'ItemAccess', when: { lastChange: { S: ['view'] } } },
  // An import's commit is audited once, when it starts: not its validation nor each chunk's
  // progress (the chunks after the first still pass, and are no entry: the old image says so).
  { entity: 'Import', when: { status: { S: ['committing'] } } },
];

type Pattern = Record<string, unknown>;
type ImagePattern = Record<string, { S: string[] }>;

/** The one image a pattern matches on (`NewImage` or `OldImage`) and its fields. */
function imageOf(pattern: Pattern): [string, ImagePattern] | undefined {
  const dynamodb = pattern.dynamodb as Record<string, ImagePattern> | undefined;
  const [entry] = Object.entries(dynamodb ?? {});
  return entry;
}

/** Whether every record `inner` lets through, `outer` lets through too. */
function covers(outer: Pattern, inner: Pattern): boolean {
  const [outerImage, outerFields] = imageOf(outer) ?? [];
  const [innerImage, innerFields] = imageOf(inner) ?? [];
  if (!outerFields || !innerFields || outerImage !== innerImage) return false;
  const within = (small: readonly unknown[] | undefined, large: readonly unknown[]) =>
    small?.every((value) => large.includes(value)) === true;
  return (
    within(inner.eventName as string[], outer.eventName as string[]) &&
    Object.entries(outerFields).every(([field, match]) => within(innerFields[field]?.S, match.S))
  );
}

/** `patterns` without those another one covers (Lambda takes at most five filters a mapping). */
export function withoutCovered(patterns: readonly Pattern[]): Pattern[] {
  return patterns.filter(
    (pattern, index) =>
      !patterns.some((other, at) => at !== index && covers(other, pattern) && !(covers(pattern, other) && at > index)),
  );
}

/**
 * The records consumer's filter: the records its audit trail and feed log act on, and the
 * background records in a state that needs work (`workerFilterPatterns`), the audit trail's
 * narrowed import commit folded into the latter.
 */
export const recordsFilterPatterns = () =>
  withoutCovered([...eventFilterPatterns(recordsConsumerInterest), ...workerFilterPatterns()]);

/** The reactions consumer's filter: the records its processors act on. */
export const reactionsFilterPatterns = () => eventFilterPatterns(reactionsConsumerInterest);
