import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, launchBrowser } from '../support/browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
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
