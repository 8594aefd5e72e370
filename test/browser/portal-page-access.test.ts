import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchBrowser, waitForCode } from '../support/browser';
import {
  assignedIncident,
  browserTimeout,
  type InPage,
  itemId,
  type PortalFixture,
  portalFixture,
  recordScreen,
  staffAnswers,
} from '../support/portal-page';

/*
 * The portal page on a desktop, driven by the keyboard alone, on an incident's link; and the
 * accessibility audit the other browser tests rely on, shown to catch what it should.
 */

let browser: Browser;
let f: PortalFixture;

beforeAll(async () => {
  browser = await launchBrowser();
  f = await portalFixture('portaldesk');
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the accessibility audit the portal page tests rely on', () => {
  it('finds an unlabelled input and text too faint to read', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<html lang="en"><head><title>Probe</title></head><body><main><h1>Probe</h1>' +
        '<input type="text"><p style="color:#bbbbbb">Faint</p></main></body></html>',
    );
    const found = await accessibilityViolations(page);
    expect(found.map((line) => line.split(':')[0])).toEqual(expect.arrayContaining(['label', 'color-contrast']));
    await page.close();
  });
});

/** What has the keyboard focus, as a screen reader names it (`- radio "Pass"`). */
const focused = (page: Page) =>
  page
    .locator(':focus')
    .ariaSnapshot({ timeout: 2_000 })
    .catch(() => 'nothing focused');

describe('the portal page at 1280 × 800, with the keyboard alone', () => {
  it(
    "completes an incident's checklist from the e-mailed link, focus moving in reading order",
    async () => {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        locale: 'en-GB',
        timezoneId: 'UTC',
      });
      const { ext, incident, checklist, link } = await assignedIncident(f, 'Wes', [
        { label: 'Barrier intact', required: true, response: { type: 'pass_fail_na' } },
        { label: 'What happened', required: true, response: { type: 'text' } },
        { label: 'Photos', response: { type: 'photo', maxFiles: 2 } },
      ]);
      const page = await context.newPage();
      await page.goto(link);
      await page.getByRole('heading', { name: 'Your assigned incident' }).waitFor();
      await page.getByText('This incident is open.').waitFor();
      await recordScreen(page, 'desktop-1-link');

      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toBe('- button "Send me a code"');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
      await expect(focused(page)).resolves.toMatch(/^- textbox "Code"/);
      await page.keyboard.type(await waitForCode(ext.email, 0));
      await page.keyboard.press('Enter');

      await page.getByRole('heading', { name: 'Terms & Conditions' }).waitFor();
      await recordScreen(page, 'desktop-2-terms');
      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toMatch(/^- region "Terms, version \d+"/);
      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toBe('- checkbox "I have read and accept these terms"');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toBe('- button "Accept and continue"');
      await page.keyboard.press('Enter');

      await page.getByRole('heading', { name: incident.title }).waitFor();
      await expect(page.getByText('Pit, front barrier').isVisible()).resolves.toBe(true);
      // Tab walks the checklist in reading order; each control is named by its label.
      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toBe('- radio "Pass"');
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowRight');
      await expect(focused(page)).resolves.toMatch(/^- radio "Fail"/);
      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toBe('- text: Comments (0)');
      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toBe('- textbox "What happened (required)"');
      await page.keyboard.type('Crowd pushed at 21:02; barrier held.');
      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toBe('- text: Comments (0)');
      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toBe('- button "Choose photos or files (up to 2)"');
      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toBe('- text: Comments (0)');
      await page.keyboard.press('Tab');
      await expect(focused(page)).resolves.toBe('nothing focused');

      await page.getByText('All required items answered (2 of 2).').waitFor();
      await page.locator('.save-summary', { hasText: 'All changes saved' }).waitFor();
      const answers = await staffAnswers(f, `/incidents/${incident.id}`);
      expect(Object.fromEntries(answers.map((a) => [a.checklistItemId, a.value]))).toEqual({
        [itemId(checklist, 'Barrier intact')]: 'fail',
        [itemId(checklist, 'What happened')]: 'Crowd pushed at 21:02; barrier held.',
      });

      // A desktop gets one readable column in the middle, not a stretched phone layout.
      const box = await page.locator('main').boundingBox();
      expect(box?.width).toBeLessThanOrEqual(736);
      expect(Math.abs((box?.x ?? 0) - (1280 - (box?.x ?? 0) - (box?.width ?? 0)))).toBeLessThanOrEqual(2);
      await page.evaluate(() => (globalThis as unknown as InPage).scrollTo(0, 0));
      await recordScreen(page, 'desktop-3-checklist');
      await page.close();
      await context.close();
    },
    browserTimeout,
  );
});
