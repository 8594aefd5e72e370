import { beforeAll, describe, expect, inject, it } from 'vitest';
import { staffSide } from '../support/client-portal';
import { api, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/*
 * Report e-mails of a client's site (issue 20, seed 002) through the local stack: the hourly
 * handler run by the control server on its local clock, as EventBridge runs it in AWS. Daily and
 * weekly reports with the period's counts and items, never a confidential or blocked sub-site's
 * item; one e-mail per contact and period however often (or concurrently) the schedule fires; an
 * empty period says so unless the contact chose only-when-active; the unsubscribe link (a POST of
 * its confirm page, or one click) stops further e-mails, and a made-up or altered token is refused.
 */

interface StoredEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  headers?: { name: string; value: string }[];
}

const localEnv = () => inject('localEnv');

async function inbox(to: string): Promise<StoredEmail[]> {
  const res = await fetch(`${localEnv().FIELDPASS_INBOX_URL}/store`);
  const { emails } = (await res.json()) as { emails: StoredEmail[] };
  return emails.filter((email) => email.destination.to.some((a) => a.toLowerCase() === to.toLowerCase()));
}
const reportsTo = async (to: string) => (await inbox(to)).filter((email) => / report for /.test(email.subject));

/** The time the next runs of the schedule are at (this file's clock: test files run side by side). */
let clock = new Date();
function setClock(now: string) {
  clock = new Date(now);
}

