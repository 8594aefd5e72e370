import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { accessibilityViolations, linkUrlsTo, screenshot, waitForCode } from './browser';
import { daysFromNow } from './dates';
import { portal, portalSignIn } from './portal-session';
import { api, member, newAccountWithAdmin, newEmail, send, type Tenant } from './staff-session';

/*
 * What the portal page's browser tests share: an account with terms and a job owner, items
 * assigned to new external users (the link comes from the local inbox), and signing in as a user
 * would, through the page.
 */

export const browserTimeout = 60_000;

/** What the functions passed to page.evaluate use of the page's globals (the tests are type-checked for Node). */
export interface InPage {
  localStorage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    [key: string]: unknown;
  };
  scrollTo(x: number, y: number): void;
  innerWidth: number;
  document: { documentElement: { scrollWidth: number } };
}

/** Every response type, in the order a checklist shows them. */
export const allTypes = [
  { label: 'Read the briefing', response: { type: 'instruction' } },
  { label: 'Vest', required: true, response: { type: 'yes_no_na' } },
  { label: 'Barrier', required: true, response: { type: 'pass_fail_na' } },
  { label: 'Note', required: true, help: 'Anything the owner should know', response: { type: 'text' } },
  { label: 'Count', required: true, response: { type: 'number', min: 0, max: 100, unit: 'people' } },
  { label: 'Date', required: true, response: { type: 'date' } },
  { label: 'Locked at', required: true, response: { type: 'datetime' } },
  { label: 'Weather', required: true, response: { type: 'single_choice', options: ['Dry', 'Wet'] } },
  { label: 'Exits', required: true, response: { type: 'multiple_choice', options: ['North', 'South'] } },
  { label: 'Gate photo', required: true, response: { type: 'photo', maxFiles: 3 } },
  { label: 'Signed off', required: true, response: { type: 'signature' } },
  { label: 'Extra remark', response: { type: 'text' } },
];

/** A JPEG's first bytes, as the confirm checks them. */
export const jpeg = (name: string) => ({
  name,
  mimeType: 'image/jpeg',
  buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]),
});

export interface PortalFixture {
  t: Tenant;
  owner: Awaited<ReturnType<typeof member>>;
}

/** A new account with terms to accept and a General member owning jobs. */
export async function portalFixture(label: string): Promise<PortalFixture> {
  const t = await newAccountWithAdmin(label);
  const owner = await member(t, 'general', `${label}owner`, { jobs: { access: true } });
  expect(
    (await send('POST', '/account/terms', t.token, { text: 'Wear your vest.\nFollow the steward briefing.' })).status,
  ).toBe(201);
  return { t, owner };
}

async function newExternal(f: PortalFixture, name: string) {
  const ext = (
    await send('POST', '/external-users', f.t.token, {
      givenName: name,
      familyName: 'Steward',
      email: newEmail(name.toLowerCase()),
    })
  ).body;
  expect(ext.id).toBeTruthy();
  return ext as { id: string; email: string };
}

async function firstLink(email: string): Promise<string> {
  const [link] = await linkUrlsTo(email);
  if (!link) throw new Error('no link e-mailed');
  return link;
}

/** A job with one checklist assigned to a new external user; answers the link URL from their inbox. */
export async function assignedJob(f: PortalFixture, name: string, options: { dueAt?: string; items?: object[] } = {}) {
  const ext = await newExternal(f, name);
  const job = (
    await send('POST', '/jobs', f.owner.token, {
      title: `Match day sweep ${name}`,
      description: 'Sweep the west stand before the gates open.',
      dueAt: options.dueAt ?? daysFromNow(180),
      location: { text: 'West stand, Gate C' },
      ownerIds: [f.owner.user.id],
      externalUsers: [{ id: ext.id }],
    })
  ).body;
  expect(job.id).toBeTruthy();
  const checklist = (
    await send('POST', `/jobs/${job.id}/checklists`, f.owner.token, {
      title: 'Pre-match sweep',
      sections: [{ title: 'West stand', items: options.items ?? allTypes.slice(0, 4) }],
    })
  ).body;
  expect(checklist.id).toBeTruthy();
  return { ext, job, checklist, link: await firstLink(ext.email) };
}

/** An incident with one checklist assigned to a new external user (the account's admin owns it). */
export async function assignedIncident(f: PortalFixture, name: string, items: object[]) {
  const ext = await newExternal(f, name);
  const incident = (
    await send('POST', '/incidents', f.t.token, {
      title: `Crowd surge ${name}`,
      description: 'Pressure at the front barrier during the encore.',
      severity: 'high',
      raisedAt: '2026-11-20T21:00:00Z',
      location: { text: 'Pit, front barrier' },
      ownerIds: [f.t.admin.id],
      externalUsers: [{ id: ext.id }],
    })
  ).body;
  expect(incident.id).toBeTruthy();
  const checklist = (
    await send('POST', `/incidents/${incident.id}/checklists`, f.t.token, {
      title: 'Barrier check',
      sections: [{ title: 'Front barrier', items }],
    })
  ).body;
  expect(checklist.id).toBeTruthy();
  return { ext, incident, checklist, link: await firstLink(ext.email) };
}

/**
 * Writes a screenshot of the screen shown, and expects it to fit the viewport's width (nothing to
 * scroll sideways on a phone) and axe-core to find nothing wrong with it.
 */
