import { describe, expect, it } from 'vitest';
import { auditEventOf } from '../../functions/audit/audit-event';
import { answerProblem } from '../../functions/checklists/answer-validation';
import { isAnswered } from '../../functions/checklists/checklist-progress';
import { bytesMatchType } from '../../functions/checklists/file-signature';
import { checklistKeys, keys, portalKeys } from '../../functions/shared/data/keys';
import { streamChange } from '../support/events';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

const change = streamChange;

describe('file signatures', () => {
  const samples: Record<string, Uint8Array> = {
    'image/png': bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
    'image/jpeg': bytes([0xff, 0xd8, 0xff, 0xe1]),
    'image/webp': bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '),
    'image/heic': bytes([0, 0, 0, 24], 'ftypheic'),
    'image/heif': bytes([0, 0, 0, 24], 'ftypmif1'),
    'application/pdf': bytes('%PDF-1.7'),
  };

  it("accepts each allowed type's own first bytes and no other type's", () => {
    for (const type of Object.keys(samples)) {
      for (const [other, otherStart] of Object.entries(samples)) {
        const same = type === other || (type.startsWith('image/hei') && other.startsWith('image/hei'));
        expect(bytesMatchType(type, otherStart), `${type} given ${other}`).toBe(same);
      }
      expect(bytesMatchType(type, new Uint8Array()), `${type} given nothing`).toBe(false);
    }
  });

  it('refuses markup, scripts and types outside the allow-list whatever their bytes', () => {
    expect(bytesMatchType('image/png', bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).toBe(false);
    expect(bytesMatchType('image/jpeg', bytes('<script>alert(1)</script>'))).toBe(false);
    expect(bytesMatchType('image/svg+xml', bytes('<svg>'))).toBe(false);
    expect(bytesMatchType('text/html', bytes('<html>'))).toBe(false);
    expect(bytesMatchType('image/heic', bytes([0, 0, 0, 24], 'ftypisom'))).toBe(false);
  });
});

describe('file-taking items', () => {
  it('are answered by attachments, never by a value sent to the answer route', () => {
    expect(answerProblem({ type: 'signature' }, 'data:image/png;base64,AAAA')).toMatch(/uploading files/);
    expect(answerProblem({ type: 'photo', maxFiles: 5 }, ['some-id'])).toMatch(/uploading files/);
    expect(answerProblem({ type: 'photo', maxFiles: 5 }, null)).toMatch(/uploading files/);
  });

  it('count as answered with at least one file, not with none left', () => {
    expect(isAnswered(['a'])).toBe(true);
    expect(isAnswered([])).toBe(false);
    expect(isAnswered(null)).toBe(false);
  });
});

describe('audit events of attachments, views and refused changes', () => {
  const key = { ...checklistKeys.checklistAttachment('job', 'acc-1', 'job-1', 'c-1', 'i-1', 'f-1') };
  const attachment = {
    ...key,
    entity: 'ChecklistAttachment',
    id: 'f-1',
    checklistId: 'c-1',
    checklistItemId: 'i-1',
    fileName: 'gate.jpg',
    contentType: 'image/jpeg',
    size: 10,
    uploadedBy: { kind: 'external', id: 'ext-1' },
  };

  it('records an attachment when its upload is confirmed and when a confirmed one is deleted, not while pending', () => {
    const pending = { ...attachment, status: 'pending' };
    const confirmed = { ...attachment, status: 'confirmed' };
    const base = { entity: 'ChecklistAttachment', keys: key };
    expect(auditEventOf(change({ ...base, eventName: 'INSERT', newImage: pending }))).toBeUndefined();
    expect(auditEventOf(change({ ...base, oldImage: pending, newImage: confirmed }))).toMatchObject({
      accountId: 'acc-1',
      item: { type: 'job', id: 'job-1' },
      externalUserId: 'ext-1',
      actor: { kind: 'external', id: 'ext-1' },
      action: 'attachment_added',
      details: { attachmentId: 'f-1', fileName: 'gate.jpg', contentType: 'image/jpeg', size: 10 },
    });
    expect(auditEventOf(change({ ...base, eventName: 'REMOVE', oldImage: confirmed }))?.action).toBe(
      'attachment_removed',
    );
    // A pending upload DynamoDB's TTL removed is no one's action, and no attachment.
    expect(auditEventOf(change({ ...base, eventName: 'REMOVE', oldImage: pending }))).toBeUndefined();
    expect(
      auditEventOf(change({ ...base, eventName: 'REMOVE', oldImage: pending, isTtlExpiry: true })),
    ).toBeUndefined();
  });

  it('records a view when the access record notes a new one, nothing else of it, and a refused change off the item trail', () => {
    const viewKey = { ...keys.itemAccess('job', 'acc-1', 'job-1', 'ext-1') };
    const access = {
      ...viewKey,
      entity: 'ItemAccess',
      itemType: 'job',
      itemId: 'job-1',
      externalUserId: 'ext-1',
      rev: 1,
      assignmentStatus: 'active',
    };
    const first = { ...access, viewedAt: '2026-12-02T09:00:00Z', lastChange: 'view' };
    // The view is a change (structural: the view moved from ItemView records to the access record).
    expect(
      auditEventOf(change({ entity: 'ItemAccess', keys: viewKey, oldImage: access, newImage: first })),
    ).toMatchObject({
      action: 'item_viewed',
      item: { type: 'job', id: 'job-1' },
      actor: { kind: 'external', id: 'ext-1' },
    });
    expect(
      auditEventOf(change({ entity: 'ItemAccess', keys: viewKey, oldImage: first, newImage: first })),
    ).toBeUndefined();
    // An answer's guard noting when the user answered is no view.
    expect(
      auditEventOf(
        change({
          entity: 'ItemAccess',
          keys: viewKey,
          oldImage: first,
          newImage: { ...first, answeredAt: '2026-12-02T09:01:00Z', lastChange: 'answer' },
        }),
      ),
    ).toBeUndefined();
    // A copied fact changing (here the user's status) is the writer's own entry, not a view.
    expect(
      auditEventOf(
        change({
          entity: 'ItemAccess',
          keys: viewKey,
          oldImage: first,
          newImage: { ...first, userStatus: 'disabled', rev: 2 },
        }),
      ),
    ).toBeUndefined();
    expect(
      auditEventOf(change({ entity: 'ItemAccess', keys: viewKey, eventName: 'INSERT', newImage: access })),
    ).toBeUndefined();

    const refusedKey = { ...portalKeys.refusedChange('acc-1', 'ext-1', 'r-1') };
    const refused = auditEventOf(
      change({
        entity: 'RefusedChange',
        keys: refusedKey,
        eventName: 'INSERT',
        newImage: {
          ...refusedKey,
          entity: 'RefusedChange',
          externalUserId: 'ext-1',
          targetType: 'job',
          targetId: 'job-9',
          fields: ['status'],
        },
      }),
    );
    expect(refused).toMatchObject({ action: 'change_refused', details: { itemId: 'job-9', fields: ['status'] } });
    expect(refused?.item).toBeUndefined();
  });
});