/** Fires the hourly schedule once, at this file's clock, for this file's account; answers what the run did. */
async function fire(): Promise<{ sent: number; skipped: number; already: number; failed: number }> {
  const res = await fetch(`${localEnv().FIELDPASS_CONTROL_URL}/schedules/client-reports/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ at: clock.toISOString(), accountId: t.account.id }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { outcome: { sent: number; skipped: number; already: number; failed: number } })
    .outcome;
}

const tokenOf = (email: StoredEmail) => {
  const token = /#\/unsubscribe\/([A-Za-z0-9_-]{43})/.exec(email.body.text ?? '')?.[1];
  if (!token) throw new Error('no unsubscribe link in the e-mail');
  return token;
};
const unsubscribe = (token: string, init: RequestInit = {}) =>
  api(`/client-reports/unsubscribe/${token}`, { method: 'POST', ...init });

let t: Tenant;
let staff: ReturnType<typeof staffSide>;
let master: { id: string };
let north: { id: string };
let east: { id: string };
let customerId: string;
let roleId: string;
let daily: { id: string; email: string };
let weekly: { id: string; email: string };
let quiet: { id: string; email: string };

/** A client with one site grant (the master, North granted, East blocked) and these report settings. */
async function contact(label: string, reports: object) {
  const ext = await staff.externalUser(label);
  await staff.grant(ext.id, {
    roleIds: [roleId],
    site: { siteId: master.id, subSites: { [north.id]: true, [east.id]: false } },
    ...reports,
  });
  return ext;
}

beforeAll(async () => {
  t = await newAccountWithAdmin('clientreports');
  staff = staffSide(t);
  const { version } = (await api('/account', { token: t.token })).body;
  const settings = await send('PATCH', '/account', t.token, { version, privacyStatuses: [{ name: 'Restricted' }] });
  const restricted = settings.body.privacyStatuses[0].id;
  const customer = await staff.customer('Report Estates');
  customerId = customer.id;
  master = await staff.site(customer.id, 'Report Park');
  north = await staff.site(customer.id, 'North', master.id);
  east = await staff.site(customer.id, 'East', master.id);
  const view = await staff.calendarView('Report calendar');
  roleId = (await staff.role('Report role', [view.id])).id;
  daily = await contact('daily', { reportFrequency: 'daily', reportTimeZone: 'Europe/London' });
  weekly = await contact('weekly', { reportFrequency: 'weekly' });
  quiet = await contact('quiet', { reportFrequency: 'daily', reportOnlyWhenActive: true });

  const on = { customerId };
  // Wednesday 10 March 2027 (London is on UTC then): a job, an incident and a log shown …
  await staff.job({ title: 'Boiler service', dueAt: '2027-03-10T09:00:00Z', siteId: master.id, ...on });
  await staff.incident({ title: 'Water leak', raisedAt: '2027-03-10T10:00:00Z', siteId: north.id, ...on });
  await staff.log({ title: 'Night round', occurredAt: '2027-03-10T23:30:00Z', siteId: master.id, ...on });
  // … and never shown: a confidential job, the blocked sub-site's job.
  await staff.job({
    title: 'Secret audit',
    dueAt: '2027-03-10T11:00:00Z',
    siteId: master.id,
    privacyStatusId: restricted,
    ...on,
  });
  await staff.job({ title: 'East wing job', dueAt: '2027-03-10T12:00:00Z', siteId: east.id, ...on });
  // Friday 12 March: one more job, in the week but not the day.
  await staff.job({ title: 'Window cleaning', dueAt: '2027-03-12T08:00:00Z', siteId: north.id, ...on });
});

describe('staff setting report e-mails on a client access', () => {
  it('keeps the settings on the access and answers them', async () => {
    const record = await api(`/external-users/${daily.id}/client-access`, { token: t.token });
    expect(record.body.accesses[0]).toMatchObject({
      reportFrequency: 'daily',
      reportOnlyWhenActive: false,
      reportTimeZone: 'Europe/London',
    });
  });

  it('answers 400 naming the field for a frequency, a time zone or a flag that is not one', async () => {
    const ext = await staff.externalUser('badinput');
    const base = { roleIds: [roleId], site: { siteId: master.id }, version: 0 };
    const cases: [object, string][] = [
      [{ reportFrequency: 'hourly' }, 'body.reportFrequency'],
      [{ reportFrequency: 'daily', reportTimeZone: 'Mars/Olympus_Mons' }, 'body.reportTimeZone'],
      [{ reportOnlyWhenActive: 'yes' }, 'body.reportOnlyWhenActive'],
    ];
    for (const [fields, path] of cases) {
      const res = await send('POST', `/external-users/${ext.id}/client-access`, t.token, { ...base, ...fields });
      expect(res.status, path).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
  });
});

describe('daily reports', () => {
  it('says an empty period was empty, and sends nothing to a contact who chose only-when-active', async () => {
    // Wednesday 08:00: Tuesday 9 March is due, and nothing happened on it.
    setClock('2027-03-10T08:00:00Z');
    await fire();
    const [empty, ...others] = await reportsTo(daily.email);
    expect(others).toEqual([]);
    expect(empty?.subject).toBe('Daily report for Report Park: 2027-03-09');
    expect(empty?.body.text).toContain('Nothing happened at your site in this period.');
    expect(empty?.body.text).toContain('Jobs: 0');
    expect(await reportsTo(quiet.email)).toEqual([]);
  });

  it('sends nothing before 07:00 local for the day that just ended', async () => {
    setClock('2027-03-11T06:30:00Z');
    await fire();
    expect((await reportsTo(daily.email)).map((e) => e.subject)).toEqual(['Daily report for Report Park: 2027-03-09']);
  });

  it("sends the day's counts and items with links into the portal, never a confidential or blocked item", async () => {
    setClock('2027-03-11T07:30:00Z');
    await fire();
    const reports = await reportsTo(daily.email);
    expect(reports.map((e) => e.subject)).toEqual([
      'Daily report for Report Park: 2027-03-09',
      'Daily report for Report Park: 2027-03-10',
    ]);
    const text = reports[1]?.body.text ?? '';
    expect(text).toContain('Jobs: 1 (open 1)');
    expect(text).toContain('Incidents: 1');
    expect(text).toContain('Logs: 1');
    for (const title of ['Boiler service', 'Water leak', 'Night round']) expect(text).toContain(title);
    for (const title of ['Secret audit', 'East wing job', 'Window cleaning']) expect(text).not.toContain(title);
    expect(reports[1]?.body.html ?? '').not.toContain('Secret audit');
    const portalUrl = localEnv().FIELDPASS_PORTAL_URL;
    expect(text).toContain(`${portalUrl}/#/sites/${master.id}`);
    expect(text).toContain(`${portalUrl}/#/sites/${north.id}`);
    // The active day reaches the only-when-active contact too.
    expect((await reportsTo(quiet.email)).map((e) => e.subject)).toEqual(['Daily report for Report Park: 2027-03-10']);
  });

  it('carries RFC 8058 one-click unsubscribe headers pointing at the API', async () => {
    const [, report] = await reportsTo(daily.email);
    const headers = Object.fromEntries((report?.headers ?? []).map((h) => [h.name, h.value]));
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(headers['List-Unsubscribe']).toBe(
      `<${inject('apiUrl')}/client-reports/unsubscribe/${tokenOf(report as StoredEmail)}>`,
    );
  });

  it('sends one e-mail per contact and period when the schedule fires twice at once, and again later', async () => {
    setClock('2027-03-11T09:00:00Z');
    const runs = await Promise.all([fire(), fire()]);
    expect(runs.reduce((n, run) => n + run.sent, 0)).toBe(0);
    setClock('2027-03-12T07:05:00Z');
    const [a, b] = await Promise.all([fire(), fire()]);
    // Daily for 11 March goes to `daily` only (quiet's day was empty), once.
    expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(1);
    expect((await reportsTo(daily.email)).filter((e) => e.subject.endsWith('2027-03-11'))).toHaveLength(1);
    await fire();
    expect((await reportsTo(daily.email)).filter((e) => e.subject.endsWith('2027-03-11'))).toHaveLength(1);
    expect(await reportsTo(quiet.email)).toHaveLength(1);
  });
});

