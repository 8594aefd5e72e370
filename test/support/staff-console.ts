import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { phoneContext } from './browser';
import { daysFromNow } from './dates';
import { emailsTo } from './inbox';
import { recordScreen } from './portal-page';
import { linksTo, portal, portalSignIn } from './portal-session';
import { type ConsoleSession, newEmail, send, type Tenant } from './staff-session';
import { drainStreams } from './streams';

/*
 * What the staff console's browser tests share: where the local stack serves it, signing in
 * through its form, a desktop context beside the phone one, and a job whose checklist an external
 * user has answered through the portal API (with a photo and a comment).
 */

/** The console's URL: the local `staffUrl`, where owner e-mails link. */
export const consoleUrl = () => inject('localEnv').FIELDPASS_STAFF_URL as string;

/** A desktop: 1280 × 800. */
export const desktopContext = (browser: Browser): Promise<BrowserContext> =>
  browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC' });

/** Signs in through the console's form, from whatever console address `page` is on. */
export async function signInToConsole(page: Page, email: string, password: string, shot?: string): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in to FieldPass' }).waitFor();
  if (shot) await recordScreen(page, shot);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A 1 × 1 PNG, which the attachment confirm accepts as an image and a browser can draw. */
export const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * A job owned by `ownerId` with one checklist (two required items and an optional photo), assigned
 * to a new external user who answers every item through the portal API: a photo, a comment.
 */
export async function answeredJob(t: Tenant, owner: { id: string; token: string }) {
  const ext = (
    await send('POST', '/external-users', t.token, { givenName: 'Rey', familyName: 'Steward', email: newEmail('rey') })
  ).body;
  const job = await send('POST', '/jobs', owner.token, {
    title: 'Stand sweep',
    dueAt: daysFromNow(30),
    location: { text: 'East stand' },
    ownerIds: [owner.id],
    externalUsers: [{ id: ext.id }],
  });
  expect(job.status).toBe(201);
  const made = await send('POST', `/jobs/${job.body.id}/checklists`, owner.token, {
    title: 'Sweep',
    sections: [
      {
        title: 'East stand',
        items: [
          { label: 'Vest on?', required: true, response: { type: 'yes_no_na' } },
          { label: 'Crowd count', required: true, response: { type: 'number', unit: 'people' } },
          { label: 'Stand photo', response: { type: 'photo' } },
        ],
      },
    ],
  });
  expect(made.status).toBe(201);
  const [token] = await linksTo(ext.email);
  const { idToken } = await portalSignIn(token as string, ext.email);
  const ids = Object.fromEntries(
    made.body.sections[0].items.map((i: { id: string; label: string }) => [i.label, i.id]),
  ) as Record<string, string>;
  const base = (label: string) => `/portal/jobs/${job.body.id}/checklists/${made.body.id}/items/${ids[label]}`;
  const photo = await portal('POST', `${base('Stand photo')}/attachments`, idToken, {
    fileName: 'stand.png',
    contentType: 'image/png',
    size: png.length,
  });
  expect(photo.status).toBe(201);
  expect(
    (await fetch(photo.body.upload.url, { method: 'PUT', headers: photo.body.upload.headers, body: png })).status,
  ).toBe(200);
  expect(
    (await portal('POST', `${base('Stand photo')}/attachments/${photo.body.attachment.id}/confirm`, idToken)).status,
  ).toBe(200);
  expect((await portal('POST', `${base('Vest on?')}/comments`, idToken, { text: 'Spare vest used' })).status).toBe(201);
  for (const [label, value] of [
    ['Vest on?', 'yes'],
    ['Crowd count', 42],
  ] as const) {
    const saved = await portal('PUT', `${base(label)}/answer`, idToken, { value, version: 0, requestId: randomUUID() });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  }
  return { ext, job: job.body as { id: string; title: string } };
}

/** The console links the owner's "ready for review" e-mails hold. */
export async function reviewLinksTo(email: string): Promise<string[]> {
  await drainStreams();
  return (await emailsTo(email))
    .filter((m) => m.subject.startsWith('Checklists ready for review'))
    .map((m) => /(https?:\/\/\S+\/jobs\/[A-Za-z0-9_-]+)/.exec(m.body.text ?? '')?.[1])
    .filter((url): url is string => url !== undefined);
}

/**
 * A new browser context (a 360 px phone, or a 1280 px desktop) whose page opened the console at
 * `where` (a path like `/jobs/<id>`, or a whole URL such as an e-mail's link), signed in as `user`.
 * A member (see `member`) arrives signed in with the session their invitation opened, kept where
 * the console keeps it, as a tab that signed in earlier would: signing in again through the form
 * for every test cost as much CPU as the screen under test. `form` (or `shot`, which records the
 * sign-in screen) signs in through the form instead; the tests of signing in and out do, and a
 * user without a kept session always does.
 */
export async function signedInConsole(
  browser: Browser,
  user: { email: string; password: string; session?: ConsoleSession },
  where = '',
  options: { desktop?: boolean; shot?: string; form?: boolean; context?: BrowserContext } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = options.context ?? (await (options.desktop ? desktopContext(browser) : phoneContext(browser)));
  const throughForm = options.form || options.shot !== undefined || !user.session;
  if (!throughForm) await keepSession(context, user.session as ConsoleSession);
  const page = await context.newPage();
  await page.goto(/^https?:/.test(where) ? where : `${consoleUrl()}${where}`);
  if (throughForm) await signInToConsole(page, user.email, user.password, options.shot);
  return { context, page };
}

/**
 * Puts `session` where the console keeps it (its tab's sessionStorage, under the key web/console's
 * auth uses) before the console's first page in each new tab of `context` loads: once per tab, so
 * signing out there stays signed out across reloads.
 */
async function keepSession(context: BrowserContext, session: ConsoleSession): Promise<void> {
  await context.addInitScript(
    ({ origin, value }) => {
      const { location, sessionStorage } = globalThis as unknown as {
        location: { origin: string };
        sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
      };
      if (location.origin !== origin || sessionStorage.getItem('fieldpass.test.session-kept')) return;
      sessionStorage.setItem('fieldpass.test.session-kept', 'yes');
      sessionStorage.setItem('fieldpass.console.session', value);
    },
    { origin: new URL(consoleUrl()).origin, value: JSON.stringify(session) },
  );
}

/**
 * The navigation of modules, opened: at 360 px it is a disclosure behind "Menu", which this opens
 * (on a desktop the list shows beside the content and there is no button).
 */
export async function modulesNav(page: Page) {
  const menu = page.getByRole('button', { name: 'Menu' });
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  return page.getByRole('navigation', { name: 'Modules' });
}
