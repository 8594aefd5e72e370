import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { accessibilityViolations, launchBrowser, phoneContext } from '../support/browser';
import { staffSide } from '../support/client-portal';
import { emailsTo } from '../support/inbox';
import { browserTimeout, recordScreen } from '../support/portal-page';
import { api, newAccountWithAdmin, type Tenant } from '../support/staff-session';

/*
 * The unsubscribe page of a report e-mail (issue 20) in Chromium on a phone: opening the link
 * changes nothing, the button stops the reports, the screens are axe-clean; an incomplete link
 * says so.
 */

let browser: Browser;
let context: BrowserContext;
let page: Page;
let t: Tenant;
let contact: { id: string; email: string };
let link: string;
const portalUrl = () => process.env.FIELDPASS_PORTAL_URL ?? '';

beforeAll(async () => {
  browser = await launchBrowser();
  context = await phoneContext(browser);
  page = await context.newPage();
  t = await newAccountWithAdmin('reportpage');
  const staff = staffSide(t);
  const customer = await staff.customer('Page Estates');
  const site = await staff.site(customer.id, 'Page Park');
  const view = await staff.calendarView('Page calendar');
  const role = await staff.role('Page role', [view.id]);
  contact = await staff.externalUser('pagecontact');
  await staff.grant(contact.id, { roleIds: [role.id], site: { siteId: site.id }, reportFrequency: 'daily' });
  // One run of the schedule for this account: yesterday's (empty) report.
  const res = await fetch(`${inject('localEnv').FIELDPASS_CONTROL_URL}/schedules/client-reports/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ at: '2027-05-04T08:00:00Z', accountId: t.account.id }),
  });
  expect(res.status).toBe(200);
  const [email] = await emailsTo(contact.email);
  const found = /(http\S+#\/unsubscribe\/[A-Za-z0-9_-]{43})/.exec(email?.body.text ?? '')?.[1];
  if (!found) throw new Error('no unsubscribe link in the report');
  link = found;
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const reportFrequency = async () =>
  (await api(`/external-users/${contact.id}/client-access`, { token: t.token })).body.accesses[0].reportFrequency;

describe('the unsubscribe page on a phone (360 × 740)', () => {
  it('opens without changing anything, and is axe-clean', { timeout: browserTimeout }, async () => {
    expect(link.startsWith(`${portalUrl()}/#/unsubscribe/`)).toBe(true);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Stop report e-mails?' }).waitFor();
    await recordScreen(page, 'client-report-unsubscribe-1-confirm');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await reportFrequency()).toBe('daily');
  });

  it('stops the reports with its button, and says so', { timeout: browserTimeout }, async () => {
    await page.getByRole('button', { name: 'Stop these e-mails' }).click();
    await page.getByRole('heading', { name: 'You will get no more report e-mails' }).waitFor();
    await recordScreen(page, 'client-report-unsubscribe-2-done');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await reportFrequency()).toBe('off');
  });

  it('says an incomplete link does not work', { timeout: browserTimeout }, async () => {
    await page.goto(`${portalUrl()}/#/unsubscribe/abc`);
    await page.getByRole('heading', { name: 'This link does not work' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