describe('weekly reports', () => {
  it("sends Monday's report of the week before with its counts, once", async () => {
    // The first run (Wednesday 10 March) sent the week before's, which was empty.
    expect((await reportsTo(weekly.email)).map((e) => e.subject)).toEqual([
      'Weekly report for Report Park: 2027-03-01 – 2027-03-07',
    ]);
    setClock('2027-03-15T07:10:00Z');
    await Promise.all([fire(), fire()]);
    const reports = await reportsTo(weekly.email);
    expect(reports.map((e) => e.subject)).toEqual([
      'Weekly report for Report Park: 2027-03-01 – 2027-03-07',
      'Weekly report for Report Park: 2027-03-08 – 2027-03-14',
    ]);
    const text = reports[1]?.body.text ?? '';
    expect(text).toContain('Jobs: 2 (open 2)');
    expect(text).toContain('Incidents: 1');
    expect(text).toContain('Logs: 1');
    expect(text).toContain('Window cleaning');
    expect(text).not.toContain('Secret audit');
    expect(text).not.toContain('East wing job');
  });
});

describe('unsubscribing through the link', () => {
  it('refuses a made-up, altered or malformed token, and a GET changes nothing', async () => {
    const [report] = await reportsTo(daily.email);
    const token = tokenOf(report as StoredEmail);
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await unsubscribe(altered)).status).toBe(404);
    expect((await unsubscribe('A'.repeat(43))).status).toBe(404);
    const malformed = await unsubscribe('not-a-token');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].path).toBe('params.token');
    // A mail scanner following the link: no GET route, nothing changes.
    expect((await api(`/client-reports/unsubscribe/${token}`)).status).toBeGreaterThanOrEqual(400);
    const record = await api(`/external-users/${daily.id}/client-access`, { token: t.token });
    expect(record.body.accesses[0].reportFrequency).toBe('daily');
  });

  it("stops further e-mails from the confirm page's POST, is on the audit trail as the contact's, and answers the same twice", async () => {
    const [report] = await reportsTo(daily.email);
    const token = tokenOf(report as StoredEmail);
    const res = await unsubscribe(token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ unsubscribed: true });
    expect((await unsubscribe(token)).status).toBe(200);
    const record = await api(`/external-users/${daily.id}/client-access`, { token: t.token });
    expect(record.body.accesses[0].reportFrequency).toBe('off');
    expect(record.body.accesses[0].reportUnsubscribedAt).toEqual(expect.any(String));

    const before = (await reportsTo(daily.email)).length;
    setClock('2027-03-16T08:00:00Z');
    await fire();
    expect(await reportsTo(daily.email)).toHaveLength(before);
    // The others still get theirs (quiet's 15 March was empty: nothing).
    expect((await reportsTo(quiet.email)).length).toBe(1);

    await drainStreams();
    const trail = await api(`/external-activity?externalUserId=${daily.id}&limit=100`, { token: t.token });
    const entry = trail.body.items.find((e: { action: string }) => e.action === 'client_reports_unsubscribed');
    expect(entry?.actor).toEqual({ kind: 'external', id: daily.id });
  });

  it('stops them with a one-click POST (RFC 8058) as a mail client sends it', async () => {
    const reports = await reportsTo(weekly.email);
    const res = await unsubscribe(tokenOf(reports.at(-1) as StoredEmail), {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    setClock('2027-03-22T08:00:00Z');
    await fire();
    expect(await reportsTo(weekly.email)).toHaveLength(reports.length);
  });
});

