import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, linkUrlsTo, phoneContext, screenshot, waitForCode } from '../support/browser';
import { codesTo } from '../support/portal-session';
import { api, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';

/*
 * The portal page in Debian's Chromium at phone size, against the local stack: the links and codes
 * come from the local inbox, as a user would get them.
 */

const browserTimeout = 60_000;

/** What the functions passed to page.evaluate use of the page's globals (this file is type-checked for Node). */
interface InPage {
  localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  scrollTo(x: number, y: number): void;
}
let browser: Browser;
let t: Tenant;
let owner: Awaited<ReturnType<typeof member>>;

beforeAll(async () => {
  browser = await launchBrowser();
  t = await newAccountWithAdmin('portalweb');
  owner = await member(t, 'general', 'portalowner', { jobs: { access: true } });
  expect(
    (await send('POST', '/account/terms', t.token, { text: 'Wear your vest.\nFollow the steward briefing.' })).status,
  ).toBe(201);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const allTypes = [
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

/** A job with one checklist assigned to a new external user; answers the link URL from their inbox. */
async function assignedJob(name: string, options: { dueAt?: string; items?: object[] } = {}) {
  const ext = (
    await send('POST', '/external-users', t.token, {
      givenName: name,
      familyName: 'Steward',
      email: newEmail(name.toLowerCase()),
    })
  ).body;
  const job = (
    await send('POST', '/jobs', owner.token, {
      title: `Match day sweep ${name}`,
      description: 'Sweep the west stand before the gates open.',
      dueAt: options.dueAt ?? '2027-06-01T09:00:00Z',
      location: { text: 'West stand, Gate C' },
      ownerIds: [owner.user.id],
      externalUsers: [{ id: ext.id }],
    })
  ).body;
  expect(job.id).toBeTruthy();
  const checklist = (
    await send('POST', `/jobs/${job.id}/checklists`, owner.token, {
      title: 'Pre-match sweep',
      sections: [{ title: 'West stand', items: options.items ?? allTypes.slice(0, 4) }],
    })
  ).body;
  expect(checklist.id).toBeTruthy();
  const [link] = await linkUrlsTo(ext.email);
  if (!link) throw new Error('no link e-mailed');
  return { ext, job, checklist, link };
}

/** Opens the link, asks for a code, enters it from the inbox and accepts the terms. */
async function signIn(page: Page, link: string, email: string, shots?: string) {
  await page.goto(link);
  await page.getByRole('button', { name: 'Send me a code' }).waitFor();
  if (shots) await screenshot(page, `${shots}-1-link`);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
  const code = await waitForCode(email, 0);
  await page.getByLabel('Code').fill(code);
  if (shots) await screenshot(page, `${shots}-2-code`);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'Terms & Conditions' }).waitFor();
  if (shots) await screenshot(page, `${shots}-3-terms`);
  await page.getByLabel('I have read and accept these terms').check();
  await page.getByRole('button', { name: 'Accept and continue' }).click();
}

const item = (page: Page, label: string) => page.locator(`[data-item="${label}"]`);
const status = (page: Page, label: string) => item(page, label).locator('.item-status');

async function staffAnswers(jobId: string) {
  const review = await api(`/jobs/${jobId}/checklists`, { token: owner.token });
  expect(review.status).toBe(200);
  return review.body.items[0].answers as { checklistItemId: string; value: unknown; version: number }[];
}

describe('the portal page at 360 × 740', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await phoneContext(browser);
  });
  afterAll(async () => {
    await context?.close();
  });

  it(
    'runs from the e-mailed link to "All required items answered", never putting the token in a URL',
    async () => {
      const { ext, job, checklist, link } = await assignedJob('Gil', { items: allTypes });
      const token = /#\/l\/(.+)$/.exec(link)?.[1] ?? '';
      const page = await context.newPage();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));

      await page.goto(link);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your assigned job');
      await expect(page.getByText('This job is open.').isVisible()).resolves.toBe(true);
      // Nothing is sent until the button is pressed.
      expect(await codesTo(ext.email)).toEqual([]);
      await signIn(page, link, ext.email, 'phone');

      await page.getByRole('heading', { name: job.title }).waitFor();
      await expect(page.getByText('West stand, Gate C').isVisible()).resolves.toBe(true);
      await expect(page.getByText(`${owner.user.givenName} ${owner.user.familyName}`).isVisible()).resolves.toBe(true);
      await expect(page.locator('#progress-text').textContent()).resolves.toBe('0 of 10 required items answered.');
      await screenshot(page, 'phone-4-checklist');

      await page.getByRole('group', { name: /^Vest/ }).getByLabel('Yes').check();
      await page
        .getByRole('group', { name: /^Barrier/ })
        .getByLabel('Pass')
        .check();
      await page.getByLabel(/^Note/).fill('All clear');
      await page.getByLabel(/^Note/).blur();
      await page.getByLabel(/^Count/).fill('12');
      await page.getByLabel(/^Count/).blur();
      await page.getByLabel(/^Date/).fill('2026-12-02');
      await page.getByLabel(/^Locked at/).fill('2026-12-02T21:30');
      await page.getByLabel(/^Locked at/).blur();
      await page
        .getByRole('group', { name: /^Weather/ })
        .getByLabel('Dry')
        .check();
      const exits = page.getByRole('group', { name: /^Exits/ });
      await exits.getByLabel('North').check();
      await exits.getByLabel('South').check();
      await page.getByLabel(/^Gate photo/).setInputFiles({
        name: 'gate.jpg',
        mimeType: 'image/jpeg',
        buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]),
      });
      await item(page, 'Gate photo').getByRole('link', { name: 'gate.jpg' }).waitFor();
      await page.getByLabel(/^Signed off/).setInputFiles({
        name: 'signature.png',
        mimeType: 'image/png',
        buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]),
      });
      await item(page, 'Signed off').getByRole('link', { name: 'signature.png' }).waitFor();
      await item(page, 'Vest')
        .getByText(/^Comments/)
        .click();
      await item(page, 'Vest').getByLabel('Comment on “Vest”').fill('Spare vests at Gate C');
      await item(page, 'Vest').getByRole('button', { name: 'Add comment' }).click();
      await item(page, 'Vest').getByText('Spare vests at Gate C').waitFor();

      await page.getByText('All required items answered (10 of 10).').waitFor();
      await page.locator('.save-summary', { hasText: 'All changes saved' }).waitFor();
      await screenshot(page, 'phone-5-all-answered');
      await page.evaluate(() => (globalThis as unknown as InPage).scrollTo(0, 0));
      await screenshot(page, 'phone-5-all-answered-screen', { fullPage: false });

      const answers = await staffAnswers(job.id);
      const byLabel = Object.fromEntries(
        answers.map((a) => [
          checklist.sections[0].items.find((i: { id: string }) => i.id === a.checklistItemId)?.label,
          a.value,
        ]),
      );
      expect(byLabel).toMatchObject({
        Vest: 'yes',
        Barrier: 'pass',
        Note: 'All clear',
        Count: 12,
        Date: '2026-12-02',
        'Locked at': '2026-12-02T21:30:00.000Z',
        Weather: 'Dry',
        Exits: ['North', 'South'],
      });
      expect(answers).toHaveLength(10);
      expect(requested.length).toBeGreaterThan(5);
      expect(requested.filter((url) => url.includes(token))).toEqual([]);
      await page.close();
    },
    browserTimeout,
  );

  it(
    'shows the wait before a new code can be sent, and a wrong code with the tries left',
    async () => {
      const { ext, link } = await assignedJob('Hal');
      const page = await context.newPage();
      await page.goto(link);
      await page.getByRole('button', { name: 'Send me a code' }).click();
      await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
      await expect(page.getByRole('button', { name: 'Send a new code' }).isDisabled()).resolves.toBe(true);
      await expect(page.getByText(/You can ask for a new code in \d+ s\./).isVisible()).resolves.toBe(true);
      const right = await waitForCode(ext.email, 0);
      await page.getByLabel('Code').fill(right === '000000' ? '111111' : '000000');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByText('That code is not right. 2 tries left.').waitFor();
      await page.getByLabel('Code').fill(right);
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('heading', { name: 'Terms & Conditions' }).waitFor();
      await page.close();
    },
    browserTimeout,
  );

  it(
    'keeps the answers across a reload without asking for a code again, and asks again after 24 hours',
    async () => {
      const { ext, job, link } = await assignedJob('Ivy');
      const page = await context.newPage();
      await signIn(page, link, ext.email);
      await page.getByRole('heading', { name: job.title }).waitFor();
      await page.getByRole('group', { name: /^Vest/ }).getByLabel('No').check();
      await page.getByLabel(/^Note/).fill('Half way');
      await page.getByLabel(/^Note/).blur();
      await page.locator('.save-summary', { hasText: 'All changes saved' }).waitFor();
      await expect(status(page, 'Note').textContent()).resolves.toBe('Saved');

      await page.reload();
      await page.getByRole('heading', { name: job.title }).waitFor();
      await expect(page.getByRole('group', { name: /^Vest/ }).getByLabel('No').isChecked()).resolves.toBe(true);
      await expect(page.getByLabel(/^Note/).inputValue()).resolves.toBe('Half way');
      await expect(page.locator('#progress-text').textContent()).resolves.toBe('2 of 3 required items answered.');

      // The verification the browser keeps ends after 24 hours: the page asks for a code again.
      await page.evaluate((jobId) => {
        const { localStorage } = globalThis as unknown as InPage;
        for (const key of Object.keys(localStorage)) {
          const stored = JSON.parse(localStorage.getItem(key) ?? '{}');
          if (!key.startsWith('fieldpass.portal.verification.') || stored.item?.id !== jobId) continue;
          const expired = { ...stored, verifiedUntil: new Date(Date.now() - 1000).toISOString() };
          localStorage.setItem(key, JSON.stringify(expired));
        }
      }, job.id);
      await page.reload();
      await page.getByRole('button', { name: 'Send me a code' }).waitFor();
      await page.close();
    },
    browserTimeout,
  );

  it(
    'keeps an answer saved offline, shows it as not saved, and lands it once when back online',
    async () => {
      const { ext, job, checklist, link } = await assignedJob('Jon');
      const page = await context.newPage();
      await signIn(page, link, ext.email);
      await page.getByRole('heading', { name: job.title }).waitFor();

      await context.setOffline(true);
      await page
        .getByRole('group', { name: /^Barrier/ })
        .getByLabel('Fail')
        .check();
      await status(page, 'Barrier').getByText('Not saved — will retry').waitFor();
      await expect(page.locator('.save-summary').textContent()).resolves.toBe(
        '1 answer not saved — kept on this device and retried',
      );
      await screenshot(page, 'phone-6-offline');
      await context.setOffline(false);
      await status(page, 'Barrier').getByText('Saved', { exact: true }).waitFor({ timeout: 20_000 });

      const answers = await staffAnswers(job.id);
      const barrier = checklist.sections[0].items.find((i: { label: string }) => i.label === 'Barrier');
      expect(answers).toEqual([expect.objectContaining({ checklistItemId: barrier.id, value: 'fail', version: 1 })]);
      await page.close();
    },
    browserTimeout,
  );

  it(
    'keeps an answer the connection dropped in the browser across a reload, and saves it then',
    async () => {
      const { ext, job, checklist, link } = await assignedJob('Kai');
      const page = await context.newPage();
      await signIn(page, link, ext.email);
      await page.getByRole('heading', { name: job.title }).waitFor();

      // A flaky connection: every answer save is dropped before it reaches the API.
      await page.route('**/answer', (route) => route.abort('connectionreset'));
      await page.getByLabel(/^Note/).fill('Typed on a bad line');
      await page.getByLabel(/^Note/).blur();
      await status(page, 'Note').getByText('Not saved — will retry').waitFor();
      expect(await staffAnswers(job.id)).toEqual([]);

      // The reloaded page shows the answer from the browser's storage (the API has none) and sends it again.
      await page.reload();
      await page.getByRole('heading', { name: job.title }).waitFor();
      await expect(page.getByLabel(/^Note/).inputValue()).resolves.toBe('Typed on a bad line');
      await status(page, 'Note').getByText('Not saved — will retry').waitFor();
      expect(await staffAnswers(job.id)).toEqual([]);

      await page.unroute('**/answer');
      // Retry at once (the page's own retry timer may just have beaten the click to it).
      await status(page, 'Note')
        .getByRole('button', { name: 'Retry' })
        .click({ timeout: 2_000 })
        .catch(() => undefined);
      await status(page, 'Note').getByText('Saved', { exact: true }).waitFor();
      const note = checklist.sections[0].items.find((i: { label: string }) => i.label === 'Note');
      expect(await staffAnswers(job.id)).toEqual([
        expect.objectContaining({ checklistItemId: note.id, value: 'Typed on a bad line', version: 1 }),
      ]);
      await page.close();
    },
    browserTimeout,
  );

  it(
    'shows an answer changed elsewhere meanwhile instead of overwriting it',
    async () => {
      const { ext, job, checklist, link } = await assignedJob('Kim');
      const page = await context.newPage();
      await signIn(page, link, ext.email);
      await page.getByRole('heading', { name: job.title }).waitFor();
      await page.getByRole('group', { name: /^Vest/ }).getByLabel('Yes').check();
      await status(page, 'Vest').getByText('Saved', { exact: true }).waitFor();

      // The same person answers from another device meanwhile.
      // The browser keeps one verification per link (other tests' links share this context's storage).
      const idToken = await page.evaluate((jobId) => {
        const { localStorage } = globalThis as unknown as InPage;
        for (const key of Object.keys(localStorage)) {
          const stored = JSON.parse(localStorage.getItem(key) ?? '{}');
          if (key.startsWith('fieldpass.portal.verification.') && stored.item?.id === jobId)
            return stored.idToken as string;
        }
        throw new Error('no verification kept for the job');
      }, job.id);
      const vest = checklist.sections[0].items.find((i: { label: string }) => i.label === 'Vest');
      const elsewhere = await send(
        'PUT',
        `/portal/jobs/${job.id}/checklists/${checklist.id}/items/${vest.id}/answer`,
        idToken,
        {
          value: 'na',
          version: 1,
          requestId: randomUUID(),
        },
      );
      expect(elsewhere.status).toBe(200);

      await page.getByRole('group', { name: /^Vest/ }).getByLabel('No').check();
      await item(page, 'Vest')
        .getByText(/Changed elsewhere meanwhile: the saved answer is “N\/A”, yours is “No”/)
        .waitFor();
      expect((await staffAnswers(job.id)).find((a) => a.checklistItemId === vest.id)).toMatchObject({
        value: 'na',
        version: 2,
      });
      await page.close();
    },
    browserTimeout,
  );
});