export async function recordScreen(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  await screenshot(page, name, options);
  const widths = await page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as InPage;
    return { page: document.documentElement.scrollWidth, viewport: innerWidth };
  });
  expect(widths.page, `${name} scrolls sideways`).toBeLessThanOrEqual(widths.viewport);
  expect(await accessibilityViolations(page), name).toEqual([]);
}

/**
 * Opens the link, asks for a code, enters it from the inbox and accepts the terms; with `shots`,
 * records each screen on the way (a screenshot, and no accessibility finding).
 */
export async function signIn(page: Page, link: string, email: string, shots?: string) {
  await page.goto(link);
  await page.getByRole('button', { name: 'Send me a code' }).waitFor();
  if (shots) await recordScreen(page, `${shots}-1-link`);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
  const code = await waitForCode(email, 0);
  await page.getByLabel('Code').fill(code);
  if (shots) await recordScreen(page, `${shots}-2-code`);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'Terms & Conditions' }).waitFor();
  if (shots) await recordScreen(page, `${shots}-3-terms`);
  await page.getByLabel('I have read and accept these terms').check();
  await page.getByRole('button', { name: 'Accept and continue' }).click();
}

/**
 * Opens the link on `page` as a person who signed in on this browser before: the code asked for,
 * read from the inbox and verified, and the terms accepted, through the API; the verification is
 * kept where the page keeps it (store.ts: the person's under the token's subject, the link's
 * record under a hash of its token), once, before the page first loads in the context. Signing in
 * through the page's three screens is what `signIn` does, for the tests of signing in; this is for
 * the tests of what follows, which paid as much CPU for those screens as for their own.
 */
export async function openVerified(page: Page, link: string, email: string) {
  const token = /#\/l\/([A-Za-z0-9_-]{43})$/.exec(link)?.[1];
  if (!token) throw new Error(`not a portal link: ${link}`);
  const verified = await portalSignIn(token, email);
  expect((await portal('POST', '/portal/terms/acceptance', verified.idToken, { version: 1 })).status).toBe(200);
  const claims = JSON.parse(Buffer.from(verified.idToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
  const person = claims.sub as string;
  const linkKey = createHash('sha256').update(token).digest('hex').slice(0, 32);
  const kept = {
    [`fieldpass.portal.person.${person}`]: JSON.stringify({
      idToken: verified.idToken,
      verifiedUntil: verified.verifiedUntil,
    }),
    [`fieldpass.portal.link.${linkKey}`]: JSON.stringify({ person, item: verified.item }),
  };
  await page.context().addInitScript(
    ({ origin, marker, entries }) => {
      const { location, localStorage } = globalThis as unknown as InPage & { location: { origin: string } };
      if (location.origin !== origin || localStorage.getItem(marker)) return;
      localStorage.setItem(marker, 'yes');
      for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
    },
    { origin: new URL(link).origin, marker: `fieldpass.test.kept.${linkKey}`, entries: kept },
  );
  await page.goto(link);
}

/** One checklist item on the page, by its label. */
export const item = (page: Page, label: string) => page.locator(`[data-item="${label}"]`);
/** Its save state ("Saved", "Not saved — will retry" …). */
export const status = (page: Page, label: string) => item(page, label).locator('.item-status');

/** The checklist as its owner's review shows it: answers, comments and confirmed attachments. */
export async function staffReview(f: PortalFixture, path: string) {
  const review = await api(`${path}/checklists`, { token: path.startsWith('/jobs') ? f.owner.token : f.t.token });
  expect(review.status).toBe(200);
  return review.body.items[0] as {
    answers: { checklistItemId: string; value: unknown; version: number }[];
    comments: { id: string; text: string; checklistItemId: string }[];
    attachments: { id: string; fileName: string; checklistItemId: string }[];
  };
}

/** The answers as the owner's review shows them. */
export const staffAnswers = async (f: PortalFixture, path: string) => (await staffReview(f, path)).answers;

/**
 * The verification the page opens the item with: the person's (one per person, kept under the
 * token's subject), found through the record of the link that opens the item. Its localStorage key
 * and value.
 */
export function verificationOf(page: Page, itemId: string): Promise<[string, string]> {
  return page.evaluate((id) => {
    const { localStorage } = globalThis as unknown as InPage;
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith('fieldpass.portal.link.')) continue;
      const record = JSON.parse(localStorage.getItem(key) ?? '{}');
      if (record.item?.id !== id) continue;
      const personKey = `fieldpass.portal.person.${record.person}`;
      const value = localStorage.getItem(personKey);
      if (value) return [personKey, value];
    }
    throw new Error('no verification kept for the item');
  }, itemId) as Promise<[string, string]>;
}

/** The ID token the page keeps for the item. */
export const idTokenOf = async (page: Page, itemId: string): Promise<string> =>
  JSON.parse((await verificationOf(page, itemId))[1]).idToken;

/** Puts a verification back, or in place of the kept one (as another visit would leave it). */
export const keepVerification = (page: Page, kept: [string, string]) =>
  page.evaluate(([key, value]) => (globalThis as unknown as InPage).localStorage.setItem(key, value), kept);

/** The id of the checklist item labelled `label`. */
export const itemId = (checklist: { sections: { items: { id: string; label: string }[] }[] }, label: string) => {
  const found = checklist.sections.flatMap((s) => s.items).find((i) => i.label === label);
  if (!found) throw new Error(`no item ${label}`);
  return found.id;
};
