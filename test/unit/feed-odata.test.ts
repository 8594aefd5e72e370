import { describe, expect, it } from 'vitest';
import { auditEventOf } from '../../functions/audit/audit-event';
import { parseFeedKey } from '../../functions/feed/feed-key-service';
import { hourOf, presentedKey } from '../../functions/feed/feed-service';
import { ODataQueryError } from '../../functions/feed/odata-error';
import { feedEntitySets, metadataXml } from '../../functions/feed/odata-model';
import { feedQueryOf, parseFilter } from '../../functions/feed/odata-query';
import {
  changeFromKeys,
  changesRecordOf,
  deletedWorkItem,
  workItem,
  workItemRow,
} from '../../functions/shared/data/keys';
import type { StreamChange } from '../../functions/shared/stream-change';

const jobs = feedEntitySets.Jobs as NonNullable<(typeof feedEntitySets)['Jobs']>;
const targetOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ODataQueryError) return error.target;
    throw error;
  }
  return undefined;
};

describe('the feed $filter', () => {
  it('reads modifiedAt bounds as a range, keeping the narrowest of repeated bounds', () => {
    expect(parseFilter('modifiedAt ge 2026-01-01T00:00:00Z and modifiedAt lt 2026-02-01T00:00:00+01:00').range).toEqual(
      { from: '2026-01-01T00:00:00Z', before: '2026-02-01T00:00:00+01:00' },
    );
    expect(
      parseFilter(
        '(modifiedAt gt 2026-01-01T00:00:00Z) and modifiedAt gt 2026-03-01T00:00:00Z and modifiedAt le 2027-01-01T00:00:00Z',
      ).range,
    ).toEqual({ after: '2026-03-01T00:00:00Z', until: '2027-01-01T00:00:00Z' });
  });

  it("reads status eq '…' with OData's doubled quotes", () => {
    expect(parseFilter("status eq 'it''s' and modifiedAt ge 2026-01-01T00:00:00Z")).toEqual({
      status: "it's",
      range: { from: '2026-01-01T00:00:00Z' },
    });
  });

  it("reads externalUserId eq '…' with a modifiedAt range, in either order and in parentheses", () => {
    expect(parseFilter("(modifiedAt ge 2026-01-01T00:00:00Z) and externalUserId eq 'x_1-A'")).toEqual({
      externalUserId: 'x_1-A',
      range: { from: '2026-01-01T00:00:00Z' },
    });
  });

  it.each([
    "status eq 'a' or status eq 'b'",
    "externalUserId eq 'a' or modifiedAt ge 2026-01-01T00:00:00Z",
    "externalUserId ne 'a'",
    "externalUserId eq 'a' and externalUserId eq 'b'",
    "externalUserId eq 'a#EXTUSER#b'",
    "externalUserId eq ''",
    `externalUserId eq '${'a'.repeat(65)}'`,
    'externalUserId eq 12',
    "'a' eq externalUserId",
    "contains(title,'x')",
    'modifiedAt ge 2026',
    'modifiedAt ge 2026-13-01T00:00:00Z',
    "title eq 'x'",
    "status eq 'a' and status eq 'b'",
    'not archived',
    'modifiedAt eq 2026-01-01T00:00:00Z',
    "status ne 'open'",
    '',
    ')(',
  ])('refuses %j as a 400 naming $filter', (filter) => {
    expect(targetOf(() => parseFilter(filter))).toBe('$filter');
  });
});

describe('the feed query options', () => {
  it('takes $select, $top and $count, and leaves non-$ parameters (the key) alone', () => {
    expect(feedQueryOf(jobs, { $select: 'id, title,id', $top: '10', $count: 'true', key: 'x' })).toEqual({
      select: ['id', 'title'],
      top: 10,
      count: true,
      range: {},
    });
  });

  it.each([
    [{ $select: 'description' }, '$select'],
    [{ $top: '-1' }, '$top'],
    [{ $top: '1.5' }, '$top'],
    [{ $count: 'yes' }, '$count'],
    [{ $orderby: 'title' }, '$orderby'],
    [{ $expand: 'owner' }, '$expand'],
    [{ $format: 'xml' }, '$format'],
  ])('refuses %j naming %s', (query, target) => {
    expect(targetOf(() => feedQueryOf(jobs, query))).toBe(target);
  });
});

