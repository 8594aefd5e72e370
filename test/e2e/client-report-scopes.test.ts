import { beforeAll, describe, expect, inject, it } from 'vitest';
import { staffSide } from '../support/client-portal';
import { api, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

/*
 * Report e-mails of every kind of client access (issue 20): an access of a customer (its jobs, the
 * future ones too), of named jobs, and of a site together with its customer, through the local
 * stack's schedule. Each report has the period's jobs of its scopes, each once, never a
 * confidential or archived job nor another customer's, and links into the portal's home.
 */

interface StoredEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

const localEnv = () => inject('localEnv');

async function reportsTo(to: string): Promise<StoredEmail[]> {
  const res = await fetch(`${localEnv().FIELDPASS_INBOX_URL}/store`);
  const { emails } = (await res.json()) as { emails: StoredEmail[] };
  return emails.filter(
    (email) =>
      email.destination.to.some((a) => a.toLowerCase() === to.toLowerCase()) && / report for /.test(email.subject),
  );
}

/** Fires the hourly schedule once at `at`, for this file's account only. */
async function fire(at: string): Promise<{ sent: number }> {
  const res = await fetch(`${localEnv().FIELDPASS_CONTROL_URL}/schedules/client-reports/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ at, accountId: t.account.id }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { outcome: { sent: number } }).outcome;
}

let t: Tenant;
let staff: ReturnType<typeof staffSide>;
let dealer: { id: string; email: string };
let jobsOnly: { id: string; email: string };
let both: { id: string; email: string };
/** Contacts enough for more than one chunk of the run (25 subscriptions each). */
const many: { id: string; email: string }[] = [];
let firstRun: { sent: number };

beforeAll(async () => {
  t = await newAccountWithAdmin('reportscopes');
  staff = staffSide(t);
  const { version } = (await api('/account', { token: t.token })).body;
  const settings = await send('PATCH', '/account', t.token, { version, privacyStatuses: [{ name: 'Restricted' }] });
  const restricted = settings.body.privacyStatuses[0].id;
  const motors = await staff.customer('Dealer Motors');
  const other = await staff.customer('Other Company');
  const showroom = await staff.site(motors.id, 'Showroom');
  const view = await staff.jobsView('Dealer jobs', ['title', 'status', 'dueAt']);
  const roleId = (await staff.role('Dealers', [view.id])).id;

  // Wednesday 7 April 2027: the customer's jobs shown …
  await staff.job({ title: 'Brake check', dueAt: '2027-04-07T09:00:00Z', customerId: motors.id });
  await staff.job({
    title: 'Showroom wash',
    dueAt: '2027-04-07T10:00:00Z',
    customerId: motors.id,
    siteId: showroom.id,
  });
  // … and never: a confidential one, an archived one, another customer's, an incident (a customer
  // access shows jobs, not incidents), and a job of the next day.
  await staff.job({
    title: 'Secret recall',
    dueAt: '2027-04-07T11:00:00Z',
    customerId: motors.id,
    privacyStatusId: restricted,
  });
  const archived = await staff.job({ title: 'Archived order', dueAt: '2027-04-07T12:00:00Z', customerId: motors.id });
  expect((await send('POST', `/jobs/${archived.id}/archive`, t.token, { version: archived.version })).status).toBe(200);
  const otherJob = await staff.job({ title: 'Other fitting', dueAt: '2027-04-07T13:00:00Z', customerId: other.id });
  await staff.incident({ title: 'Customer complaint', raisedAt: '2027-04-07T14:00:00Z', customerId: motors.id });
  const later = await staff.job({ title: 'Later fitting', dueAt: '2027-04-08T09:00:00Z', customerId: other.id });

  dealer = await staff.externalUser('dealer');
  await staff.grant(dealer.id, {
    roleIds: [roleId],
    customerIds: [motors.id],
    reportFrequency: 'daily',
    reportTimeZone: 'UTC',
  });
  jobsOnly = await staff.externalUser('jobsonly');
  await staff.grant(jobsOnly.id, {
    roleIds: [roleId],
    jobIds: [otherJob.id, later.id],
    reportFrequency: 'daily',
    reportTimeZone: 'UTC',
  });
  both = await staff.externalUser('both');
  await staff.grant(both.id, {
    roleIds: [roleId],
    customerIds: [motors.id],
    site: { siteId: showroom.id },
    reportFrequency: 'daily',
    reportTimeZone: 'UTC',
  });
  for (let i = 0; i < 30; i++) {
    const contact = await staff.externalUser(`many${i}`);
    await staff.grant(contact.id, { roleIds: [roleId], customerIds: [motors.id], reportFrequency: 'daily' });
    many.push(contact);
  }
}, 180_000);

describe('report e-mails of a customer access', () => {
  it("sends the day's jobs of the customer, never a confidential, archived or other customer's job nor an incident, linking the portal's home", async () => {
    firstRun = await fire('2027-04-08T07:30:00Z');
    const [report, ...others] = await reportsTo(dealer.email);
    expect(others).toEqual([]);
    expect(report?.subject).toBe('Daily report for Dealer Motors: 2027-04-07');
    const text = report?.body.text ?? '';
    expect(text).toContain('Jobs: 2 (open 2)');
    expect(text).toContain('Incidents: 0');
    for (const title of ['Brake check', 'Showroom wash']) expect(text).toContain(title);
    for (const title of ['Secret recall', 'Archived order', 'Other fitting', 'Customer complaint', 'Later fitting']) {
      expect(text).not.toContain(title);
      expect(report?.body.html ?? '').not.toContain(title);
    }
    const portalUrl = localEnv().FIELDPASS_PORTAL_URL;
    expect(text).toContain(`Open your portal: ${portalUrl}/#/home`);
    expect(text).not.toContain('#/sites/');
    expect(text).toMatch(/#\/unsubscribe\/[A-Za-z0-9_-]{43}/);
  });

  it('sends it once however often the schedule fires, and says an empty day was empty', async () => {
    await Promise.all([fire('2027-04-08T08:00:00Z'), fire('2027-04-08T08:00:00Z')]);
    expect(await reportsTo(dealer.email)).toHaveLength(1);
    await fire('2027-04-09T07:30:00Z');
    const reports = await reportsTo(dealer.email);
    expect(reports.map((e) => e.subject)).toEqual([
      'Daily report for Dealer Motors: 2027-04-07',
      'Daily report for Dealer Motors: 2027-04-08',
    ]);
    expect(reports[1]?.body.text).toContain('Nothing was due or happened in this period.');
  });
});

