import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys, signInKeys } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import { daysFromNow } from '../support/dates';
import { linksTo, portal, portalSignIn } from '../support/portal-session';
import { api, type Member, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';
import { handToStreamConsumers } from '../support/stream-consumers';
import { drainStreams, ttlRemoval } from '../support/streams';

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
      'checklist_added',
      'code_requested',
      'signed_in',
      'item_viewed',
      'change_refused',
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

  it('refuses and records an external user trying to change the job, on its trail; the job stays as it was', async () => {
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
    expect((await trail(job.id)).items.find((e) => e.action === 'change_refused')).toMatchObject({
      actor: { kind: 'external', id: ext.id },
      details: { fields: ['status'] },
    });
  });

  it("keeps an attempt on a job the external user was never given off that job's trail", async () => {
    const stranger = (
      await send('POST', '/jobs', t.token, {
        title: 'Not theirs',
        dueAt: daysFromNow(30),
        location: { text: 'Gate' },
        ownerIds: [t.admin.id],
      })
    ).body;
    const intruder = (
      await send('POST', '/external-users', t.token, { givenName: 'Str', familyName: 'S', email: newEmail('str') })
    ).body;
    const mine = (
      await send('POST', '/jobs', t.token, {
        title: 'Theirs',
        dueAt: daysFromNow(30),
        location: { text: 'Gate' },
        ownerIds: [t.admin.id],
        externalUsers: [{ id: intruder.id }],
      })
    ).body;
    const [link] = await linksTo(intruder.email);
    const { idToken } = await portalSignIn(link as string, intruder.email);
    const refused = await portal('PATCH', `/portal/jobs/${stranger.id}`, idToken, { title: 'Mine now' });
    expect(refused.status).toBe(403);
    expect((await trail(stranger.id)).items.map((e) => e.action)).toEqual(['item_created']);
    const activity = await api(`/external-activity?externalUserId=${intruder.id}`, { token: t.token });
    expect(activity.body.items.find((e: { action: string }) => e.action === 'change_refused')).toMatchObject({
      details: { itemType: 'job', itemId: stranger.id, fields: ['title'] },
    });
    expect(mine.id).toBeDefined();
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
    const untouched = await api(`/external-activity?externalUserId=${other.id}`, { token: t.token });
    expect(untouched.body.items.map((e: { action: string }) => e.action)).toEqual(['external_user_created']);
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
    const expiry = ttlRemoval(
      ticketKey,
      {
        ...ticketKey,
        entity: 'CodeSendTicket',
        itemType: 'job',
        itemId: job.id,
        externalUserId: ext.id,
      },
      '900000000000000000002',
    );
    expect(await handToStreamConsumers({ Records: [insert, insert, expiry, expiry] })).toEqual({
      batchItemFailures: [],
    });
    const after = (await trail(job.id)).items;
    expect(after.length).toBe(before + 2);
    expect(after.filter((e) => e.eventId === insert.eventID)).toHaveLength(1);
    expect(after.find((e) => e.eventId === expiry.eventID)).toMatchObject({
      action: 'expired',
      actor: { kind: 'system' },
    });
  });

  describe('what else is audited', () => {
    const activityOf = async (externalUserId: string, token = t.token) => {
      await drainStreams();
      const res = await api(`/external-activity?externalUserId=${externalUserId}&limit=100`, { token });
      expect(res.status).toBe(200);
      return res.body.items as {
        action: string;
        actor: { kind: string; id?: string };
        details: Record<string, unknown>;
        at: string;
      }[];
    };

    it("records an external user's lifecycle: created, edited, disabled, enabled, promoted, by whom", async () => {
      const made = (
        await send('POST', '/external-users', t.token, {
          givenName: 'Lia',
          familyName: 'Cycle',
          email: newEmail('lia'),
        })
      ).body;
      const edited = await send('PATCH', `/external-users/${made.id}`, t.token, {
        version: made.version,
        familyName: 'Cycles',
        autoDisableAt: daysFromNow(10),
      });
      expect(edited.status).toBe(200);
      const disabled = await send('POST', `/external-users/${made.id}/disable`, t.token, {
        version: edited.body.version,
      });
      expect(disabled.status).toBe(200);
      const enabled = await send('POST', `/external-users/${made.id}/enable`, t.token, {
        version: disabled.body.version,
      });
      expect(enabled.status).toBe(200);
      const promoted = await send('POST', `/external-users/${made.id}/promote`, t.token, {
        version: enabled.body.version,
        role: 'general',
      });
      expect(promoted.status, JSON.stringify(promoted.body)).toBe(201);
      const entries = await activityOf(made.id);
      expect(entries.map((e) => e.action).reverse()).toEqual([
        'external_user_created',
        'external_user_edited',
        'external_user_disabled',
        'external_user_enabled',
        'external_user_promoted',
      ]);
      expect(entries.every((e) => e.actor.kind === 'staff' && e.actor.id === t.admin.id)).toBe(true);
      expect(entries.find((e) => e.action === 'external_user_edited')?.details).toMatchObject({
        fields: ['autoDisableAt', 'familyName'],
        changes: { familyName: { from: 'Cycle', to: 'Cycles' } },
      });
    });

    it('records the auto-disable date reached as the system, at that date, when its marker expires', async () => {
      const date = daysFromNow(3);
      const made = (
        await send('POST', '/external-users', t.token, {
          givenName: 'Aud',
          familyName: 'Expiring',
          email: newEmail('aud'),
          autoDisableAt: date,
        })
      ).body;
      const key = keys.externalUserAutoDisable(t.account.id, made.id);
      const { Item } = await dynamo.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: key }));
      expect(Item).toMatchObject({ autoDisableAt: date, expiresAt: Math.floor(Date.parse(date) / 1000) });
      const expiry = ttlRemoval(key, Item as Record<string, unknown>);
      expect(await handToStreamConsumers({ Records: [expiry] })).toEqual({ batchItemFailures: [] });
      expect((await activityOf(made.id))[0]).toMatchObject({
        action: 'auto_disabled',
        actor: { kind: 'system' },
        at: date,
      });
      // Clearing the date removes the marker, so no expiry can come.
      const cleared = await send('PATCH', `/external-users/${made.id}`, t.token, {
        version: made.version,
        autoDisableAt: null,
      });
      expect(cleared.status).toBe(200);
      const after = await dynamo.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: key }));
      expect(after.Item).toBeUndefined();
    });

    it('records checklists added and changed and a deleted job, whose trail those who saw it can still read', async () => {
      const removed = (
        await send('POST', '/jobs', t.token, {
          title: 'Short-lived',
          dueAt: daysFromNow(5),
          location: { text: 'Gate' },
          ownerIds: [general.user.id],
        })
      ).body;
      const list = await send('POST', `/jobs/${removed.id}/checklists`, t.token, {
        title: 'Before',
        sections: [{ title: 'S', items: [{ label: 'Ok?', response: { type: 'yes_no_na' } }] }],
      });
      expect(list.status).toBe(201);
      const renamed = await send('PUT', `/jobs/${removed.id}/checklists/${list.body.id}`, t.token, {
        version: list.body.version,
        title: 'After',
        sections: list.body.sections,
      });
      expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
      expect((await send('DELETE', `/jobs/${removed.id}`, t.token)).status).toBe(204);
      const entries = (await trail(removed.id)).items;
      expect(entries.map((e) => e.action).reverse()).toEqual([
        'item_created',
        'checklist_added',
        'checklist_changed',
        'item_deleted',
      ]);
      expect(entries[0]).toMatchObject({ actor: { kind: 'staff', id: t.admin.id }, details: { title: 'Short-lived' } });
      expect(entries[1]?.details).toMatchObject({ checklistId: list.body.id, title: 'After' });
      expect((await api(`/jobs/${removed.id}`, { token: t.token })).status).toBe(404);
      expect((await api(`/jobs/${removed.id}/audit`, { token: general.token })).status).toBe(200);
      const outsider = await member(t, 'general', 'auditoutsider');
      expect((await api(`/jobs/${removed.id}/audit`, { token: outsider.token })).status).toBe(404);
      expect((await api(`/jobs/${randomUUID()}/audit`, { token: t.token })).status).toBe(404);
    });
  });

  describe('confidential items', () => {
    it('shows the activity and trails of a confidential job only to whoever may see it, in full pages', async () => {
      const { version } = (await api('/account', { token: t.token })).body;
      const settings = await send('PATCH', '/account', t.token, { version, privacyStatuses: [{ name: 'Board only' }] });
      expect(settings.status).toBe(200);
      const board: string = settings.body.privacyStatuses.at(-1).id;
      const [plainAdmin, userAdmin, grantedAdmin] = await Promise.all([
        member(t, 'admin', 'plainadmin'),
        member(t, 'user_admin', 'useradmin'),
        member(t, 'admin', 'grantedadmin', { jobs: { confidential: [board] } }),
      ]);
      const person = (
        await send('POST', '/external-users', t.token, { givenName: 'Con', familyName: 'F', email: newEmail('con') })
      ).body;
      const jobWith = async (title: string, privacy: object) =>
        (
          await send('POST', '/jobs', t.token, {
            title,
            dueAt: daysFromNow(7),
            location: { text: 'Gate' },
            ownerIds: [t.admin.id],
            externalUsers: [{ id: person.id }],
            ...privacy,
          })
        ).body.id as string;
      const secret: string[] = [];
      const open: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        secret.push(await jobWith(`Secret ${i}`, { privacyStatusId: board }));
        open.push(await jobWith(`Open ${i}`, {}));
      }
      await drainStreams();
      const pages = async (token: string) => {
        const sizes: number[] = [];
        const itemIds: string[] = [];
        let cursor: string | undefined;
        do {
          const res = await api(
            `/external-activity?externalUserId=${person.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
            { token },
          );
          expect(res.status).toBe(200);
          sizes.push(res.body.items.length);
          itemIds.push(...res.body.items.map((e: { itemId?: string }) => e.itemId ?? '-'));
          cursor = res.body.cursor;
        } while (cursor);
        return { sizes, itemIds };
      };
      const seenBy = async (token: string) => (await pages(token)).itemIds.filter((id) => id !== '-').sort();
      // Newest first: the secret jobs' entries come between the open ones', yet every page is full.
      expect((await pages(plainAdmin.token)).sizes).toEqual([3, 1]);
      expect(await seenBy(plainAdmin.token)).toEqual([...open].sort());
      expect(await seenBy(userAdmin.token)).toEqual([...open].sort());
      expect(await seenBy(grantedAdmin.token)).toEqual([...open, ...secret].sort());
      expect(await seenBy(t.token)).toEqual([...open, ...secret].sort());
      const secretTrail = `/jobs/${secret[0]}/audit`;
      expect((await api(secretTrail, { token: plainAdmin.token })).status).toBe(404);
      expect((await api(secretTrail, { token: userAdmin.token })).status).toBe(404);
      expect((await api(secretTrail, { token: grantedAdmin.token })).status).toBe(200);
      // A job made confidential later takes its past entries along.
      const current = (await api(`/jobs/${open[0]}`, { token: t.token })).body;
      const hidden = await send('PATCH', `/jobs/${open[0]}`, t.token, {
        version: current.version,
        privacyStatusId: board,
      });
      expect(hidden.status).toBe(200);
      expect(await seenBy(plainAdmin.token)).toEqual([open[1], open[2]].sort());
    });
  });
});