describe('feed keys as sent', () => {
  const key = `fpk_${Buffer.from('acc-1').toString('hex')}_0d7c6a52-8a53-4f1b-9a43-0a6c6f3f9b10_${'ab'.repeat(32)}`;

  it('splits a key into its account, id and secret, and refuses anything else', () => {
    expect(parseFeedKey(key)).toEqual({
      accountId: 'acc-1',
      id: '0d7c6a52-8a53-4f1b-9a43-0a6c6f3f9b10',
      secret: 'ab'.repeat(32),
    });
    for (const bad of [
      '',
      'fpk_',
      key.slice(0, -1),
      `${key}0`,
      key.replace('fpk_', 'fpx_'),
      `fpk_${'23'.repeat(3)}_x_y`,
    ]) {
      expect(parseFeedKey(bad), bad).toBeUndefined();
    }
    // An account id that would break out of a key segment is no key.
    expect(
      parseFeedKey(key.replace(Buffer.from('acc-1').toString('hex'), Buffer.from('a#b').toString('hex'))),
    ).toBeUndefined();
  });

  it('reads the key from x-api-key, then Basic (the password), then the key query parameter', () => {
    const basic = `Basic ${Buffer.from(`anyone:${key}`).toString('base64')}`;
    expect(presentedKey({ 'x-api-key': key }, { key: 'other' })).toBe(key);
    expect(presentedKey({ authorization: basic }, {})).toBe(key);
    expect(presentedKey({}, { key })).toBe(key);
    expect(presentedKey({ authorization: 'Bearer abc' }, {})).toBeUndefined();
  });

  it('notes a use per hour (UTC)', () => {
    expect(hourOf(new Date('2026-12-06T15:42:10.123Z'))).toBe('2026-12-06T15:00:00.000Z');
  });
});

describe('the feed $metadata', () => {
  it('declares each entity set with its key, and modifiedAt as a date-time', () => {
    const xml = metadataXml();
    expect(xml).toContain('<EntitySet Name="Jobs" EntityType="FieldPass.Job"/>');
    expect(xml).toContain('<EntitySet Name="Incidents" EntityType="FieldPass.Incident"/>');
    expect(xml).toContain('<Property Name="modifiedAt" Type="Edm.DateTimeOffset" Nullable="false"/>');
    expect(xml).not.toContain('description');
  });
});

describe('the feed’s external-user sets', () => {
  const set = (name: string) => feedEntitySets[name] as NonNullable<(typeof feedEntitySets)[string]>;

  it('declares foreign keys with navigation properties bound to the sets they lead to', () => {
    const xml = metadataXml();
    expect(xml).toContain(
      '<NavigationProperty Name="job" Type="FieldPass.Job" Nullable="true"><ReferentialConstraint Property="jobId" ReferencedProperty="id"/></NavigationProperty>',
    );
    expect(xml).toContain(
      '<EntitySet Name="Assignments" EntityType="FieldPass.Assignment"><NavigationPropertyBinding Path="job" Target="Jobs"/>',
    );
    expect(xml).toContain('<NavigationPropertyBinding Path="externalUser" Target="ExternalUsers"/>');
    expect(xml).toContain('<Property Name="isDeleted" Type="Edm.Boolean" Nullable="false"/>');
    for (const name of ['Assignments', 'ChecklistAnswers', 'AuditEvents']) {
      for (const fk of ['jobId', 'incidentId', 'externalUserId']) {
        expect(
          set(name).properties.map((p) => p.name),
          `${name}.${fk}`,
        ).toContain(fk);
      }
    }
  });

  it('refuses status eq on a set without a status, naming $filter, and takes it on one with it', () => {
    expect(targetOf(() => feedQueryOf(set('AuditEvents'), { $filter: "status eq 'x'" }))).toBe('$filter');
    expect(targetOf(() => feedQueryOf(set('ChecklistAnswers'), { $filter: "status eq 'x'" }))).toBe('$filter');
    expect(feedQueryOf(set('Assignments'), { $filter: "status eq 'revoked'" }).status).toBe('revoked');
    expect(feedQueryOf(set('ExternalUsers'), { $filter: "status eq 'active'" }).status).toBe('active');
    expect(targetOf(() => feedQueryOf(set('ExternalUsers'), { $select: 'id,nope' }))).toBe('$select');
  });

  it('takes externalUserId eq on every set, alone, with a modifiedAt range and with status', () => {
    const filter = "externalUserId eq 'x1' and modifiedAt lt 2026-01-01T00:00:00Z";
    for (const name of ['AuditEvents', 'Assignments', 'Jobs', 'Incidents', 'ChecklistAnswers', 'ExternalUsers']) {
      expect(feedQueryOf(set(name), { $filter: filter }), name).toMatchObject({
        externalUserId: 'x1',
        range: { before: '2026-01-01T00:00:00Z' },
      });
      expect(feedQueryOf(set(name), { $filter: "externalUserId eq 'x1'" }), name).toEqual({
        count: false,
        range: {},
        externalUserId: 'x1',
      });
    }
    expect(
      feedQueryOf(set('Assignments'), {
        $filter: "status eq 'active' and (externalUserId eq 'x1' and modifiedAt ge 2026-01-01T00:00:00Z)",
      }),
    ).toEqual({ count: false, range: { from: '2026-01-01T00:00:00Z' }, status: 'active', externalUserId: 'x1' });
  });

  it('refuses a malformed external user id, ne, or and a second externalUserId, naming $filter', () => {
    for (const [name, filter] of [
      ['Jobs', "externalUserId eq 'a#EXTUSER#b' and modifiedAt ge 2026-01-01T00:00:00Z"],
      ['ChecklistAnswers', "externalUserId eq '../x'"],
      ['ExternalUsers', "externalUserId eq ''"],
      ['Assignments', "externalUserId ne 'x1' and modifiedAt ge 2026-01-01T00:00:00Z"],
      ['Incidents', "externalUserId eq 'x1' or modifiedAt ge 2026-01-01T00:00:00Z"],
      ['ChecklistAnswers', "externalUserId eq 'x1' and externalUserId eq 'x2'"],
      ['ExternalUsers', 'externalUserId eq x1'],
    ] as const) {
      expect(
        targetOf(() => feedQueryOf(set(name), { $filter: filter })),
        `${name}: ${filter}`,
      ).toBe('$filter');
    }
  });
});

