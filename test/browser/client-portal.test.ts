import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, phoneContext, waitForCode } from '../support/browser';
import { staffSide } from '../support/client-portal';
import { daysFromNow } from '../support/dates';
import { browserTimeout, recordScreen } from '../support/portal-page';
import { codesTo } from '../support/portal-session';
import { newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

/*
 * The client's screens on the portal page (issue 20): a client contact signs in with their address
 * and a code, lands on home, and reads their jobs view, calendar view and site dashboard; on a
 * phone (360 × 740) and a desktop (1280 × 800), with an accessibility audit of each screen.
 */

let browser: Browser;
let t: Tenant;
let staff: ReturnType<typeof staffSide>;
let fixture: Awaited<ReturnType<typeof clientFixture>>;
/** The phone's storage once signed in: the desktop's browser opens as the same verified person. */
let signedIn: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;
const portalUrl = () => process.env.FIELDPASS_PORTAL_URL ?? '';

/** A day of this month in UTC (the tests' time zone), at 09:00, at least `from` days ahead when the month allows. */
function thisMonth(day: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), day, 9)).toISOString();
}

/**
 * A customer with a master site and two sub-sites (one blocked), a jobs view with paging-worthy
 * jobs, a calendar view, and a client granted the customer and the master site (one sub-site), with
 * one checklist assignment of their own.
 */
async function clientFixture() {
  const customer = await staff.customer('Harbour Dealers');
  const master = await staff.site(customer.id, 'Harbour Yard');
  const east = await staff.site(customer.id, 'East Quay', master.id);
  const west = await staff.site(customer.id, 'West Quay', master.id);
  const jobsView = await staff.jobsView('Dealer jobs', ['title', 'status', 'dueAt', 'site'], {
    statuses: ['open', 'in_progress'],
  });
  const calendarView = await staff.calendarView('Dealer calendar');
  const role = await staff.role('Dealers', [jobsView.id, calendarView.id]);
  const ext = await staff.externalUser('dealer');
  const record = await staff.grant(ext.id, {
    roleIds: [role.id],
    customerIds: [customer.id],
    site: { siteId: master.id, subSites: { [east.id]: true, [west.id]: false } },
  });
  // 26 jobs: one page of 25 and one more.
  for (let i = 1; i <= 26; i++) {
    await staff.job({
      title: `Delivery ${String(i).padStart(2, '0')}`,
      dueAt: daysFromNow(20 + i),
      customerId: customer.id,
      siteId: east.id,
      status: i % 2 ? 'open' : 'in_progress',
    });
  }
  await staff.job({ title: 'Quay inspection', dueAt: thisMonth(15), customerId: customer.id, siteId: master.id });
  await staff.job({ title: 'West crane survey', dueAt: daysFromNow(-3), customerId: customer.id, siteId: west.id });
  await staff.incident({
    title: 'Forklift near miss',
    raisedAt: daysFromNow(-2),
    customerId: customer.id,
    siteId: east.id,
  });
  await staff.incident({
    title: 'West gate damage',
    raisedAt: daysFromNow(-2),
    customerId: customer.id,
    siteId: west.id,
  });
  await staff.log({ title: 'Yard opened', occurredAt: daysFromNow(-1), customerId: customer.id, siteId: master.id });
  const assigned = await send('POST', '/jobs', t.token, {
    title: 'Handover checklist',
    dueAt: daysFromNow(10),
    location: { text: 'Harbour Yard office' },
    ownerIds: [t.admin.id],
    customerId: customer.id,
    siteId: master.id,
    externalUsers: [{ id: ext.id }],
  });
  expect(assigned.status).toBe(201);
  const checklist = await send('POST', `/jobs/${assigned.body.id}/checklists`, t.token, {
    title: 'Handover',
    sections: [{ title: 'Keys', items: [{ label: 'Keys returned', required: true, response: { type: 'yes_no_na' } }] }],
  });
  expect(checklist.status).toBe(201);
  return { customer, master, east, west, jobsView, calendarView, role, ext, record };
}

