import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, phoneContext, waitForCode } from '../support/browser';
import {
  allTypes,
  assignedJob,
  browserTimeout,
  type InPage,
  idTokenOf,
  item,
  jpeg,
  keepVerification,
  openVerified,
  type PortalFixture,
  portalFixture,
  recordScreen,
  signIn,
  staffAnswers,
  status,
  verificationOf,
} from '../support/portal-page';
import { codesTo } from '../support/portal-session';
import { api, send } from '../support/staff-session';

/*
 * The portal page in Chromium at phone size, against the local stack: the links and codes
 * come from the local inbox, as a user would get them.
 */

let browser: Browser;
let f: PortalFixture;

beforeAll(async () => {
  browser = await launchBrowser();
  f = await portalFixture('portalweb');
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

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
      const { ext, job, checklist, link } = await assignedJob(f, 'Gil', { items: allTypes });
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
      await expect(page.getByText(`${f.owner.user.givenName} ${f.owner.user.familyName}`).isVisible()).resolves.toBe(
        true,
      );
      await expect(page.locator('#progress-text').textContent()).resolves.toBe('0 of 10 required items answered.');
      await recordScreen(page, 'phone-4-checklist');

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
      // On a phone the camera opens at once for "Take a photo"; files can still be chosen.
      const camera = item(page, 'Gate photo').getByLabel('Take a photo');
      await expect(camera.getAttribute('capture')).resolves.toBe('environment');
      await camera.setInputFiles(jpeg('gate.jpg'));
      await item(page, 'Gate photo').getByRole('link', { name: 'gate.jpg' }).waitFor();
      await item(page, 'Gate photo').getByLabel('Choose photos or files (up to 3)').setInputFiles(jpeg('gate-2.jpg'));
      await item(page, 'Gate photo').getByRole('link', { name: 'gate-2.jpg' }).waitFor();
      // The signature is drawn on the pad with a finger (here the mouse), then used as a PNG.
      const pad = item(page, 'Signed off').getByRole('img', { name: /^Signature pad/ });
      await pad.scrollIntoViewIfNeeded();
      const box = await pad.boundingBox();
      if (!box) throw new Error('the signature pad is not shown');
      await page.mouse.move(box.x + 20, box.y + box.height / 2);
      await page.mouse.down();
      for (let x = 30; x < box.width - 20; x += 15) {
        await page.mouse.move(box.x + x, box.y + box.height / 2 + Math.sin(x / 15) * 20);
      }
      await page.mouse.up();
      await item(page, 'Signed off').getByRole('button', { name: 'Use this signature' }).click();
      await item(page, 'Signed off').getByRole('link', { name: 'signature.png' }).waitFor();
      // Signed: the pad gives way to the signature.
      await expect(pad.isVisible()).resolves.toBe(false);
      await item(page, 'Vest')
        .getByText(/^Comments/)
        .click();
      await item(page, 'Vest').getByLabel('Comment on “Vest”').fill('Spare vests at Gate C');
      await item(page, 'Vest').getByRole('button', { name: 'Add comment' }).click();
      await item(page, 'Vest').getByText('Spare vests at Gate C').waitFor();

      await page.getByText('All required items answered (10 of 10).').waitFor();
      await page.locator('.save-summary', { hasText: 'All changes saved' }).waitFor();
      await recordScreen(page, 'phone-5-all-answered');
      await page.evaluate(() => (globalThis as unknown as InPage).scrollTo(0, 0));
      await recordScreen(page, 'phone-5-all-answered-screen', { fullPage: false });

      const answers = await staffAnswers(f, `/jobs/${job.id}`);
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
      const { ext, link } = await assignedJob(f, 'Hal');
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
      const { ext, job, link } = await assignedJob(f, 'Ivy');
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
      const [key, value] = await verificationOf(page, job.id);
      const expired = { ...JSON.parse(value), verifiedUntil: new Date(Date.now() - 1000).toISOString() };
      await keepVerification(page, [key, JSON.stringify(expired)]);
      await page.reload();
      await page.getByRole('button', { name: 'Send me a code' }).waitFor();
      await page.close();
    },
    browserTimeout,
  );

  it(
    'keeps an answer saved offline, shows it as not saved, and lands it once when back online',
    async () => {
      const { ext, job, checklist, link } = await assignedJob(f, 'Jon');
      const page = await context.newPage();
      await openVerified(page, link, ext.email);
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
      await recordScreen(page, 'phone-6-offline');
      await context.setOffline(false);
      await status(page, 'Barrier').getByText('Saved', { exact: true }).waitFor({ timeout: 20_000 });

      const answers = await staffAnswers(f, `/jobs/${job.id}`);
      const barrier = checklist.sections[0].items.find((i: { label: string }) => i.label === 'Barrier');
      expect(answers).toEqual([expect.objectContaining({ checklistItemId: barrier.id, value: 'fail', version: 1 })]);
      await page.close();
    },
    browserTimeout,
  );

  it(
    'keeps an answer the connection dropped in the browser across a reload, and saves it then',
    async () => {
      const { ext, job, checklist, link } = await assignedJob(f, 'Kai');
      const page = await context.newPage();
      await openVerified(page, link, ext.email);
      await page.getByRole('heading', { name: job.title }).waitFor();

      // A flaky connection: every answer save is dropped before it reaches the API.
      await page.route('**/answer', (route) => route.abort('connectionreset'));
      await page.getByLabel(/^Note/).fill('Typed on a bad line');
      await page.getByLabel(/^Note/).blur();
      await status(page, 'Note').getByText('Not saved — will retry').waitFor();
      expect(await staffAnswers(f, `/jobs/${job.id}`)).toEqual([]);

      // The reloaded page shows the answer from the browser's storage (the API has none) and sends it again.
      await page.reload();
      await page.getByRole('heading', { name: job.title }).waitFor();
      await expect(page.getByLabel(/^Note/).inputValue()).resolves.toBe('Typed on a bad line');
      await status(page, 'Note').getByText('Not saved — will retry').waitFor();
      expect(await staffAnswers(f, `/jobs/${job.id}`)).toEqual([]);

      await page.unroute('**/answer');
      // Retry at once (the page's own retry timer may just have beaten the click to it).
      await status(page, 'Note')
        .getByRole('button', { name: 'Retry' })
        .click({ timeout: 2_000 })
        .catch(() => undefined);
      await status(page, 'Note').getByText('Saved', { exact: true }).waitFor();
      const note = checklist.sections[0].items.find((i: { label: string }) => i.label === 'Note');
      expect(await staffAnswers(f, `/jobs/${job.id}`)).toEqual([
        expect.objectContaining({ checklistItemId: note.id, value: 'Typed on a bad line', version: 1 }),
      ]);
      await page.close();
    },
    browserTimeout,
  );

  it(
    'shows an answer changed elsewhere meanwhile instead of overwriting it',
    async () => {
      const { ext, job, checklist, link } = await assignedJob(f, 'Kim');
      const page = await context.newPage();
      await openVerified(page, link, ext.email);
      await page.getByRole('heading', { name: job.title }).waitFor();
      await page.getByRole('group', { name: /^Vest/ }).getByLabel('Yes').check();
      await status(page, 'Vest').getByText('Saved', { exact: true }).waitFor();

      // The same person answers from another device meanwhile.
      const idToken = await idTokenOf(page, job.id);
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
      expect((await staffAnswers(f, `/jobs/${job.id}`)).find((a) => a.checklistItemId === vest.id)).toMatchObject({
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
      const { ext, job, link } = await assignedJob(f, 'Lea');
      const current = (await api(`/jobs/${job.id}`, { token: f.owner.token })).body;
      expect(
        (await send('PATCH', `/jobs/${job.id}`, f.owner.token, { version: current.version, status: 'completed' }))
          .status,
      ).toBe(200);
      const page = await context.newPage();
      await page.goto(link);
      await page.getByText('Job completed. You can read it, not change it.').waitFor();
      await signIn(page, link, ext.email);
      await page.getByRole('heading', { name: job.title }).waitFor();
      await expect(page.locator('.access').textContent()).resolves.toBe('Job completed — this job is read-only.');
      await expect(page.getByRole('group', { name: /^Vest/ }).getByLabel('Yes').isDisabled()).resolves.toBe(true);
      await expect(page.getByLabel(/^Note/).isDisabled()).resolves.toBe(true);
      await recordScreen(page, 'phone-7-completed');
      await page.close();
    },
    browserTimeout,
  );

  it(
    'shows a job past its due date read-only with "Job past due date"',
    async () => {
      const { ext, job, link } = await assignedJob(f, 'Max', { dueAt: '2026-01-01T09:00:00Z' });
      const page = await context.newPage();
      await openVerified(page, link, ext.email);
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
      const { ext, job, link } = await assignedJob(f, 'Ned');
      expect((await send('POST', `/jobs/${job.id}/assignments/${ext.id}/revoke`, f.owner.token, {})).status).toBe(200);
      const page = await context.newPage();
      await page.goto(link);
      await page.getByRole('heading', { name: 'No longer have access' }).waitFor();
      await expect(page.getByRole('button', { name: 'Send me a code' }).count()).resolves.toBe(0);
      await recordScreen(page, 'phone-8-revoked');
      await page.close();
    },
    browserTimeout,
  );

  it(
    'shows "No longer have access" when the assignment is revoked after signing in',
    async () => {
      const { ext, job, link } = await assignedJob(f, 'Ola');
      const page = await context.newPage();
      await openVerified(page, link, ext.email);
      await page.getByRole('heading', { name: job.title }).waitFor();
      expect((await send('POST', `/jobs/${job.id}/assignments/${ext.id}/revoke`, f.owner.token, {})).status).toBe(200);
      await page.getByRole('group', { name: /^Vest/ }).getByLabel('Yes').check();
      await page.getByRole('heading', { name: 'No longer have access' }).waitFor();
      await page.close();
    },
    browserTimeout,
  );
});