describe('the changes backfill and tombstones', () => {
  it('knows a job, an incident and their tombstones by their keys, and nothing else of a collection', () => {
    expect(changesRecordOf(workItem('job', 'a1', 'j1'))).toEqual({
      accountId: 'a1',
      type: 'job',
      id: 'j1',
      tombstone: false,
    });
    expect(changesRecordOf(deletedWorkItem('incident', 'a1', 'i1'))).toEqual({
      accountId: 'a1',
      type: 'incident',
      id: 'i1',
      tombstone: true,
    });
    expect(changesRecordOf(workItem('log', 'a1', 'l1'))).toBeUndefined();
    expect(changesRecordOf(deletedWorkItem('risk', 'a1', 'r1'))).toBeUndefined();
    expect(changesRecordOf(workItemRow('job', 'a1', 'j1', { ownerId: 'u1' }))).toBeUndefined();
    expect(changesRecordOf({ pk: 'ACC#a1', sk: 'JOB' })).toBeUndefined();
  });

  it('reads a tombstone from its sort key', () => {
    expect(changeFromKeys(deletedWorkItem('job', 'a1', 'j1'))).toEqual({ deleted: true });
    expect(changeFromKeys(workItem('job', 'a1', 'j1'))).toEqual({ deleted: false });
  });
});

describe('feed keys in the audit trail', () => {
  const image = { entity: 'FeedKey', id: 'k1', name: 'BI', status: 'active', createdBy: 'u1', secretHash: 'h' };
  const change = (oldImage: object | undefined, newImage: object): StreamChange =>
    ({
      eventName: oldImage ? 'MODIFY' : 'INSERT',
      entity: 'FeedKey',
      keys: { pk: 'ACC#a1', sk: 'FEEDKEY#k1' },
      ...(oldImage ? { oldImage } : {}),
      newImage,
      isTtlExpiry: false,
    }) as unknown as StreamChange;

  it('records making, revoking and an hour of use, about the key, never with its hash', () => {
    const made = auditEventOf(change(undefined, image));
    expect(made).toMatchObject({ action: 'feed_key_created', subject: { type: 'feedKey', id: 'k1' } });
    const revoked = auditEventOf(change(image, { ...image, status: 'revoked', revokedBy: 'u2' }));
    expect(revoked).toMatchObject({ action: 'feed_key_revoked', actor: { kind: 'staff', id: 'u2' } });
    const used = auditEventOf(change(image, { ...image, usedHour: '2026-12-06T15:00:00.000Z' }));
    expect(used).toMatchObject({ action: 'feed_key_used', details: { hour: '2026-12-06T15:00:00.000Z' } });
    for (const event of [made, revoked, used]) expect(JSON.stringify(event)).not.toContain('secretHash');
    expect(auditEventOf(change({ ...image, usedHour: 'x' }, { ...image, usedHour: 'x', version: 3 }))).toBeUndefined();
  });
});
