import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checklistKeys, keys } from '../../functions/shared/data/keys';
import { type StreamChange, toStreamChange } from '../../functions/shared/stream-change';
import { abandonedUploads } from '../../functions/streams/abandoned-uploads';
import { accessFollowsUser } from '../../functions/streams/access-follows-user';
import { assignmentLinkEmails } from '../../functions/streams/assignment-link-emails';
import { auditTrail } from '../../functions/streams/audit-trail';
import { workerFilterPatterns, workerRecords } from '../../functions/streams/background-work';
import { checklistCompletionEmails } from '../../functions/streams/checklist-completion-emails';
import { feedLogEntries } from '../../functions/streams/feed-log-entries';
import { ownerNameChanges } from '../../functions/streams/owner-name-changes';
import { ownerPairRows } from '../../functions/streams/owner-pair-rows';
import { createStreamHandler, type StreamRecordProcessor } from '../../functions/streams/process-stream-batch';
import {
  interestedIn,
  narrowedChanges,
  reactionsConsumerInterest,
  reactionsFilterPatterns,
  recordsConsumerInterest,
  recordsFilterPatterns,
  streamInterests,
  unionOf,
  withoutCovered,
} from '../../functions/streams/stream-interest';
import { passesFilters } from '../../local/streams/event-filter';

type EventName = 'INSERT' | 'MODIFY' | 'REMOVE';

/** A record as the stream carries it (and Lambda delivers it), from plain images. */
function record(
  eventName: EventName,
  images: { newImage?: Record<string, unknown>; oldImage?: Record<string, unknown> },
  options: { key?: { pk: string; sk: string }; ttl?: boolean } = {},
): DynamoDBRecord {
  const key = options.key ?? { pk: 'ACC#acc-1', sk: 'X#1' };
  const image = (plain: Record<string, unknown> | undefined) =>
    plain ? (marshall({ ...key, ...plain }, { removeUndefinedValues: true }) as never) : undefined;
  return {
    eventID: 'e-1',
    eventName,
    eventSource: 'aws:dynamodb',
    ...(options.ttl ? { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } } : {}),
    dynamodb: {
      Keys: marshall(key) as never,
      ...(images.newImage ? { NewImage: image(images.newImage) } : {}),
      ...(images.oldImage ? { OldImage: image(images.oldImage) } : {}),
      SequenceNumber: '400000000000000000001',
      ApproximateCreationDateTime: 1_767_225_600,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** The two consumers' filters: a record either lets through is one the stream's readers act on. */
const records = recordsFilterPatterns();
const reactions = reactionsFilterPatterns();
const passes = (r: DynamoDBRecord) => passesFilters(records, r) || passesFilters(reactions, r);
/** What the two consumers' processors act on, the audit trail's included. */
const streamConsumerInterest = unionOf([recordsConsumerInterest, reactionsConsumerInterest]);

/** Every `entity: 'Name'` a product file writes, and every entity an interest names. */
function knownEntities(): string[] {
  const found = new Set<string>(Object.values(streamConsumerInterest).flat());
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/entity: '([A-Za-z]+)'/g))
          found.add(match[1] as string);
      }
    }
  };
  walk('functions');
  return [...found].sort();
}