describe("the local stack's clock of scheduled work", () => {
  it('is read and set through the control server, and a run without a time is at it', async () => {
    const control = localEnv().FIELDPASS_CONTROL_URL;
    const set = await fetch(`${control}/clock`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: '2027-06-01T07:30:00Z' }),
    });
    expect(set.status).toBe(200);
    const { now } = (await (await fetch(`${control}/clock`)).json()) as { now: string };
    expect(Date.parse(now) - Date.parse('2027-06-01T07:30:00Z')).toBeLessThan(60_000);
    const run = await fetch(`${control}/schedules/client-reports/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: t.account.id }),
    });
    const { at } = (await run.json()) as { at: string };
    expect(Date.parse(at) - Date.parse('2027-06-01T07:30:00Z')).toBeLessThan(60_000);
    const bad = await fetch(`${control}/clock`, { method: 'PUT', body: JSON.stringify({ now: 'soon' }) });
    expect(bad.status).toBe(400);
  });
});

describe('a contact whose address bounced', () => {
  it('gets no more reports once SES reported the bounce, and the runs do not try again', async () => {
    // A mailbox simulator address: the SES stand-in reports a hard bounce of what is sent to it.
    const address = `bounce+${Date.now().toString(36)}@simulator.amazonses.com`;
    const created = await send('POST', '/external-users', t.token, {
      givenName: 'Bouncing',
      familyName: 'Client',
      email: address,
    });
    expect(created.status).toBe(201);
    await staff.grant(created.body.id, {
      roleIds: [roleId],
      site: { siteId: master.id, subSites: { [north.id]: true, [east.id]: false } },
      reportFrequency: 'daily',
    });
    setClock('2027-07-01T08:00:00Z');
    expect((await fire()).sent).toBeGreaterThan(0);
    await drainStreams();
    expect(await reportsTo(address)).toHaveLength(1);
    const user = await api(`/external-users/${created.body.id}`, { token: t.token });
    expect(user.body.deliverability).toMatchObject({ status: 'bounced' });
    // The next day's report is refused before SES, and its period stays done: no retry an hour later.
    setClock('2027-07-02T08:00:00Z');
    await fire();
    setClock('2027-07-02T09:00:00Z');
    await fire();
    expect(await reportsTo(address)).toHaveLength(1);
  });
});

describe('a contact without a report time zone of their own', () => {
  it("gets reports in the account's time zone once the account has one", async () => {
    const { version } = (await api('/account', { token: t.token })).body;
    expect((await send('PATCH', '/account', t.token, { version, timeZone: 'Asia/Tokyo' })).status).toBe(200);
    const zoned = await contact('zoned', { reportFrequency: 'daily' });
    // 00:30 UTC on 1 August is 09:30 in Tokyo: 31 July's report is due there (in UTC, not until 07:00).
    setClock('2027-08-01T00:30:00Z');
    await fire();
    const [report, ...others] = await reportsTo(zoned.email);
    expect(others).toEqual([]);
    expect(report?.subject).toBe('Daily report for Report Park: 2027-07-31');
    expect(report?.body.text).toContain('(Asia/Tokyo)');
  });
});
