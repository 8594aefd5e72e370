import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { handleSesEvent } from '../../functions/deliverability/deliverability';
import { provisionAccount } from '../../functions/staff/provision-account';
import type { SesEvent } from '../../local/email-and-files';
import { daysFromNow } from '../support/dates';
import { emailsTo } from '../support/inbox';
import { linksTo, requestCode } from '../support/portal-session';
import { api, member, newAccountWithAdmin, send, signIn, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * Bounces and complaints through the whole local stack: every e-mail goes out in the SES
 * configuration set with its recipient as tags; the SES stand-in's mailbox simulator reports a
 * message to bounce@ / complaint@simulator.amazonses.com as SES's EventBridge events, which the
 * deployed handler module marks on the external or staff user (and the link's assignment); the
 * stream consumer audits it, and the send path refuses the address from then on.
 */

/** A mailbox simulator address of `kind`, unique per test through its `+label`. */
const simulator = (kind: 'bounce' | 'complaint' | 'success') =>
  `${kind}+${randomUUID().slice(0, 8)}@simulator.amazonses.com`;

/** The SES events the local mailbox simulator reported for `address`, oldest first. */
async function sesEventsFor(address: string): Promise<SesEvent[]> {
  const res = await fetch(`${inject('localEnv').FIELDPASS_CONTROL_URL}/ses-events`);
  const { items } = (await res.json()) as { items: SesEvent[] };
  return items.filter((event) => (event.detail.mail as { destination: string[] }).destination.includes(address));
}

describe('bounced and complained e-mail', () => {
  let t: Tenant;

  const external = async (email: string, token = t.token) => {
    const res = await send('POST', '/external-users', token, { givenName: 'Robin', familyName: 'Post', email });
    if (res.status !== 201) throw new Error(`external user: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; email: string };
  };
  const job = async (externalUserId: string, token = t.token, ownerId = t.admin.id) => {
    const res = await send('POST', '/jobs', token, {
      title: 'Inspect the east stand',
      dueAt: daysFromNow(90),
      location: { text: 'East stand' },
      ownerIds: [ownerId],
      externalUsers: [{ id: externalUserId }],
    });
    if (res.status !== 201) throw new Error(`job: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  const assignmentOf = async (jobId: string, externalUserId: string, token = t.token) => {
    const { items } = (await api(`/jobs/${jobId}/assignments`, { token })).body;
    return items.find((a: { externalUserId: string }) => a.externalUserId === externalUserId);
  };
  const activityOf = async (externalUserId: string, token = t.token) => {
    const res = await api(`/external-activity?externalUserId=${externalUserId}&limit=100`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as { action: string; actor: unknown; details: Record<string, unknown>; itemId?: string }[];
  };

  beforeAll(async () => {
    t = await newAccountWithAdmin('bounces');
  });

  it('marks a hard-bounced link e-mail on the external user and the assignment, audits it, shows it in reports, and sends that address nothing more', async () => {
    const address = simulator('bounce');
    const robin = await external(address);
    const first = await job(robin.id);
    await drainStreams();

    const shown = await api(`/external-users/${robin.id}`, { token: t.token });
    expect(shown.status).toBe(200);
    expect(shown.body.deliverability).toEqual({
      status: 'bounced',
      reason: 'hard_bounce',
      at: expect.any(String),
      detail: 'General',
    });
    expect(await assignmentOf(first.id, robin.id)).toMatchObject({ emailStatus: 'bounced' });
    const report = await api(`/reports/jobs?externalUserEmailStatus=bounced&limit=100`, { token: t.token });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.rows.map((row: { id: string }) => row.id)).toContain(first.id);
    expect(await activityOf(robin.id)).toContainEqual(
      expect.objectContaining({
        action: 'email_undeliverable',
        actor: { kind: 'system' },
        details: { status: 'bounced', reason: 'hard_bounce', detail: 'General' },
      }),
    );
    const sent = (await emailsTo(address)).length;
    expect(sent).toBe(1);

    // A second assignment: the send path refuses the address and says why on the assignment.
    const second = await job(robin.id);
    await drainStreams();
    expect(await assignmentOf(second.id, robin.id)).toMatchObject({
      emailStatus: 'bounced',
      emailError: 'EmailSuppressed',
    });
    expect((await emailsTo(address)).length).toBe(sent);
    expect(await activityOf(robin.id)).toContainEqual(
      expect.objectContaining({
        action: 'link_email_failed',
        itemId: second.id,
        details: { reason: 'EmailSuppressed', status: 'bounced' },
      }),
    );

    // The first link still works, but no one-time code can reach the address: a clear 409.
    const [token] = await linksTo(address);
    const asked = await requestCode(token as string);
    expect(asked.status, JSON.stringify(asked.body)).toBe(409);
    expect(asked.body.error).toMatchObject({ code: 'EMAIL_UNDELIVERABLE', details: { deliverability: 'bounced' } });
    expect((await emailsTo(address)).length).toBe(sent);
  });

  it('marks a complaint as complained on the external user and the assignment, audited, and refuses further e-mail', async () => {
    const address = simulator('complaint');
    const sam = await external(address);
    const made = await job(sam.id);
    await drainStreams();

    expect((await api(`/external-users/${sam.id}`, { token: t.token })).body.deliverability).toMatchObject({
      status: 'complained',
      reason: 'complaint',
      detail: 'abuse',
    });
    expect(await assignmentOf(made.id, sam.id)).toMatchObject({ emailStatus: 'complained' });
    const report = await api(`/reports/jobs?externalUserEmailStatus=complained&limit=100`, { token: t.token });
    expect(report.body.rows.map((row: { id: string }) => row.id)).toContain(made.id);
    expect(await activityOf(sam.id)).toContainEqual(
      expect.objectContaining({
        action: 'email_undeliverable',
        details: expect.objectContaining({ status: 'complained' }),
      }),
    );
    const again = await job(sam.id);
    await drainStreams();
    expect(await assignmentOf(again.id, sam.id)).toMatchObject({
      emailStatus: 'complained',
      emailError: 'EmailSuppressed',
    });
    expect((await emailsTo(address)).length).toBe(1);
  });

  it('leaves an address that SES delivered to as it was: a delivery marks nothing', async () => {
    const address = simulator('success');
    const kim = await external(address);
    const made = await job(kim.id);
    await drainStreams();
    expect((await sesEventsFor(address)).map((event) => event['detail-type'])).toEqual(['Email Delivered']);
    expect((await api(`/external-users/${kim.id}`, { token: t.token })).body.deliverability).toBeUndefined();
    expect(await assignmentOf(made.id, kim.id)).toMatchObject({ emailStatus: 'sent' });
  });

  it('applies a replayed (duplicate) bounce event once: the same mark and one audit entry', async () => {
    const address = simulator('bounce');
    const lee = await external(address);
    await job(lee.id);
    await drainStreams();
    const before = (await api(`/external-users/${lee.id}`, { token: t.token })).body;
    const [bounce] = await sesEventsFor(address);
    expect(bounce?.['detail-type']).toBe('Email Bounced');

    expect(await handleSesEvent(bounce)).toBe('already_marked');
    expect(await handleSesEvent(structuredClone(bounce))).toBe('already_marked');
    await drainStreams();
    const after = (await api(`/external-users/${lee.id}`, { token: t.token })).body;
    expect(after.deliverability).toEqual(before.deliverability);
    const entries = (await activityOf(lee.id)).filter((entry) => entry.action === 'email_undeliverable');
    expect(entries).toHaveLength(1);
  });

  it('lets an admin reset a bounced address (audited), after which e-mail goes to it again; 409 when nothing to reset, 404 for another account’s external user, 403 for a general staff user', async () => {
    const address = simulator('bounce');
    const ash = await external(address);
    const made = await job(ash.id);
    await drainStreams();
    expect((await api(`/external-users/${ash.id}`, { token: t.token })).body.deliverability.status).toBe('bounced');

    const general = await member(t, 'general', 'bounce-general');
    const refused = await send('POST', `/external-users/${ash.id}/deliverability/reset`, general.token);
    expect(refused.status).toBe(403);
    const other = await newAccountWithAdmin('bounces-other');
    const foreign = await send('POST', `/external-users/${ash.id}/deliverability/reset`, other.token);
    expect(foreign.status).toBe(404);

    const reset = await send('POST', `/external-users/${ash.id}/deliverability/reset`, t.token);
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(reset.body.deliverability).toMatchObject({ status: 'deliverable', reason: 'reset', resetBy: t.admin.id });
    const twice = await send('POST', `/external-users/${ash.id}/deliverability/reset`, t.token);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('NOT_UNDELIVERABLE');
    await drainStreams();
    expect(await activityOf(ash.id)).toContainEqual(
      expect.objectContaining({
        action: 'deliverability_reset',
        actor: { kind: 'staff', id: t.admin.id },
        details: { previous: 'bounced' },
      }),
    );

    // The old bounce replayed after the reset is stale: it marks nothing.
    const [bounce] = await sesEventsFor(address);
    expect(await handleSesEvent(bounce)).toBe('already_marked');
    expect((await api(`/external-users/${ash.id}`, { token: t.token })).body.deliverability.status).toBe('deliverable');

    // Resending the link sends again (and this simulator address bounces again: marked anew).
    const resent = await send('POST', `/jobs/${made.id}/assignments/${ash.id}/resend-link`, t.token);
    expect(resent.status, JSON.stringify(resent.body)).toBeLessThan(300);
    await drainStreams();
    expect((await emailsTo(address)).length).toBe(2);
    expect((await api(`/external-users/${ash.id}`, { token: t.token })).body.deliverability.status).toBe('bounced');
  });

  it("marks a staff user's bounced address (their export e-mail) and audits it in the account's activity", async () => {
    const address = simulator('bounce');
    const password = `Pw-${randomUUID()}!`;
    const { admin } = await provisionAccount({
      name: 'Bouncing venue',
      admin: { email: address, givenName: 'Pat', familyName: 'Admin' },
      password,
    });
    const token = await signIn(address, password);
    const started = await send('POST', '/exports', token, { report: 'jobs', format: 'csv' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const until = Date.now() + 60_000;
    while ((await api(`/exports/${started.body.id}`, { token })).body.status !== 'done') {
      if (Date.now() > until) throw new Error('export not done');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await drainStreams();
    const me = await api(`/users/${admin.id}`, { token });
    expect(me.status).toBe(200);
    expect(me.body.deliverability).toMatchObject({ status: 'bounced', reason: 'hard_bounce' });
    const activity = await api('/external-activity?limit=100', { token });
    expect(activity.body.items).toContainEqual(
      expect.objectContaining({
        action: 'email_undeliverable',
        subject: { type: 'staffUser', id: admin.id },
        actor: { kind: 'system' },
      }),
    );

    // A second export finishes as before; its e-mail is refused by the send path, nothing goes out.
    const sent = (await emailsTo(address)).length;
    const second = await send('POST', '/exports', token, { report: 'jobs', format: 'csv' });
    expect(second.status).toBe(202);
    const until2 = Date.now() + 60_000;
    while ((await api(`/exports/${second.body.id}`, { token })).body.status !== 'done') {
      if (Date.now() > until2) throw new Error('second export not done');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await drainStreams();
    expect((await emailsTo(address)).length).toBe(sent);
  });

  /** Starts an export as `token`'s user and waits until it is done. */
  const exportDone = async (token: string) => {
    const started = await send('POST', '/exports', token, { report: 'jobs', format: 'csv' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const until = Date.now() + 60_000;
    while ((await api(`/exports/${started.body.id}`, { token })).body.status !== 'done') {
      if (Date.now() > until) throw new Error('export not done');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await drainStreams();
  };

  /** A hard bounce of a message to a staff user, as SES reports it (a real simulator event, re-addressed). */
  const staffBounce = async (accountId: string, userId: string, email: string) => {
    const address = simulator('bounce');
    await job((await external(address)).id);
    await drainStreams();
    const [template] = await sesEventsFor(address);
    if (!template) throw new Error('no bounce event');
    const detail = template.detail as { mail: Record<string, unknown>; bounce: Record<string, unknown> };
    return {
      ...template,
      detail: {
        ...detail,
        mail: {
          ...detail.mail,
          destination: [email],
          timestamp: new Date().toISOString(),
          tags: { accountId: [accountId], recipientKind: ['staff'], recipientId: [userId] },
        },
        bounce: { ...detail.bounce, bouncedRecipients: [{ emailAddress: email }], timestamp: new Date().toISOString() },
      },
    };
  };

  it("lets a user admin reset a staff user's bounced address (audited in the account's activity), after which their e-mail goes out again", async () => {
    const pat = await member(t, 'general', 'bounce-staff');
    expect(await handleSesEvent(await staffBounce(t.account.id, pat.user.id, pat.email))).toBe('marked');
    expect((await api(`/users/${pat.user.id}`, { token: t.token })).body.deliverability).toMatchObject({
      status: 'bounced',
      reason: 'hard_bounce',
    });
    const mails = (await emailsTo(pat.email)).length;
    await exportDone(pat.token);
    expect((await emailsTo(pat.email)).length).toBe(mails);

    const userAdmin = await member(t, 'user_admin', 'bounce-user-admin');
    const reset = await send('POST', `/users/${pat.user.id}/deliverability/reset`, userAdmin.token);
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(reset.body).toMatchObject({
      id: pat.user.id,
      deliverability: { status: 'deliverable', reason: 'reset', resetBy: userAdmin.user.id },
    });
    await drainStreams();
    const activity = await api('/external-activity?limit=100', { token: t.token });
    expect(activity.body.items).toContainEqual(
      expect.objectContaining({
        action: 'deliverability_reset',
        subject: { type: 'staffUser', id: pat.user.id },
        actor: { kind: 'staff', id: userAdmin.user.id },
        details: { previous: 'bounced' },
      }),
    );
    await exportDone(pat.token);
    expect((await emailsTo(pat.email)).length).toBe(mails + 1);
  });

  it("refuses a staff user's address reset when nothing is marked (409), for another account's user (404), without user settings access (403), and on an Account Admin by a User Admin (403)", async () => {
    const sky = await member(t, 'general', 'bounce-sky');
    const nothing = await send('POST', `/users/${sky.user.id}/deliverability/reset`, t.token);
    expect(nothing.status).toBe(409);
    expect(nothing.body.error.code).toBe('NOT_UNDELIVERABLE');

    expect(await handleSesEvent(await staffBounce(t.account.id, sky.user.id, sky.email))).toBe('marked');
    const other = await newAccountWithAdmin('bounces-staff-other');
    const foreign = await send('POST', `/users/${sky.user.id}/deliverability/reset`, other.token);
    expect(foreign.status).toBe(404);
    const unknown = await send('POST', `/users/${randomUUID()}/deliverability/reset`, t.token);
    expect(unknown.status).toBe(404);
    const admin = await member(t, 'admin', 'bounce-admin');
    const denied = await send('POST', `/users/${sky.user.id}/deliverability/reset`, admin.token);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('USER_SETTINGS_DENIED');
    const bad = await send('POST', '/users/not%20an%20id/deliverability/reset', t.token);
    expect(bad.status).toBe(400);

    expect(await handleSesEvent(await staffBounce(t.account.id, t.admin.id, t.admin.email))).toBe('marked');
    const userAdmin = await member(t, 'user_admin', 'bounce-ua');
    const above = await send('POST', `/users/${t.admin.id}/deliverability/reset`, userAdmin.token);
    expect(above.status).toBe(403);
    expect(above.body.error.code).toBe('ROLE_GRANT_DENIED');
    // Still marked after every refusal; the Account Admin resets their own.
    expect((await api(`/users/${sky.user.id}`, { token: t.token })).body.deliverability.status).toBe('bounced');
    const own = await send('POST', `/users/${t.admin.id}/deliverability/reset`, t.token);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
  });

  it('ignores malformed events, other sources, and events whose tags name another account or another address, changing nothing', async () => {
    const address = simulator('bounce');
    const jo = await external(address);
    await job(jo.id);
    await drainStreams();
    const [bounce] = await sesEventsFor(address);
    if (!bounce) throw new Error('no bounce event');

    // Malformed and foreign events.
    for (const event of [
      null,
      'x',
      42,
      {},
      { source: 'aws.ses' },
      { ...bounce, source: 'aws.s3' },
      { ...bounce, detail: [] },
    ]) {
      expect(await handleSesEvent(event)).toBe('ignored');
    }
    const withTags = (tags: Record<string, string[]>, recipients = [{ emailAddress: address }]) => {
      const detail = bounce.detail as { mail: { tags: Record<string, string[]> }; bounce: Record<string, unknown> };
      return {
        ...bounce,
        detail: {
          ...detail,
          mail: { ...detail.mail, tags: { ...detail.mail.tags, ...tags }, timestamp: new Date().toISOString() },
          bounce: { ...detail.bounce, bouncedRecipients: recipients },
        },
      };
    };
    expect(await handleSesEvent(withTags({ recipientKind: ['robot'] }))).toBe('ignored');
    expect(await handleSesEvent(withTags({ recipientId: ['../../x'] }))).toBe('ignored');

    // Another account's external user, named by this account's id (or the other way round): nothing.
    const other = await newAccountWithAdmin('bounces-foreign');
    const theirs = await external(simulator('success'), other.token);
    await drainStreams();
    expect(await handleSesEvent(withTags({ recipientId: [theirs.id] }))).toBe('already_marked');
    expect(await handleSesEvent(withTags({ accountId: [other.account.id] }))).toBe('already_marked');
    // The right record but another address than the one it has: nothing.
    expect(await handleSesEvent(withTags({ recipientId: [theirs.id], accountId: [other.account.id] }))).toBe(
      'already_marked',
    );
    expect((await api(`/external-users/${theirs.id}`, { token: other.token })).body.deliverability).toBeUndefined();
  });
});