beforeAll(async () => {
  browser = await launchBrowser();
  t = await newAccountWithAdmin('clientweb');
  staff = staffSide(t);
  expect((await send('POST', '/account/terms', t.token, { text: 'Read only. Be kind.' })).status).toBe(201);
  fixture = await clientFixture();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** Signs the client in through the page: address, code, terms; answers once home shows. */
async function signInAsClient(page: Page, shots?: string) {
  const email = fixture.ext.email;
  const before = (await codesTo(email)).length;
  await page.goto(`${portalUrl()}/#/sign-in/${t.account.id}`);
  await page.getByRole('heading', { name: 'Sign in to your portal' }).waitFor();
  if (shots) await recordScreen(page, `${shots}-1-sign-in`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
  await page.getByLabel('Code').fill(await waitForCode(email, before));
  await page.getByRole('button', { name: 'Verify' }).click();
  const terms = page.getByRole('heading', { name: 'Terms & Conditions' });
  const home = page.getByRole('heading', { name: 'Hello, dealer' });
  await Promise.race([terms.waitFor(), home.waitFor()]);
  if (await terms.isVisible()) {
    if (shots) await recordScreen(page, `${shots}-2-terms`);
    await page.getByLabel('I have read and accept these terms').check();
    await page.getByRole('button', { name: 'Accept and continue' }).click();
  }
  await home.waitFor();
}

describe('the client portal on a phone (360 × 740)', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await phoneContext(browser);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  it(
    'signs a client in with their address and a code and shows home: their checklist with its due date and progress, their views and their site',
    async () => {
      await signInAsClient(page, 'client-phone');
      const checklists = page.getByRole('region', { name: 'My checklists' });
      await expect(checklists.getByRole('link', { name: 'Handover checklist' }).isVisible()).resolves.toBe(true);
      await expect(checklists.getByText(/Due .* · Open · 0 of 1 required answered/).isVisible()).resolves.toBe(true);
      const views = page.getByRole('region', { name: 'My views' });
      await expect(views.getByRole('link', { name: 'Dealer jobs' }).isVisible()).resolves.toBe(true);
      await expect(views.getByRole('link', { name: 'Dealer calendar' }).isVisible()).resolves.toBe(true);
      await expect(
        page.getByRole('region', { name: 'My sites' }).getByRole('link', { name: 'Harbour Yard' }).isVisible(),
      ).resolves.toBe(true);
      await expect(page.getByText(/^Updated /).isVisible()).resolves.toBe(true);
      await recordScreen(page, 'client-phone-3-home');
      signedIn = await context.storageState();
    },
    browserTimeout,
  );

  it(
    "lists a jobs view's jobs with its columns and each status, a page at a time, searches the loaded titles, and offers no control that edits",
    async () => {
      await page.goto(`${portalUrl()}/#/home`);
      await page.getByRole('link', { name: 'Dealer jobs' }).click();
      await page.getByRole('heading', { name: 'Dealer jobs', level: 1 }).waitFor();
      const cards = page.locator('ul.cards > li');
      await expect(cards.count()).resolves.toBe(25);
      const first = cards.filter({ has: page.getByRole('heading', { name: 'Handover checklist' }) });
      await expect(first.getByText('open', { exact: true }).isVisible()).resolves.toBe(true);
      await expect(first.getByText('Harbour Yard').isVisible()).resolves.toBe(true);
      await recordScreen(page, 'client-phone-4-jobs');
      await page.getByRole('button', { name: 'Show more jobs' }).click();
      await page.getByText('29 jobs loaded, all of this view.').waitFor();
      await expect(page.getByRole('button', { name: 'Show more jobs' }).isVisible()).resolves.toBe(false);
      // The job on the blocked sub-site shows through the customer scope; nothing is confidential here.
      await page.getByLabel('Search titles').fill('delivery 2');
      await page.getByText('7 of 29 jobs loaded match.').waitFor();
      await page.getByLabel('Status').selectOption('in_progress');
      await page.getByText('4 of 29 jobs loaded match.').waitFor();
      // Read-only: the only controls are the search, the status filter and the paging.
      const controls = await page.locator('main input, main select, main textarea, main button').count();
      expect(controls).toBe(3);
    },
    browserTimeout,
  );

  it(
    "shows a job created after the client's access the next time the list is opened",
    async () => {
      await staff.job({ title: 'Brand new delivery', dueAt: daysFromNow(1), customerId: fixture.customer.id });
      await page.goto(`${portalUrl()}/#/home`);
      await page.getByRole('link', { name: 'Dealer jobs' }).click();
      await page.getByRole('heading', { name: 'Brand new delivery' }).waitFor();
    },
    browserTimeout,
  );

  it(
    'shows the calendar as an agenda on a phone, with the month’s job dates in the time zone named',
    async () => {
      await page.goto(`${portalUrl()}/#/home`);
      await page.getByRole('link', { name: 'Dealer calendar' }).click();
      await page.getByRole('heading', { name: 'Dealer calendar', level: 1 }).waitFor();
      await expect(page.getByRole('button', { name: 'Agenda' }).getAttribute('aria-pressed')).resolves.toBe('true');
      await expect(page.getByText('Times in UTC.', { exact: false }).isVisible()).resolves.toBe(true);
      await page.getByText('Quay inspection').waitFor();
      await recordScreen(page, 'client-phone-5-calendar');
    },
    browserTimeout,
  );

  it(
    'shows the site dashboard: counts by status, a chart with its table, and the latest activity of the site and its granted sub-site only',
    async () => {
      await page.goto(`${portalUrl()}/#/sites/${fixture.master.id}`);
      await page.getByRole('heading', { name: 'Harbour Yard', level: 1 }).waitFor();
      await expect(page.getByRole('heading', { name: 'Incidents: 1' }).isVisible()).resolves.toBe(true);
      await expect(page.getByRole('heading', { name: 'Logs: 1' }).isVisible()).resolves.toBe(true);
      await expect(page.getByRole('img', { name: /items? in the last 30 days/ }).isVisible()).resolves.toBe(true);
      const latest = page.locator('.dashboard ul.cards');
      await expect(latest.getByText('Forklift near miss').isVisible()).resolves.toBe(true);
      await expect(latest.getByText('Yard opened').isVisible()).resolves.toBe(true);
      // The blocked sub-site's items are not there.
      await expect(page.getByText('West gate damage').count()).resolves.toBe(0);
      await expect(page.getByText('West crane survey').count()).resolves.toBe(0);
      await page.getByText('Activity per day as a table').click();
      await expect(page.getByRole('table').getByRole('columnheader', { name: 'Incidents' }).isVisible()).resolves.toBe(
        true,
      );
      await recordScreen(page, 'client-phone-6-dashboard');
    },
    browserTimeout,
  );

  it(
    'shows what it loaded while offline, saying when it was loaded',
    async () => {
      await page.goto(`${portalUrl()}/#/home`);
      await page.getByRole('heading', { name: 'Hello, dealer' }).waitFor();
      await context.setOffline(true);
      try {
        await page.getByRole('link', { name: 'Dealer jobs' }).click();
        await page.getByText(/^Offline: showing what was loaded at /).waitFor();
        await expect(page.getByRole('heading', { name: 'Handover checklist' }).isVisible()).resolves.toBe(true);
        await recordScreen(page, 'client-phone-7-offline');
      } finally {
        await context.setOffline(false);
      }
    },
    browserTimeout,
  );
});

describe('the client portal at 1280 × 800, with the keyboard', () => {
  // The phone's verification, as the same person's other browser would have it: a code may be
  // sent only once a minute (R5), and this file signs in once.
  let context: BrowserContext;
  beforeAll(async () => {
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-GB',
      timezoneId: 'UTC',
      ...(signedIn ? { storageState: signedIn } : {}),
    });
    // Timers the tests can run forward (the dashboard's polling); time still flows as usual.
    await context.clock.install();
  });
  afterAll(async () => {
    await context?.close();
  });

  it(
    'opens a view and the calendar month with the keyboard alone; the month is a table whose cells a screen reader reads with their weekday',
    async () => {
      const page = await context.newPage();
      await page.goto(`${portalUrl()}/#/home`);
      await page.getByRole('heading', { name: 'Hello, dealer' }).waitFor();
      await recordScreen(page, 'client-desktop-1-home');
      const views = page.getByRole('region', { name: 'My views' });
      await views.getByRole('link', { name: 'Dealer calendar' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Dealer calendar', level: 1 }).waitFor();
      await expect(page.getByRole('button', { name: 'Month', exact: true }).getAttribute('aria-pressed')).resolves.toBe(
        'true',
      );
      const table = page.getByRole('table');
      await expect(table.getByRole('columnheader').count()).resolves.toBe(7);
      await expect(table.getByText('Quay inspection').isVisible()).resolves.toBe(true);
      await recordScreen(page, 'client-desktop-2-calendar');
      // Tab to "Next month" and press it: the month heading changes and is announced.
      const month = await page.locator('#month-title').textContent();
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press('Tab');
        if ((await page.locator(':focus').textContent()) === 'Next month') break;
      }
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#month-title').textContent(), { timeout: 10_000 }).not.toBe(month);
      await page.getByRole('button', { name: 'Agenda' }).press('Enter');
      await expect(page.getByRole('table').count()).resolves.toBe(0);
      await page.goto(`${portalUrl()}/#/sites/${fixture.master.id}`);
      await page.getByRole('heading', { name: 'Harbour Yard', level: 1 }).waitFor();
      await recordScreen(page, 'client-desktop-3-dashboard');
      await page.close();
    },
    browserTimeout,
  );

  it(
    'refreshes the dashboard while it is open, without reloading the page',
    async () => {
      const page = await context.newPage();
      await page.goto(`${portalUrl()}/#/sites/${fixture.master.id}`);
      await page.getByRole('heading', { name: 'Harbour Yard', level: 1 }).waitFor();
      await expect(page.getByText('Gangway check').count()).resolves.toBe(0);
      await staff.log({
        title: 'Gangway check',
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        customerId: fixture.customer.id,
        siteId: fixture.east.id,
      });
      await page.evaluate(() => {
        (globalThis as unknown as { loadedOnce: boolean }).loadedOnce = true;
      });
      await page.clock.runFor(31_000);
      await page.getByText('Gangway check').waitFor();
      // The same page: nothing reloaded it.
      await expect(page.evaluate(() => (globalThis as unknown as { loadedOnce?: boolean }).loadedOnce)).resolves.toBe(
        true,
      );
      await page.close();
    },
    browserTimeout,
  );

  it(
    'shows "No longer have access" on the next action once the access is revoked, and forgets what it kept',
    async () => {
      const page = await context.newPage();
      await page.goto(`${portalUrl()}/#/home`);
      await page.getByRole('heading', { name: 'Hello, dealer' }).waitFor();
      const current = await send('GET', `/external-users/${fixture.ext.id}/client-access`, t.token);
      const access = current.body.accesses[0];
      const revoked = await send('PUT', `/external-users/${fixture.ext.id}/client-access/${access.id}`, t.token, {
        status: 'revoked',
        roleIds: access.roleIds,
        customerIds: access.customerIds,
        site: access.site,
        version: current.body.version,
      });
      expect(revoked.status).toBe(200);
      try {
        await page.getByRole('region', { name: 'My views' }).getByRole('link', { name: 'Dealer jobs' }).click();
        await page.getByRole('heading', { name: 'No longer have access' }).waitFor();
        const kept = await page.evaluate(() =>
          Object.keys((globalThis as unknown as { localStorage: Record<string, unknown> }).localStorage).filter((key) =>
            key.startsWith('fieldpass.portal.cache.'),
          ),
        );
        expect(kept).toEqual([]);
        await recordScreen(page, 'client-desktop-4-revoked');
      } finally {
        const again = await send('GET', `/external-users/${fixture.ext.id}/client-access`, t.token);
        await send('PUT', `/external-users/${fixture.ext.id}/client-access/${access.id}`, t.token, {
          status: 'active',
          roleIds: access.roleIds,
          customerIds: access.customerIds,
          jobIds: access.jobIds,
          site: access.site,
          version: again.body.version,
        });
        await page.close();
      }
    },
    browserTimeout,
  );
});
