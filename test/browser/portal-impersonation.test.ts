import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, phoneContext } from '../support/browser';
import { staffSide } from '../support/client-portal';
import { daysFromNow } from '../support/dates';
import { browserTimeout, recordScreen } from '../support/portal-page';
import { api, apiUrl, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';

/*
 * Impersonation on the portal page (issue 20, seed 001 step 4): an Account Admin opens the portal
 * as a dealer with the session POST /external-users/{id}/impersonation answered, sees "Viewing as
 * <name> — Stop impersonating" on every screen, sees the dealer's home, view and item but can
 * change nothing, and stops; the session's token is refused from then on.
 */

let browser: Browser;
let t: Tenant;
let staff: ReturnType<typeof staffSide>;
const portalUrl = () => process.env.FIELDPASS_PORTAL_URL ?? '';
let dealer: { id: string; email: string };
let jobId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  t = await newAccountWithAdmin('impersonweb');
  staff = staffSide(t);
  const customer = await staff.customer('Dealer Motors');
  const view = await staff.jobsView('Dealer jobs', ['title', 'status', 'dueAt']);
  const role = await staff.role('Dealers', [view.id]);
  dealer = await staff.externalUser('dora');
  await staff.grant(dealer.id, { roleIds: [role.id], customerIds: [customer.id] });
  const job = await send('POST', '/jobs', t.token, {
    title: 'Showroom handover',
    dueAt: daysFromNow(7),
    location: { text: 'Showroom' },
    ownerIds: [t.admin.id],
    customerId: customer.id,
    externalUsers: [{ id: dealer.id }],
  });
  expect(job.status).toBe(201);
  jobId = job.body.id;
  const checklist = await send('POST', `/jobs/${jobId}/checklists`, t.token, {
    title: 'Handover',
    sections: [{ title: 'Keys', items: [{ label: 'Keys returned', required: true, response: { type: 'yes_no_na' } }] }],
  });
  expect(checklist.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('an Account Admin viewing the portal as a dealer, on a phone (360 × 740)', () => {
  let context: BrowserContext;
  let page: Page;
  let idToken: string;

  beforeAll(async () => {
    context = await phoneContext(browser);
    page = await context.newPage();
    const started = await send('POST', `/external-users/${dealer.id}/impersonation`, t.token);
    expect(started.status).toBe(201);
    idToken = started.body.idToken;
  });
  afterAll(async () => {
    await context?.close();
  });

  const banner = () => page.locator('#impersonation');

  it(
    "opens the dealer's home with the banner, and keeps the banner on every screen",
    async () => {
      await page.goto(`${portalUrl()}/#/as?token=${idToken}&name=${encodeURIComponent('dora Client')}`);
      await page.getByRole('heading', { name: 'Hello, dora' }).waitFor();
      await expect(banner().textContent()).resolves.toBe('Viewing as dora Client — Stop impersonating');
      // The token left the address bar at once.
      expect(page.url()).not.toContain(idToken);
      await expect(
        page
          .getByRole('region', { name: 'My checklists' })
          .getByRole('link', { name: 'Showroom handover' })
          .isVisible(),
      ).resolves.toBe(true);
      // The way out is the banner's button, not the dealer's "Sign out".
      await expect(page.getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(0);
      await recordScreen(page, 'impersonation-phone-1-home');
      await page.getByRole('link', { name: 'Dealer jobs' }).click();
      await page.getByRole('heading', { name: 'Dealer jobs', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Showroom handover' }).waitFor();
      await expect(banner().isVisible()).resolves.toBe(true);
    },
    browserTimeout,
  );

  it(
    "shows the dealer's checklist read-only: every answer control disabled, the reason said, nothing saved",
    async () => {
      await page.goto(`${portalUrl()}/#/home`);
      await page.getByRole('link', { name: 'Showroom handover' }).click();
      await page.getByRole('heading', { name: 'Showroom handover', level: 1 }).waitFor();
      await expect(banner().isVisible()).resolves.toBe(true);
      await page.getByText(/Viewing as dora Client: read-only/).waitFor();
      const answers = page.locator('main input[type="radio"]');
      await expect(answers.count()).resolves.toBeGreaterThan(0);
      for (const answer of await answers.all()) await expect(answer.isDisabled()).resolves.toBe(true);
      await recordScreen(page, 'impersonation-phone-2-item');
      // Even a write sent from this page by hand is refused.
      const refused = await page.evaluate(
        async ({ api: base, token }) => {
          const res = await fetch(`${base}/portal/terms/acceptance`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ version: 1 }),
          });
          return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
        },
        { api: apiUrl(), token: idToken },
      );
      expect(refused).toEqual({ status: 403, code: 'IMPERSONATION_READ_ONLY' });
      const review = await send('GET', `/jobs/${jobId}/checklists`, t.token);
      expect(review.body.items[0].answers ?? []).toEqual([]);
    },
    browserTimeout,
  );

  it(
    'stops: the banner goes, the page says so, and the session is refused from then on',
    async () => {
      await page.getByRole('button', { name: 'Stop impersonating' }).click();
      await page.getByRole('heading', { name: 'Impersonation stopped' }).waitFor();
      await expect(banner().count()).resolves.toBe(0);
      await recordScreen(page, 'impersonation-phone-3-stopped');
      const after = await api('/portal/me', { token: idToken });
      expect(after.status).toBe(401);
      expect(after.body.error.code).toBe('IMPERSONATION_ENDED');
      // The dealer's screens are no longer open in this tab.
      await page.goto(`${portalUrl()}/#/home`);
      await page.getByRole('heading', { name: 'Sign in first' }).waitFor();
    },
    browserTimeout,
  );
});