describe('the portal page for a link without full access', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await phoneContext(browser);
  });
  afterAll(async () => {
    await context?.close();
  });

  it(
    'shows a completed job read-only with "Job completed"',
    async () => {
      const { ext, job, link } = await assignedJob('Lea');
      const current = (await api(`/jobs/${job.id}`, { token: owner.token })).body;
      expect(
        (await send('PATCH', `/jobs/${job.id}`, owner.token, { version: current.version, status: 'completed' })).status,
      ).toBe(200);
      const page = await context.newPage();
      await page.goto(link);
      await page.getByText('Job completed. You can read it, not change it.').waitFor();
      await signIn(page, link, ext.email);
      await page.getByRole('heading', { name: job.title }).waitFor();
      await expect(page.locator('.access').textContent()).resolves.toBe('Job completed — this job is read-only.');
      await expect(page.getByRole('group', { name: /^Vest/ }).getByLabel('Yes').isDisabled()).resolves.toBe(true);
      await expect(page.getByLabel(/^Note/).isDisabled()).resolves.toBe(true);
      await screenshot(page, 'phone-7-completed');
      await page.close();
    },
    browserTimeout,
  );

  it(
    'shows a job past its due date read-only with "Job past due date"',
    async () => {
      const { ext, job, link } = await assignedJob('Max', { dueAt: '2026-01-01T09:00:00Z' });
      const page = await context.newPage();
      await signIn(page, link, ext.email);
      await page.getByRole('heading', { name: job.title }).waitFor();
      await expect(page.locator('.access').textContent()).resolves.toBe('Job past due date — this job is read-only.');
      await expect(
        page
          .getByRole('group', { name: /^Barrier/ })
          .getByLabel('Pass')
          .isDisabled(),
      ).resolves.toBe(true);
      await page.close();
    },
    browserTimeout,
  );

  it(
    'shows "No longer have access" for a revoked assignment, with nothing to sign in to',
    async () => {
      const { ext, job, link } = await assignedJob('Ned');
      expect((await send('POST', `/jobs/${job.id}/assignments/${ext.id}/revoke`, owner.token, {})).status).toBe(200);
      const page = await context.newPage();
      await page.goto(link);
      await page.getByRole('heading', { name: 'No longer have access' }).waitFor();
      await expect(page.getByRole('button', { name: 'Send me a code' }).count()).resolves.toBe(0);
      await screenshot(page, 'phone-8-revoked');
      await page.close();
    },
    browserTimeout,
  );

  it(
    'shows "No longer have access" when the assignment is revoked after signing in',
    async () => {
      const { ext, job, link } = await assignedJob('Ola');
      const page = await context.newPage();
      await signIn(page, link, ext.email);
      await page.getByRole('heading', { name: job.title }).waitFor();
      expect((await send('POST', `/jobs/${job.id}/assignments/${ext.id}/revoke`, owner.token, {})).status).toBe(200);
      await page.getByRole('group', { name: /^Vest/ }).getByLabel('Yes').check();
      await page.getByRole('heading', { name: 'No longer have access' }).waitFor();
      await page.close();
    },
    browserTimeout,
  );
});