describe('report e-mails of named jobs, and of a site with its customer', () => {
  it('sends the named jobs due in the period only', async () => {
    const reports = await reportsTo(jobsOnly.email);
    expect(reports.map((e) => e.subject)).toContain('Daily report for your jobs: 2027-04-07');
    const text = reports.find((e) => e.subject.endsWith('2027-04-07'))?.body.text ?? '';
    expect(text).toContain('Other fitting');
    expect(text).not.toContain('Later fitting');
    expect(text).not.toContain('Brake check');
  });

  it('counts a job both scopes give once, and links a site job to its dashboard', async () => {
    const report = (await reportsTo(both.email)).find((e) => e.subject.endsWith('2027-04-07'));
    expect(report?.subject).toBe('Daily report for Showroom, Dealer Motors: 2027-04-07');
    const text = report?.body.text ?? '';
    expect(text).toContain('Jobs: 2 (open 2)');
    expect(text.match(/Showroom wash/g)).toHaveLength(1);
    expect(text).not.toContain('Secret recall');
    expect(text).toContain(`${localEnv().FIELDPASS_PORTAL_URL}/#/sites/`);
  });
});

describe('a run with many contacts', () => {
  it('sends each of 33 contacts (two chunks of the run and more) their one report, and nothing again on a second run', async () => {
    expect(firstRun.sent).toBe(33);
    for (const contact of many) {
      expect((await reportsTo(contact.email)).map((e) => e.subject)).toContain(
        'Daily report for Dealer Motors: 2027-04-07',
      );
    }
    const again = await fire('2027-04-08T08:30:00Z');
    expect(again.sent).toBe(0);
    for (const contact of many) {
      expect((await reportsTo(contact.email)).filter((e) => e.subject.endsWith('2027-04-07'))).toHaveLength(1);
    }
  });
});
