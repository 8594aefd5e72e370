import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, linkUrlsTo, phoneContext } from '../support/browser';
import { daysFromNow } from '../support/dates';
import {
  assignedJob,
  browserTimeout,
  type InPage,
  type PortalFixture,
  portalFixture,
  signIn,
} from '../support/portal-page';
import { codesTo } from '../support/portal-session';
import { send } from '../support/staff-session';

/*
 * One verification per person: the page keeps a verification per person (the token's subject),
 * so a second link of the same person opens within the 24 hours without a new code, and another
 * person's link on the same browser still asks for one.
 */

let browser: Browser;
let f: PortalFixture;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  f = await portalFixture('portalonce');
  context = await phoneContext(browser);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** Another job assigned to the same external user; answers the job and the URL of its link. */
async function anotherJobFor(ext: { id: string; email: string }, title: string) {
  const before = (await linkUrlsTo(ext.email)).length;
  const job = (
    await send('POST', '/jobs', f.owner.token, {
      title,
      description: 'Check the turnstiles.',
      dueAt: daysFromNow(120),
      location: { text: 'East stand, Gate F' },
      ownerIds: [f.owner.user.id],
      externalUsers: [{ id: ext.id }],
    })
  ).body;
  expect(job.id).toBeTruthy();
  const link = (await linkUrlsTo(ext.email))[before];
  if (!link) throw new Error('no second link e-mailed');
  return { job, link };
}

describe('one verification per person on the portal page', () => {
  it(
    "opens a second job's link in the same 24 hours without asking for a code",
    async () => {
      const { ext, job, link } = await assignedJob(f, 'Ola');
      const second = await anotherJobFor(ext, 'Turnstile check Ola');
      const page = await context.newPage();
      await signIn(page, link, ext.email);
      await page.getByRole('heading', { name: job.title }).waitFor();
      expect(await codesTo(ext.email)).toHaveLength(1);

      const requested: string[] = [];
      page.on('request', (request) => requested.push(new URL(request.url()).pathname));
      await page.goto(second.link);
      await page.getByRole('heading', { name: second.job.title }).waitFor();
      await expect(page.getByText('East stand, Gate F').isVisible()).resolves.toBe(true);
      // No code asked for or sent: the page asked the API whose link it is, then opened the job.
      expect(await codesTo(ext.email)).toHaveLength(1);
      expect(requested).toContain('/portal/links/item');
      expect(requested).not.toContain('/portal/sign-in/code');
      // One verification kept, for the person; each link only names its item.
      const kept = await page.evaluate(() =>
        Object.keys((globalThis as unknown as InPage).localStorage).filter((key) =>
          key.startsWith('fieldpass.portal.'),
        ),
      );
      expect(kept.filter((key) => key.startsWith('fieldpass.portal.person.'))).toHaveLength(1);
      expect(kept.filter((key) => key.startsWith('fieldpass.portal.link.'))).toHaveLength(2);

      // Back to the first link: still open, still no code.
      await page.goto(link);
      await page.getByRole('heading', { name: job.title }).waitFor();
      expect(await codesTo(ext.email)).toHaveLength(1);
      await page.close();
    },
    browserTimeout,
  );

  it(
    "asks another person for a code on the same browser, the first person's verification opening none of their links",
    async () => {
      const first = await assignedJob(f, 'Pia');
      const other = await assignedJob(f, 'Quin');
      const page = await context.newPage();
      await signIn(page, first.link, first.ext.email);
      await page.getByRole('heading', { name: first.job.title }).waitFor();

      await page.goto(other.link);
      await page.getByRole('button', { name: 'Send me a code' }).waitFor();
      await expect(page.getByRole('heading', { name: other.job.title }).count()).resolves.toBe(0);
      expect(await codesTo(other.ext.email)).toEqual([]);
      await page.close();
    },
    browserTimeout,
  );
});
