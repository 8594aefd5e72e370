import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { localTime } from '../../functions/shared/local-time';
import { daysFromNow } from '../support/dates';
import { api, member, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

/**
 * The account's time zone (an optional IANA name in the account settings) and the local-time
 * columns it gives reports and exports: the UTC columns stay as they are, each `…Local` twin is
 * the same instant in the account's zone, with its offset.
 */
describe("reports in the account's time zone", () => {
  let t: Tenant;
  let jobId: string;

  const setZone = async (token: string, timeZone: unknown) => {
    const { version } = (await api('/account', { token: t.token })).body;
    return send('PATCH', '/account', token, { version, timeZone });
  };

  beforeAll(async () => {
    t = await newAccountWithAdmin('time-zone');
    const res = await send('POST', '/jobs', t.token, {
      title: 'Zoned',
      dueAt: daysFromNow(30),
      location: { text: 'Gate A' },
      ownerIds: [t.admin.id],
    });
    expect(res.status).toBe(201);
    jobId = res.body.id;
  });

  it('keeps an IANA time zone in the account settings, as Intl spells it, and removes it with null', async () => {
    const set = await setZone(t.token, 'america/new_york');
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.timeZone).toBe('America/New_York');
    expect((await api('/account', { token: t.token })).body.timeZone).toBe('America/New_York');
    const removed = await setZone(t.token, null);
    expect(removed.status).toBe(200);
    expect(removed.body).not.toHaveProperty('timeZone');
  });

  it('answers 400 naming body.timeZone for a name that is no IANA time zone', async () => {
    for (const timeZone of ['Mars/Olympus_Mons', '+01:00', '', 'Europe/London ', 42]) {
      const res = await setZone(t.token, timeZone);
      expect(res.status, String(timeZone)).toBe(400);
      expect(JSON.stringify(res.body.error.details), String(timeZone)).toContain('body.timeZone');
    }
  });

  it('lets only Account Admins change the time zone (an account setting): 403 for an Admin', async () => {
    const admin = await member(t, 'admin', 'zoneadmin');
    const res = await setZone(admin.token, 'Europe/Paris');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ACCOUNT_SETTINGS_DENIED');
  });

  it('fills the local-time columns in the account’s zone, and leaves them empty when it has none', async () => {
    const columns = 'id,dueAt,dueAtLocal,createdAt,createdAtLocal,lastPortalActivityAtLocal';
    const without = await api(`/reports/jobs?columns=${columns}`, { token: t.token });
    expect(without.status).toBe(200);
    const row = (without.body.rows as Record<string, string | null>[]).find((r) => r.id === jobId);
    expect(row).toMatchObject({ dueAtLocal: null, createdAtLocal: null, lastPortalActivityAtLocal: null });
    expect((await setZone(t.token, 'Asia/Kolkata')).status).toBe(200);
    const zoned = await api(`/reports/jobs?columns=${columns}`, { token: t.token });
    const local = (zoned.body.rows as Record<string, string | null>[]).find((r) => r.id === jobId);
    expect(local?.dueAt).toBe(row?.dueAt);
    expect(local?.dueAtLocal).toBe(localTime(row?.dueAt as string, 'Asia/Kolkata'));
    expect(local?.dueAtLocal).toMatch(/\+05:30$/);
    expect(local?.createdAtLocal).toBe(localTime(row?.createdAt as string, 'Asia/Kolkata'));
    // A screen's default columns have none: it shows times in its own zone.
    const defaults = await api('/reports/jobs', { token: t.token });
    expect((defaults.body.columns as string[]).some((name) => name.endsWith('Local'))).toBe(false);
  });

  it('adds each date column’s local twin to an export’s default columns when the account has a zone', async () => {
    expect((await setZone(t.token, 'Europe/London')).status).toBe(200);
    const started = await send('POST', '/exports', t.token, { report: 'jobs', format: 'csv' });
    expect(started.status).toBe(202);
    let done: { status: string; columns: string[]; download: { url: string } } | undefined;
    for (let i = 0; i < 400 && done?.status !== 'done'; i += 1) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 300));
      done = (await api(`/exports/${started.body.id}`, { token: t.token })).body;
      expect(done?.status).not.toBe('failed');
    }
    if (!done) throw new Error('no export');
    const at = (name: string) => done.columns.indexOf(name);
    expect(at('dueAtLocal')).toBe(at('dueAt') + 1);
    expect(at('createdAtLocal')).toBe(at('createdAt') + 1);
    expect(at('updatedAtLocal')).toBe(at('updatedAt') + 1);
    const text = Buffer.from(await (await fetch(done.download.url)).arrayBuffer()).toString('utf8');
    const [header, first] = parse(text, { bom: true }) as string[][];
    expect(header).toEqual(done.columns);
    expect(first?.[at('dueAtLocal')]).toBe(localTime(first?.[at('dueAt')] as string, 'Europe/London'));
  });
});
