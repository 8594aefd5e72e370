import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys, signInKeys } from '../../functions/shared/data/keys';
import { handler as streamConsumer } from '../../functions/streams/stream-consumer.handler';
import { daysFromNow } from '../support/dates';
import { linksTo, portal, portalSignIn } from '../support/portal-session';
import { api, type Member, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * The audit trail through the whole local stack: the stream consumer files an entry for every
 * external user action and the staff's actions on their items; each item shows its trail newest
 * first, and admins see all external user activity, filtered.
 */
describe('the audit trail', () => {
  let t: Tenant;
  let general: Member;
  let ext: { id: string; email: string; version: number };
  let job: { id: string; version: number };
  let other: { id: string; email: string };
  let crafted: { portal: { status: number; body: { error: { code: string } } }; staff: number };

  const trail = async (jobId: string, query = '') => {
    await drainStreams();
    const res = await api(`/jobs/${jobId}/audit${query}`, { token: t.token });
    expect(res.status).toBe(200);
    return res.body as {
      items: {
        action: string;
        actor: { kind: string; id?: string };
        details: Record<string, unknown>;
        eventId: string;
        at: string;
      }[];
      cursor?: string;
    };
  };

  beforeAll(async () => {
    t = await newAccountWithAdmin('audit');
    general = await member(t, 'general', 'auditgeneral', { jobs: { access: true } });
    ext = (
      await send('POST', '/external-users', t.token, { givenName: 'Eli', familyName: 'S', email: newEmail('eli') })
    ).body;
    other = (
      await send('POST', '/external-users', t.token, { givenName: 'Fo', familyName: 'S', email: newEmail('fo') })
    ).body;
    job = (
      await send('POST', '/jobs', t.token, {
        title: 'Audit job',
        dueAt: daysFromNow(180),
        location: { text: 'Gate' },
        ownerIds: [t.admin.id],
        externalUsers: [{ id: ext.id }],
      })
    ).body;
    const checklist = (
      await send('POST', `/jobs/${job.id}/checklists`, t.token, {
        title: 'C',
        sections: [{ title: 'S', items: [{ label: 'Vest on?', response: { type: 'yes_no_na' } }] }],
      })
    ).body;
    expect((await send('POST', '/account/terms', t.token, { text: 'Be safe.' })).status).toBe(201);
    const [token] = await linksTo(ext.email);
    const { idToken } = await portalSignIn(token as string, ext.email);
    expect((await portal('POST', '/portal/terms/acceptance', idToken, { version: 1 })).status).toBe(200);
    // Opened, then reloaded within the visit: one "item viewed".
    for (let i = 0; i < 2; i += 1) expect((await portal('GET', `/portal/jobs/${job.id}`, idToken)).status).toBe(200);
    // A crafted status change, on the portal's item path and on the staff's: both refused.
    crafted = {
      portal: await portal('PATCH', `/portal/jobs/${job.id}`, idToken, { status: 'completed' }),
      staff: (await portal('PATCH', `/jobs/${job.id}`, idToken, { version: job.version, status: 'completed' })).status,
    };
    await drainStreams();
    const path = `/portal/jobs/${job.id}/checklists/${checklist.id}/items/${checklist.sections[0].items[0].id}/answer`;
    expect((await portal('PUT', path, idToken, { value: 'yes', version: 0, requestId: randomUUID() })).status).toBe(
      200,
    );
    expect((await portal('PUT', path, idToken, { value: 'no', version: 1, requestId: randomUUID() })).status).toBe(200);
    const changed = await send('PATCH', `/jobs/${job.id}`, t.token, {
      version: job.version,
      title: 'Audit job, renamed',
    });
    expect(changed.status).toBe(200);
    expect(
      (await send('POST', `/jobs/${job.id}/assignments/${ext.id}/revoke`, t.token, { reason: 'Shift over' })).status,
    ).toBe(200);
    await drainStreams();
  });

  it("shows an item's trail newest first, with who did what, in the order it happened", async () => {
    const { items } = await trail(job.id);
    const actions = items.map((entry) => entry.action);
    // Oldest first: what happened, in order. Revoking also changes the job (its external users),
    // in the same transaction, so the last two come in either order.
    const order = [
      'item_created',
      'assigned',
      'code_requested',
      'signed_in',
      'item_viewed',
      'answer_saved',
      'answer_saved',
      'item_changed',
    ];
    const oldestFirst = [...actions].reverse();
    expect(oldestFirst.slice(0, order.length)).toEqual(order);
    expect(oldestFirst.slice(order.length).sort()).toEqual(['access_revoked', 'item_changed']);
    const answers = items.filter((entry) => entry.action === 'answer_saved');
    expect(answers.map((a) => [a.details.oldValue, a.details.newValue])).toEqual([
      ['yes', 'no'],
      [null, 'yes'],
    ]);
    expect(answers[0]?.actor).toEqual({ kind: 'external', id: ext.id });
    const changes = items.filter((e) => e.action === 'item_changed').map((e) => e.details.fields);
    expect(changes).toContainEqual(['title']);
    expect(changes.some((fields) => (fields as string[]).includes('externalUsers'))).toBe(true);
    expect(items.find((e) => e.action === 'access_revoked')).toMatchObject({
      actor: { kind: 'staff', id: t.admin.id },
      details: { reason: 'Shift over' },
    });
    expect(items.find((e) => e.action === 'item_viewed')?.actor).toEqual({ kind: 'external', id: ext.id });
    const times = items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('pages the trail with a cursor, each entry once', async () => {
    const all = (await trail(job.id)).items.map((e) => e.eventId);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await trail(job.id, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((e) => e.eventId));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('refuses and records an external user trying to change the job; the job stays as it was', async () => {
    expect(crafted.portal.status).toBe(403);
    expect(crafted.portal.body.error.code).toBe('ITEM_CHANGE_REFUSED');
    expect(crafted.staff).toBe(401);
    expect((await api(`/jobs/${job.id}`, { token: t.token })).body.status).not.toBe('completed');
    await drainStreams();
    const byUser = await api(`/external-activity?externalUserId=${ext.id}`, { token: t.token });
    expect(byUser.body.items.find((e: { action: string }) => e.action === 'change_refused')).toMatchObject({
      actor: { kind: 'external', id: ext.id },
      details: { itemType: 'job', itemId: job.id, fields: ['status'] },
    });
    expect((await trail(job.id)).items.map((e) => e.action)).not.toContain('change_refused');
  });

  it('lists external user activity across the account for admins, by user, item type and date range', async () => {
    await drainStreams();
    const byUser = await api(`/external-activity?externalUserId=${ext.id}`, { token: t.token });
    expect(byUser.status).toBe(200);
    const actions = byUser.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'terms_accepted',
        'signed_in',
        'code_requested',
        'answer_saved',
        'assigned',
        'access_revoked',
      ]),
    );
    expect(byUser.body.items.every((e: { externalUserId: string }) => e.externalUserId === ext.id)).toBe(true);
    const jobs = await api(`/external-activity?externalUserId=${ext.id}&itemType=job`, { token: t.token });
    expect(jobs.body.items.map((e: { action: string }) => e.action)).not.toContain('terms_accepted');
    expect((await api(`/external-activity?itemType=incident`, { token: t.token })).body.items).toEqual([]);
    expect((await api(`/external-activity?externalUserId=${other.id}`, { token: t.token })).body.items).toEqual([]);
    const future = await api(`/external-activity?from=${daysFromNow(1)}`, { token: t.token });
    expect(future.body.items).toEqual([]);
    const past = await api('/external-activity?to=2020-01-01T00:00:00Z', { token: t.token });
    expect(past.body.items).toEqual([]);
    const all = await api('/external-activity', { token: t.token });
    expect(all.body.items.length).toBeGreaterThanOrEqual(byUser.body.items.length);
  });

  it('refuses the activity view to a general user, a bad filter with 400, and has no route to change an entry', async () => {
    expect((await api('/external-activity', { token: general.token })).status).toBe(403);
    const badRange = await api('/external-activity?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', {
      token: t.token,
    });
    expect(badRange.status).toBe(400);
    expect((await api('/external-activity?itemType=risk', { token: t.token })).body.error.details[0].path).toBe(
      'query.itemType',
    );
    expect((await api('/external-activity?from=yesterday', { token: t.token })).status).toBe(400);
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      expect((await send(method, `/jobs/${job.id}/audit`, t.token, {})).status).toBe(404);
    }
  });

  it('adds no entry when the stream delivers a record again, and files a TTL deletion as an expiry', async () => {
    const before = (await trail(job.id)).items.length;
    const key = keys.assignment('job', t.account.id, job.id, other.id);
    const insert: DynamoDBRecord = {
      eventID: randomUUID(),
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: {
        Keys: marshall(key) as never,
        NewImage: marshall({
          ...key,
          entity: 'Assignment',
          itemType: 'job',
          itemId: job.id,
          externalUserId: other.id,
          status: 'active',
          assignedBy: t.admin.id,
        }) as never,
        SequenceNumber: '900000000000000000001',
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
    const ticketKey = signInKeys.codeSendTicket(t.account.id, randomUUID());
    const expiry: DynamoDBRecord = {
      eventID: randomUUID(),
      eventName: 'REMOVE',
      eventSource: 'aws:dynamodb',
      userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
      dynamodb: {
        Keys: marshall(ticketKey) as never,
        OldImage: marshall({
          ...ticketKey,
          entity: 'CodeSendTicket',
          itemType: 'job',
          itemId: job.id,
          externalUserId: ext.id,
        }) as never,
        SequenceNumber: '900000000000000000002',
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
    expect(await streamConsumer.run({ Records: [insert, insert, expiry, expiry] })).toEqual({ batchItemFailures: [] });
    const after = (await trail(job.id)).items;
    expect(after.length).toBe(before + 2);
    expect(after.filter((e) => e.eventId === insert.eventID)).toHaveLength(1);
    expect(after.find((e) => e.eventId === expiry.eventID)).toMatchObject({
      action: 'expired',
      actor: { kind: 'system' },
    });
  });
});