describe('the stream consumers’ event filters', () => {
  it('has, per consumer, one pattern per event name on the new image’s entity (the old one’s for REMOVE), the narrowed changes and the background work, within Lambda’s five', () => {
    expect(reactions).toHaveLength(3);
    expect(reactions).toContainEqual({
      eventName: ['REMOVE'],
      dynamodb: { OldImage: { entity: { S: [...(reactionsConsumerInterest.REMOVE ?? [])] } } },
    });
    // INSERT, MODIFY, REMOVE, the view marker, and background work (the import commit's narrowed
    // pattern is covered by it).
    expect(records).toHaveLength(5);
    expect(records).toContainEqual(workerFilterPatterns()[0]);
    expect(records).toContainEqual({
      eventName: ['MODIFY'],
      dynamodb: { NewImage: { entity: { S: ['ItemAccess'] }, lastChange: { S: ['view'] } } },
    });
    for (const filters of [records, reactions]) {
      for (const pattern of filters) expect(JSON.stringify(pattern).length).toBeLessThan(4096);
    }
  });

  it('leaves out a pattern another one covers, and keeps one of two equal ones', () => {
    const of = (eventName: string[], fields: Record<string, string[]>) => ({
      eventName,
      dynamodb: { NewImage: Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, { S: v }])) },
    });
    const wide = of(['INSERT', 'MODIFY'], { entity: ['Export', 'Import'], status: ['queued', 'committing'] });
    const narrow = of(['MODIFY'], { entity: ['Import'], status: ['committing'] });
    const other = of(['MODIFY'], { entity: ['Import'], status: ['previewed'] });
    const unnarrowed = of(['MODIFY'], { entity: ['Import'] });
    expect(withoutCovered([narrow, wide, other])).toEqual([wide, other]);
    // A pattern without the field matches more: it is not covered by one that asks for it.
    expect(withoutCovered([unnarrowed, wide])).toEqual([unnarrowed, wide]);
    expect(withoutCovered([wide, { ...wide }])).toEqual([wide]);
  });

  it('drops the audit entries the consumer writes, and lets answers, view markers and TTL expiries through', () => {
    expect(passes(record('INSERT', { newImage: { entity: 'AuditEntry', action: 'answer_saved' } }))).toBe(false);
    expect(passes(record('INSERT', { newImage: { entity: 'CompletionNotice' } }))).toBe(false);
    expect(passes(record('MODIFY', { newImage: { entity: 'Link' }, oldImage: { entity: 'Link' } }))).toBe(false);
    expect(passes(record('INSERT', { newImage: { entity: 'ChecklistAnswer' } }))).toBe(true);
    expect(
      passes(
        record('MODIFY', {
          newImage: { entity: 'ItemAccess', lastChange: 'view' },
          oldImage: { entity: 'ItemAccess' },
        }),
      ),
    ).toBe(true);
    // An answer's guard noting `answeredAt` invokes nothing.
    expect(
      passes(
        record('MODIFY', {
          newImage: { entity: 'ItemAccess', lastChange: 'answer' },
          oldImage: { entity: 'ItemAccess', lastChange: 'view' },
        }),
      ),
    ).toBe(false);
    expect(passes(record('REMOVE', { oldImage: { entity: 'CodeSendTicket' } }, { ttl: true }))).toBe(true);
    expect(passes(record('REMOVE', { oldImage: { entity: 'ExternalUserAutoDisable' } }, { ttl: true }))).toBe(true);
    // An insert of a record whose removal alone matters (a pending upload) is not delivered.
    expect(passes(record('INSERT', { newImage: { entity: 'ChecklistAttachment' } }))).toBe(false);
    // A deleted job or incident takes its (owner, external user) rows with it (WRK-8); a list row's removal is nothing.
    expect(passes(record('REMOVE', { oldImage: { entity: 'Job' } }))).toBe(true);
    expect(passes(record('REMOVE', { oldImage: { entity: 'JobListRow' } }))).toBe(false);
    expect(passes(record('INSERT', { newImage: {} }))).toBe(false);
  });

  it('lets through the changes of customers and sites and their tombstones, but not their reference counts', () => {
    for (const entity of ['Customer', 'Site']) {
      expect(passes(record('INSERT', { newImage: { entity } })), entity).toBe(true);
      expect(passes(record('MODIFY', { newImage: { entity }, oldImage: { entity } })), entity).toBe(true);
      // A deletion leaves a tombstone, whose insert is the audited event.
      expect(passes(record('REMOVE', { oldImage: { entity } })), entity).toBe(false);
    }
    expect(passes(record('INSERT', { newImage: { entity: 'DeletedCustomer' } }))).toBe(true);
    expect(passes(record('INSERT', { newImage: { entity: 'DeletedSite' } }))).toBe(true);
    for (const entity of ['CustomerReferences', 'SiteReferences']) {
      expect(passes(record('MODIFY', { newImage: { entity }, oldImage: { entity } })), entity).toBe(false);
      expect(passes(record('INSERT', { newImage: { entity } })), entity).toBe(false);
    }
  });

  it('lets client access changes through (views, roles, their deletions, accesses) but not their usage rows and counts', () => {
    for (const entity of [
      'ExternalView',
      'ExternalRole',
      'DeletedExternalView',
      'DeletedExternalRole',
      'ClientAccess',
    ]) {
      expect(passes(record('INSERT', { newImage: { entity } })), entity).toBe(true);
    }
    for (const entity of ['ExternalView', 'ExternalRole', 'ClientAccess']) {
      expect(passes(record('MODIFY', { newImage: { entity }, oldImage: { entity } })), entity).toBe(true);
    }
    for (const entity of ['ExternalViewUse', 'ExternalViewUses', 'ExternalRoleUse', 'ExternalRoleUses']) {
      expect(passes(record('INSERT', { newImage: { entity } })), entity).toBe(false);
      expect(passes(record('MODIFY', { newImage: { entity }, oldImage: { entity } })), entity).toBe(false);
    }
    // A view's or role's own deletion says nobody: its tombstone's insert is the entry.
    expect(passes(record('REMOVE', { oldImage: { entity: 'ExternalView' } }))).toBe(false);
  });

  it('lets impersonation sessions through (start, pages viewed, stop) but not their one-time grants', () => {
    expect(passes(record('INSERT', { newImage: { entity: 'ImpersonationSession' } }))).toBe(true);
    const session = { entity: 'ImpersonationSession' };
    expect(passes(record('MODIFY', { newImage: session, oldImage: session }))).toBe(true);
    expect(passes(record('INSERT', { newImage: { entity: 'ImpersonationGrant' } }))).toBe(false);
    expect(passes(record('REMOVE', { oldImage: { entity: 'ImpersonationGrant' } }))).toBe(false);
  });

  it('lets feed keys through when made and changed (revoked, used in a new hour), not when removed', () => {
    expect(passes(record('INSERT', { newImage: { entity: 'FeedKey' } }))).toBe(true);
    expect(passes(record('MODIFY', { newImage: { entity: 'FeedKey' }, oldImage: { entity: 'FeedKey' } }))).toBe(true);
    expect(passes(record('REMOVE', { oldImage: { entity: 'FeedKey' } }))).toBe(false);
  });

  it("lets a staff user's change through for the audit trail (deliverability) and owner names, not their creation", () => {
    const user = { entity: 'StaffUser' };
    expect(passes(record('MODIFY', { newImage: user, oldImage: user }))).toBe(true);
    expect(interestedIn(streamInterests.auditTrail, { eventName: 'MODIFY', entity: 'StaffUser' })).toBe(true);
    expect(passes(record('INSERT', { newImage: user }))).toBe(false);
  });

  it('lets an export through when started and each download link issued, and its later changes only while it has work', () => {
    expect(passes(record('INSERT', { newImage: { entity: 'Export' } }))).toBe(true);
    expect(passes(record('INSERT', { newImage: { entity: 'ExportDownload' } }))).toBe(true);
    expect(passes(record('MODIFY', { newImage: { entity: 'Export' }, oldImage: { entity: 'Export' } }))).toBe(false);
    const done = { entity: 'Export', status: 'done' };
    expect(passes(record('MODIFY', { newImage: done, oldImage: { entity: 'Export', status: 'running' } }))).toBe(false);
    expect(passes(record('REMOVE', { oldImage: { entity: 'ExportDownload' } }))).toBe(false);
  });

  it('lets an import through only when it is committing (its commit audited), never its validation', () => {
    const committing = { entity: 'Import', status: 'committing' };
    expect(
      passes(record('MODIFY', { newImage: committing, oldImage: { entity: 'Import', status: 'previewed' } })),
    ).toBe(true);
    const previewed = { entity: 'Import', status: 'previewed' };
    expect(
      passes(record('MODIFY', { newImage: previewed, oldImage: { entity: 'Import', status: 'validating' } })),
    ).toBe(false);
    expect(passes(record('INSERT', { newImage: { entity: 'Import', status: 'awaiting_upload' } }))).toBe(false);
  });

  /** The fields a narrowed change's pattern asks for, as its writer sets them (`lastChange: 'view'`). */
  const narrowedFields = (entity: string) =>
    Object.fromEntries(
      Object.entries(narrowedChanges.find((n) => n.entity === entity)?.when ?? {}).map(([field, match]) => [
        field,
        (match as { S: string[] }).S[0],
      ]),
    );

  it('lets through exactly the records the consumer’s interest names, for every known entity', () => {
    for (const entity of knownEntities()) {
      for (const eventName of ['INSERT', 'MODIFY', 'REMOVE'] as const) {
        const images =
          eventName === 'REMOVE'
            ? { oldImage: { entity } }
            : eventName === 'MODIFY'
              ? { oldImage: { entity }, newImage: { entity, ...narrowedFields(entity) } }
              : { newImage: { entity } };
        const r = record(eventName, images);
        expect(passes(r), `${eventName} ${entity}`).toBe(interestedIn(streamConsumerInterest, toStreamChange(r)));
      }
    }
  });

  it('never drops a record a processor acts on (random records of every known entity)', () => {
    const deps = {} as never;
    const processors: Pick<StreamRecordProcessor, 'name' | 'handles'>[] = [
      auditTrail,
      assignmentLinkEmails(deps),
      checklistCompletionEmails(deps),
      abandonedUploads(deps),
      ownerNameChanges,
      accessFollowsUser,
      ownerPairRows,
      feedLogEntries,
    ];
    const at = fc.constantFrom('2026-12-01T10:00:00.000Z', '2026-12-02T10:00:00.000Z');
    const person = fc.record({ kind: fc.constantFrom('external', 'staff'), id: fc.constantFrom('ext-1', 'u-1') });
    const fields = fc.record(
      {
        id: fc.constantFrom('x-1', 'ext-1'),
        itemType: fc.constantFrom('job', 'incident'),
        itemId: fc.constant('job-1'),
        externalUserId: fc.constant('ext-1'),
        status: fc.constantFrom('active', 'revoked', 'pending', 'confirmed', 'disabled', 'enabled', 'promoted'),
        linkRequestId: fc.constantFrom('r1', 'r2'),
        linkRequestedBy: fc.constant('u-1'),
        assignedBy: fc.constant('u-1'),
        emailStatus: fc.constantFrom('failed', 'bounced', 'complained'),
        deliverability: fc.record({
          status: fc.constantFrom('bounced', 'complained', 'deliverable'),
          reason: fc.constantFrom('hard_bounce', 'complaint', 'reset'),
          at,
          resetBy: fc.constant('u-1'),
        }),
        emailFailedAt: at,
        updatedAt: at,
        answeredAt: at,
        privacyStatusId: fc.constantFrom('p-1', 'p-2'),
        scope: fc.constant('version'),
        viewedAt: at,
        lastChange: fc.constantFrom('view', 'answer'),
        lastSignInAt: at,
        lastSignInFailure: fc.record({ at, reason: fc.constant('wrong_code') }),
        answeredBy: person,
        author: person,
        uploadedBy: person,
        checklistId: fc.constant('c-1'),
        checklistItemId: fc.constant('i-1'),
        value: fc.constantFrom('yes', 'no'),
        title: fc.constantFrom('A', 'B'),
        name: fc.constantFrom('Acme', 'Depot', 'Dealers', 'Builders'),
        archived: fc.boolean(),
        customerId: fc.constant('cus-1'),
        deletedBy: fc.constant('u-1'),
        givenName: fc.constantFrom('Ann', 'Bo'),
        version: fc.constantFrom(1, 2),
        autoDisableAt: at,
        assigned: fc.boolean(),
        targetType: fc.constant('job'),
        targetId: fc.constant('job-1'),
        createdBy: fc.constant('u-1'),
        updatedBy: fc.constant('u-2'),
        accesses: fc.array(
          fc.record({
            id: fc.constantFrom('a-1', 'a-2'),
            status: fc.constantFrom('active', 'revoked'),
            roleIds: fc.constantFrom(['r-1'], ['r-1', 'r-2']),
          }),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: [] },
    );
    const entity = fc.constantFrom(...knownEntities());
    const key = fc.constantFrom(
      { ...checklistKeys.checklistAnswer('job', 'acc-1', 'job-1', 'c-1', 'i-1') },
      { ...keys.assignment('job', 'acc-1', 'job-1', 'ext-1') },
      { pk: 'ACC#acc-1', sk: 'X#1' },
    );
    fc.assert(
      fc.property(
        entity,
        fc.constantFrom<EventName>('INSERT', 'MODIFY', 'REMOVE'),
        fields,
        fields,
        key,
        fc.boolean(),
        (name, eventName, before, after, k, ttl) => {
          const images = {
            ...(eventName !== 'INSERT' ? { oldImage: { ...before, entity: name } } : {}),
            ...(eventName !== 'REMOVE' ? { newImage: { ...after, entity: name } } : {}),
          };
          const r = record(eventName, images, { key: k, ttl: ttl && eventName === 'REMOVE' });
          const change: StreamChange = toStreamChange(r);
          for (const processor of processors) {
            if (!processor.handles(change)) continue;
            const interest = streamInterests[processor.name as keyof typeof streamInterests];
            expect(interestedIn(interest, change), `${processor.name}: ${eventName} ${name}`).toBe(true);
            expect(passes(r)).toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('gives each of the two consumers’ mappings exactly its own records: the records consumer’s, and the reactions’', () => {
    const consumers = [
      { interest: recordsConsumerInterest, filters: records },
      { interest: reactionsConsumerInterest, filters: reactions },
    ];
    for (const entity of knownEntities()) {
      for (const eventName of ['INSERT', 'MODIFY', 'REMOVE'] as const) {
        const images =
          eventName === 'REMOVE'
            ? { oldImage: { entity } }
            : eventName === 'MODIFY'
              ? { oldImage: { entity }, newImage: { entity, ...narrowedFields(entity) } }
              : { newImage: { entity } };
        const r = record(eventName, images);
        for (const { interest, filters: own } of consumers) {
          expect(passesFilters(own, r), `${eventName} ${entity}`).toBe(interestedIn(interest, toStreamChange(r)));
        }
      }
    }
    const audit = (r: DynamoDBRecord) => passesFilters(records, r);
    const rest = (r: DynamoDBRecord) => passesFilters(reactions, r);
    // A view is the audit trail's alone; an answer and a new assignment are both consumers'.
    const view = record('MODIFY', { newImage: { entity: 'ItemAccess', lastChange: 'view' }, oldImage: {} });
    expect([audit(view), rest(view)]).toEqual([true, false]);
    const answer = record('INSERT', { newImage: { entity: 'ChecklistAnswer' } });
    expect([audit(answer), rest(answer)]).toEqual([true, true]);
    const renamed = record('MODIFY', { newImage: { entity: 'StaffUser' }, oldImage: { entity: 'StaffUser' } });
    expect([audit(renamed), rest(renamed)]).toEqual([true, true]);
    // The reactions consumer's filter names nothing but its processors' entities.
    expect(rest(record('INSERT', { newImage: { entity: 'ItemView' } }))).toBe(false);
    expect(rest(record('MODIFY', { newImage: { entity: 'Import', status: 'committing' }, oldImage: {} }))).toBe(false);
    // Background work is the records consumer's alone (its dispatch to the worker's queue).
    const running = record('MODIFY', { newImage: { entity: 'Export', status: 'running' }, oldImage: {} });
    expect([audit(running), rest(running)]).toEqual([true, false]);
  });

  it('gives each processor only the records its interest names, and refuses one without an interest', async () => {
    const seen: string[] = [];
    const processor: StreamRecordProcessor = {
      name: 'anything',
      handles: () => true,
      process: async (change) => {
        seen.push(`${change.eventName} ${change.entity}`);
      },
    };
    const handle = createStreamHandler([processor], {
      interests: { anything: { INSERT: ['Job'] } },
      logger: { info: () => undefined, error: () => undefined },
      count: () => undefined,
    });
    await handle({
      Records: [
        record('INSERT', { newImage: { entity: 'Job' } }),
        { ...record('INSERT', { newImage: { entity: 'AuditEntry' } }), eventID: 'e-2' },
      ].map((r, i) => ({ ...r, dynamodb: { ...r.dynamodb, SequenceNumber: `40000000000000000000${i + 1}` } })),
    });
    expect(seen).toEqual(['INSERT Job']);
    expect(() => createStreamHandler([processor], { interests: {} })).toThrow(/no stream interest/);
  });

  it('refuses, locally, a content filter it does not implement rather than quietly differ from Lambda', () => {
    expect(() => passesFilters([{ eventName: [{ prefix: 'IN' }] }], record('INSERT', { newImage: {} }))).toThrow(
      /Unsupported content filter/,
    );
    expect(passesFilters(undefined, record('INSERT', { newImage: {} }))).toBe(true);
  });
});

describe("the background work in the records consumer's filter", () => {
  const workerPasses = (r: DynamoDBRecord) => passesFilters(workerFilterPatterns(), r);

  it('lets through a background record only on INSERT or MODIFY, and only in a state that needs work', () => {
    for (const { entity, states } of Object.values(workerRecords)) {
      for (const status of states) {
        expect(workerPasses(record('INSERT', { newImage: { entity, status } })), `${entity} ${status}`).toBe(true);
        expect(workerPasses(record('MODIFY', { oldImage: { entity }, newImage: { entity, status } }))).toBe(true);
      }
      for (const status of ['done', 'failed']) {
        expect(workerPasses(record('MODIFY', { oldImage: { entity }, newImage: { entity, status } })), status).toBe(
          false,
        );
      }
      expect(workerPasses(record('REMOVE', { oldImage: { entity, status: states[0] } }))).toBe(false);
    }
  });

  it('lets no other entity through, whatever its status', () => {
    for (const entity of knownEntities()) {
      if (Object.values(workerRecords).some((r) => r.entity === entity)) continue;
      expect(workerPasses(record('INSERT', { newImage: { entity, status: 'queued' } })), entity).toBe(false);
      expect(workerPasses(record('MODIFY', { oldImage: { entity }, newImage: { entity, status: 'running' } }))).toBe(
        false,
      );
    }
  });

  it('brings a background record to the records consumer in each state that needs work, and its start or commit (their audit entries); never to the reactions consumer', () => {
    for (const { entity, states } of Object.values(workerRecords)) {
      for (const status of [...states, 'done', 'failed']) {
        const working = (states as readonly string[]).includes(status);
        const started = entity === 'Export'; // an export's insert is audited, whatever its state
        const inserted = record('INSERT', { newImage: { entity, status } });
        expect(passesFilters(records, inserted), `${entity} ${status}`).toBe(working || started);
        const changed = record('MODIFY', { oldImage: { entity }, newImage: { entity, status } });
        expect(passesFilters(records, changed), `${entity} ${status}`).toBe(working);
        expect(passesFilters(reactions, inserted) || passesFilters(reactions, changed)).toBe(false);
      }
      expect(passes(record('REMOVE', { oldImage: { entity } }))).toBe(false);
    }
  });
});
