import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, phoneContext } from '../support/browser';
import { emailsTo } from '../support/inbox';
import { browserTimeout, recordScreen } from '../support/portal-page';
import {
  answeredJob,
  consoleUrl,
  desktopContext,
  modulesNav,
  reviewLinksTo,
  signedInConsole,
  signInToConsole,
} from '../support/staff-console';
import { api, member, newAccountWithAdmin, type Tenant } from '../support/staff-session';

/*
 * The staff console in Chromium, against the local stack: the owner opens the "ready for review"
 * link from the local inbox, signs in, reviews the answers and completes the job.
 */

/** The password reset code e-mailed to `email` (polled: the SES stand-in stores the message as it answers). */
async function resetCodeTo(email: string): Promise<string> {
  for (let tries = 0; tries < 50; tries++) {
    const mail = (await emailsTo(email)).find((m) => m.subject === 'Your FieldPass password reset code');
    const code = /reset code is (\d{6})/.exec(mail?.body.text ?? '')?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no reset code e-mailed to ${email}`);
}

let browser: Browser;
let t: Tenant;
let owner: Awaited<ReturnType<typeof member>>;

beforeAll(async () => {
  browser = await launchBrowser();
  t = await newAccountWithAdmin('consolereview');
  owner = await member(t, 'general', 'consoleowner', { jobs: { access: true } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the review screen', () => {
  it(
    'opens from the owner e-mail after sign-in at 360 px, shows answers, photo and comment, and completes the job',
    async () => {
      const { job } = await answeredJob(t, { id: owner.user.id, token: owner.token });
      const [link] = await reviewLinksTo(owner.email);
      expect(link).toBe(`${consoleUrl()}/jobs/${job.id}`);

      const { context, page } = await signedInConsole(browser, owner, link as string, {
        shot: 'console-phone-1-sign-in',
      });
      await page.getByRole('heading', { level: 1, name: 'Stand sweep' }).waitFor();
      // The path survived signing in.
      expect(new URL(page.url()).pathname).toBe(`/jobs/${job.id}`);
      // A General user with Jobs only: no Incidents in the navigation.
      const nav = await modulesNav(page);
      await expect(nav.getByRole('link').allTextContents()).resolves.toEqual([
        'Jobs',
        'External users',
        'Reports',
        'Imports',
      ]);
      // Escape closes the phone's menu and gives focus back to its button.
      await page.keyboard.press('Escape');
      await expect(page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).resolves.toBe('false');
      await expect(page.locator(':focus').textContent()).resolves.toBe('Menu');

      await expect(page.getByText('2 of 2 required items answered.').isVisible()).resolves.toBe(true);
      const vest = page.locator('[data-item="Vest on?"]');
      await expect(vest.locator('.answer').textContent()).resolves.toMatch(/^Yes — Rey Steward, \d/);
      await expect(vest.getByText('Spare vest used').isVisible()).resolves.toBe(true);
      await expect(page.locator('[data-item="Crowd count"] .answer strong').textContent()).resolves.toBe('42 people');
      const thumb = page.getByRole('img', { name: 'stand.png (open full size)' });
      await thumb.waitFor();
      await expect(thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).resolves.toBe(1);
      // The item's audit trail.
      await vest.getByText(/^History/).click();
      await expect(vest.getByText(/Answer saved by Rey Steward/).isVisible()).resolves.toBe(true);
      await recordScreen(page, 'console-phone-2-review');

      await page.getByRole('button', { name: 'Complete' }).click();
      await page.getByText('Job completed.').waitFor();
      await expect(page.getByRole('button', { name: 'Reopen' }).isVisible()).resolves.toBe(true);
      // A General user may not archive: the button is there, disabled, with the reason.
      const archive = page.getByRole('button', { name: 'Archive' });
      await expect(archive.isDisabled()).resolves.toBe(true);
      await expect(archive.getAttribute('aria-describedby')).resolves.toBeTruthy();
      expect((await api(`/jobs/${job.id}`, { token: owner.token })).body.status).toBe('completed');
      await context.close();
    },
    browserTimeout,
  );

  it(
    'is keyboard operable at 1280 px: sign in, reopen the job and sign out with the keyboard alone',
    async () => {
      const { job } = await answeredJob(t, { id: owner.user.id, token: owner.token });
      const context = await desktopContext(browser);
      const page = await context.newPage();
      await page.goto(`${consoleUrl()}/jobs/${job.id}`);
      await page.getByRole('heading', { name: 'Sign in to FieldPass' }).waitFor();
      await recordScreen(page, 'console-desktop-1-sign-in');
      // The screen's heading has the focus; the next stop is the e-mail field.
      await page.keyboard.press('Tab');
      await expect(
        page.getByLabel('E-mail').evaluate((e) => e === (e.ownerDocument as { activeElement: unknown }).activeElement),
      ).resolves.toBe(true);
      await page.keyboard.type(owner.email);
      await page.keyboard.press('Tab');
      await page.keyboard.type(owner.password);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Stand sweep' }).waitFor();
      await recordScreen(page, 'console-desktop-2-review');
      await page.getByRole('button', { name: 'Complete' }).focus();
      await page.keyboard.press('Enter');
      await page.getByText('Job completed.').waitFor();
      await page.getByRole('button', { name: 'Reopen' }).focus();
      await page.keyboard.press('Enter');
      await page.getByText('Job open.').waitFor();
      expect((await api(`/jobs/${job.id}`, { token: owner.token })).body.status).toBe('open');
      await page.getByRole('button', { name: 'Sign out' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Sign in to FieldPass' }).waitFor();
      // The session is gone: a reload asks to sign in again.
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in to FieldPass' }).waitFor();
      await context.close();
    },
    browserTimeout,
  );

  it(
    'resets a forgotten password with the code e-mailed to the inbox, then signs in with the new one',
    async () => {
      const forgetful = await member(t, 'general', 'consoleforgot', { jobs: { access: true } });
      const context = await phoneContext(browser);
      const page = await context.newPage();
      await page.goto(consoleUrl());
      await page.getByRole('heading', { name: 'Sign in to FieldPass' }).waitFor();
      await page.getByLabel('E-mail').fill(forgetful.email);
      await page.getByRole('button', { name: 'Forgot your password?' }).click();
      await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
      await expect(page.getByLabel('E-mail').inputValue()).resolves.toBe(forgetful.email);
      await page.getByRole('button', { name: 'E-mail me a code' }).click();
      await page.getByLabel('Code').waitFor();
      const code = await resetCodeTo(forgetful.email);
      await page.getByLabel('Code').fill(code);
      await page.getByLabel('New password').fill('Fresh-password-42');
      await recordScreen(page, 'console-phone-7-reset');
      await page.getByRole('button', { name: 'Set new password' }).click();
      await signInToConsole(page, forgetful.email, 'Fresh-password-42');
      await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
      await context.close();
    },
    browserTimeout,
  );
});
