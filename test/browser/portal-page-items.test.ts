import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, phoneContext, screenshot } from '../support/browser';
import {
  assignedJob,
  browserTimeout,
  idTokenOf,
  item,
  itemId,
  jpeg,
  keepVerification,
  openVerified,
  type PortalFixture,
  portalFixture,
  staffReview,
  status,
  verificationOf,
} from '../support/portal-page';
import { linksTo, portal, portalSignIn } from '../support/portal-session';
import { newEmail, send } from '../support/staff-session';

/*
 * Comments and files on the portal page at phone size: one's own can be changed and deleted, a
 * change made elsewhere is shown rather than overwritten, and a file that could not be sent is
 * kept and sent once when the connection is back.
 */

let browser: Browser;
let f: PortalFixture;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  f = await portalFixture('portalitems');
  context = await phoneContext(browser);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const photoItems = [
  { label: 'Vest', required: true, response: { type: 'yes_no_na' } },
  { label: 'Gate photo', required: true, response: { type: 'photo', maxFiles: 2 } },
  { label: 'Signed off', response: { type: 'signature' } },
];

/** A job with the photo items, open on a new page at the job's checklist (verified before: see openVerified). */
async function openJob(name: string, items: object[] = photoItems) {
  const assigned = await assignedJob(f, name, { items });
  const page = await context.newPage();
  await openVerified(page, assigned.link, assigned.ext.email);
  await page.getByRole('heading', { name: assigned.job.title }).waitFor();
  return { ...assigned, page, path: `/jobs/${assigned.job.id}` };
}

const chooser = (page: Page) => item(page, 'Gate photo').getByLabel('Choose photos or files (up to 2)');

async function sign(page: Page) {
  const pad = item(page, 'Signed off').getByRole('img', { name: /^Signature pad/ });
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('the signature pad is not shown');
  await page.mouse.move(box.x + 20, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 100, { steps: 8 });
  await page.mouse.move(box.x + 200, box.y + 30, { steps: 8 });
  await page.mouse.up();
}

describe('comments on the portal page', () => {
  it(
    'edits and deletes your own comment, and shows a comment changed elsewhere instead of overwriting it',
    async () => {
      const { page, path, job, checklist } = await openJob('Pia');
      const vest = item(page, 'Vest');
      await vest.getByText(/^Comments/).click();
      await vest.getByLabel('Comment on “Vest”').fill('Two vests short');
      await vest.getByRole('button', { name: 'Add comment' }).click();
      await vest.getByText('Two vests short').waitFor();
      await expect(vest.getByText('Comments (1)').isVisible()).resolves.toBe(true);

      await vest.getByRole('button', { name: 'Edit your comment “Two vests short”' }).click();
      await vest.getByLabel('Edit your comment').fill('Three vests short');
      await vest.getByRole('button', { name: 'Save' }).click();
      await vest.getByText('Three vests short').waitFor();
      expect((await staffReview(f, path)).comments).toEqual([
        expect.objectContaining({ text: 'Three vests short', checklistItemId: itemId(checklist, 'Vest') }),
      ]);

      // The same person edits it from another device meanwhile.
      const [stored] = (await staffReview(f, path)).comments;
      const elsewhere = await send(
        'PATCH',
        `/portal/jobs/${job.id}/checklists/${checklist.id}/items/${itemId(checklist, 'Vest')}/comments/${stored?.id}`,
        await idTokenOf(page, job.id),
        { text: 'Vests found', version: 2 },
      );
      expect(elsewhere.status).toBe(200);
      await vest.getByRole('button', { name: 'Edit your comment “Three vests short”' }).click();
      await vest.getByLabel('Edit your comment').fill('Four vests short');
      await vest.getByRole('button', { name: 'Save' }).click();
      await vest
        .getByText('Changed elsewhere meanwhile: it now says “Vests found”. Save again to replace it with yours.')
        .waitFor();
      expect((await staffReview(f, path)).comments[0]?.text).toBe('Vests found');
      // Saving again is a deliberate choice to replace it.
      await vest.getByRole('button', { name: 'Save' }).click();
      await vest.getByText('Four vests short').waitFor();
      expect((await staffReview(f, path)).comments[0]?.text).toBe('Four vests short');

      await vest.getByRole('button', { name: 'Delete your comment “Four vests short”' }).click();
      await vest.getByRole('button', { name: 'Keep it' }).click();
      await vest.getByText('Four vests short').waitFor();
      await vest.getByRole('button', { name: 'Delete your comment “Four vests short”' }).click();
      await vest.getByRole('button', { name: 'Delete comment' }).click();
      await vest.getByText('Comments (0)').waitFor();
      expect((await staffReview(f, path)).comments).toEqual([]);
      await page.close();
    },
    browserTimeout,
  );

  it(
    "shows another assignee's comment and file without Edit or Delete, and one's own with them",
    async () => {
      const { page, job, checklist } = await openJob('Wyn');
      // A second steward on the same job comments and attaches a photo through the API.
      const other = (
        await send('POST', '/external-users', f.t.token, {
          givenName: 'Xan',
          familyName: 'Steward',
          email: newEmail('xan'),
        })
      ).body;
      expect((await send('POST', `/jobs/${job.id}/assignments`, f.owner.token, { id: other.id })).status).toBe(201);
      const [token] = await linksTo(other.email);
      const { idToken } = await portalSignIn(token ?? '', other.email);
      expect((await portal('POST', '/portal/terms/acceptance', idToken, { version: 1 })).status).toBe(200);
      const base = `/portal/jobs/${job.id}/checklists/${checklist.id}/items`;
      const vestId = itemId(checklist, 'Vest');
      expect(
        (await portal('POST', `${base}/${vestId}/comments`, idToken, { text: 'Spare vests at Gate D' })).status,
      ).toBe(201);
      const photo = jpeg('theirs.jpg');
      const started = await portal('POST', `${base}/${itemId(checklist, 'Gate photo')}/attachments`, idToken, {
        fileName: photo.name,
        contentType: photo.mimeType,
        size: photo.buffer.length,
      });
      expect(started.status).toBe(201);
      const put = await fetch(started.body.upload.url, {
        method: 'PUT',
        headers: started.body.upload.headers,
        body: photo.buffer,
      });
      expect(put.ok).toBe(true);
      const confirmPath = `${base}/${itemId(checklist, 'Gate photo')}/attachments/${started.body.attachment.id}/confirm`;
      expect((await portal('POST', confirmPath, idToken)).status).toBe(200);

      await page.reload();
      await page.getByRole('heading', { name: job.title }).waitFor();
      const vest = item(page, 'Vest');
      await vest.getByText(/^Comments/).click();
      await vest.getByLabel('Comment on “Vest”').fill('Mine at Gate C');
      await vest.getByRole('button', { name: 'Add comment' }).click();
      await vest.getByRole('button', { name: 'Edit your comment “Mine at Gate C”' }).waitFor();
      await expect(vest.getByText('Another assignee Spare vests at Gate D').isVisible()).resolves.toBe(true);
      await expect(vest.getByRole('button', { name: /Spare vests at Gate D/ }).count()).resolves.toBe(0);

      await item(page, 'Gate photo').getByRole('link', { name: 'theirs.jpg' }).waitFor();
      await expect(
        item(page, 'Gate photo')
          .getByRole('button', { name: /theirs\.jpg/ })
          .count(),
      ).resolves.toBe(0);
      await chooser(page).setInputFiles(jpeg('mine.jpg'));
      await item(page, 'Gate photo').getByRole('button', { name: 'Delete mine.jpg' }).waitFor();
      await page.close();
    },
    browserTimeout,
  );

  it(
    'refuses an empty edit in the page, sending nothing',
    async () => {
      const { page, path } = await openJob('Quin');
      const vest = item(page, 'Vest');
      await vest.getByText(/^Comments/).click();
      await vest.getByRole('button', { name: 'Add comment' }).click();
      await vest.getByText('Write a comment first.').waitFor();
      await vest.getByLabel('Comment on “Vest”').fill('Gate C ok');
      await vest.getByRole('button', { name: 'Add comment' }).click();
      await vest.getByRole('button', { name: 'Edit your comment “Gate C ok”' }).click();
      await vest.getByLabel('Edit your comment').fill('   ');
      await vest.getByRole('button', { name: 'Save' }).click();
      await vest.getByText('Write a comment, or delete it instead.').waitFor();
      expect((await staffReview(f, path)).comments.map((c) => c.text)).toEqual(['Gate C ok']);
      await page.close();
    },
    browserTimeout,
  );
});

describe('files on the portal page', () => {
  it(
    'deletes your own photo, taking it out of the answer and the progress',
    async () => {
      const { page, path, checklist } = await openJob('Rex');
      await chooser(page).setInputFiles([jpeg('north.jpg'), jpeg('south.jpg')]);
      await item(page, 'Gate photo').getByRole('link', { name: 'south.jpg' }).waitFor();
      await item(page, 'Gate photo').getByRole('link', { name: 'north.jpg' }).waitFor();
      await page.getByText('1 of 2 required items answered.').waitFor();
      // The item is full: the chooser is off and says why.
      await expect(chooser(page).isDisabled()).resolves.toBe(true);
      await item(page, 'Gate photo').getByText('That is 2 of 2 files: delete one to add another.').waitFor();

      await item(page, 'Gate photo').getByRole('button', { name: 'Delete north.jpg' }).click();
      await item(page, 'Gate photo').getByRole('link', { name: 'north.jpg' }).waitFor({ state: 'detached' });
      await expect(chooser(page).isDisabled()).resolves.toBe(false);
      let review = await staffReview(f, path);
      expect(review.attachments.map((a) => a.fileName)).toEqual(['south.jpg']);
      expect(review.answers.find((a) => a.checklistItemId === itemId(checklist, 'Gate photo'))?.value).toEqual([
        review.attachments[0]?.id,
      ]);

      await item(page, 'Gate photo').getByRole('button', { name: 'Delete south.jpg' }).click();
      await page.getByText('0 of 2 required items answered.').waitFor();
      review = await staffReview(f, path);
      expect(review.attachments).toEqual([]);
      expect(review.answers.find((a) => a.checklistItemId === itemId(checklist, 'Gate photo'))?.value ?? null).toBe(
        null,
      );
      await page.close();
    },
    browserTimeout,
  );

  it(
    'refuses a file that is not what its name says, and keeps nothing of it',
    async () => {
      const { page, path } = await openJob('Sol');
      await chooser(page).setInputFiles({
        name: 'photo.jpg',
        mimeType: 'image/jpeg',
        buffer: Buffer.from('<script>alert(1)</script>'),
      });
      await status(page, 'Gate photo')
        .getByText(/^Not saved: photo\.jpg: /)
        .waitFor();
      await expect(item(page, 'Gate photo').getByRole('link').count()).resolves.toBe(0);
      expect((await staffReview(f, path)).attachments).toEqual([]);
      await page.close();
    },
    browserTimeout,
  );

  it(
    'keeps a photo chosen offline and uploads it once when the connection is back',
    async () => {
      const { page, path } = await openJob('Tam');
      await context.setOffline(true);
      await chooser(page).setInputFiles(jpeg('offline.jpg'));
      await status(page, 'Gate photo')
        .getByText(/^Not saved: offline\.jpg: no connection/)
        .waitFor();
      await item(page, 'Gate photo').getByText('offline.jpg — not uploaded yet').waitFor();
      await expect(page.locator('.save-summary').textContent()).resolves.toBe(
        '1 answer not saved — kept on this device and retried',
      );
      await screenshot(page, 'phone-9-photo-offline');
      await context.setOffline(false);
      await item(page, 'Gate photo').getByRole('link', { name: 'offline.jpg' }).waitFor({ timeout: 20_000 });
      await status(page, 'Gate photo').getByText('Saved', { exact: true }).waitFor();
      expect((await staffReview(f, path)).attachments.map((a) => a.fileName)).toEqual(['offline.jpg']);
      await page.close();
    },
    browserTimeout,
  );

  it(
    'keeps a photo that could not be sent across a reload, and sends it once then',
    async () => {
      const { page, path, job } = await openJob('Tia');
      // A flaky line: the upload's start never reaches the API.
      await page.route('**/attachments', (route) => route.abort('connectionreset'));
      await chooser(page).setInputFiles(jpeg('kept.jpg'));
      await status(page, 'Gate photo')
        .getByText(/^Not saved: kept\.jpg: no connection/)
        .waitFor();

      await page.reload();
      await page.getByRole('heading', { name: job.title }).waitFor();
      await item(page, 'Gate photo').getByText('kept.jpg — not uploaded yet').waitFor();
      await status(page, 'Gate photo')
        .getByText(/^Not saved: kept\.jpg: no connection/)
        .waitFor();
      expect((await staffReview(f, path)).attachments).toEqual([]);

      await page.unroute('**/attachments');
      await status(page, 'Gate photo')
        .getByRole('button', { name: 'Retry' })
        .click({ timeout: 2_000 })
        .catch(() => undefined);
      await item(page, 'Gate photo').getByRole('link', { name: 'kept.jpg' }).waitFor({ timeout: 20_000 });
      expect((await staffReview(f, path)).attachments.map((a) => a.fileName)).toEqual(['kept.jpg']);
      // Sent: the browser keeps nothing of it, so another reload shows it once, from the API.
      await page.reload();
      await item(page, 'Gate photo').getByRole('link', { name: 'kept.jpg' }).waitFor();
      await expect(item(page, 'Gate photo').locator('.queued').count()).resolves.toBe(0);
      await page.close();
    },
    browserTimeout,
  );

  it(
    'keeps a photo when the verification ends mid-upload, and sends it on the next verified visit',
    async () => {
      const { page, path, job } = await openJob('Ted');
      const kept = await verificationOf(page, job.id);
      // The API answers as it does 24 hours after the code: 401, and the page asks for a new code.
      await page.route('**/attachments', (route) =>
        route.fulfill({ status: 401, contentType: 'application/json', body: '{"message":"Unauthorized"}' }),
      );
      await chooser(page).setInputFiles(jpeg('late.jpg'));
      await page
        .getByText('Your browser is no longer verified (after 24 hours). Ask for a new code to continue.')
        .waitFor();
      await page.unroute('**/attachments');

      // Verified again (a new code would do the same; one is not sent again within a minute).
      await keepVerification(page, kept);
      await page.reload();
      await page.getByRole('heading', { name: job.title }).waitFor();
      await item(page, 'Gate photo').getByRole('link', { name: 'late.jpg' }).waitFor({ timeout: 20_000 });
      expect((await staffReview(f, path)).attachments.map((a) => a.fileName)).toEqual(['late.jpg']);
      await page.close();
    },
    browserTimeout,
  );

  it(
    'forgets the photos waiting on the device once the assignment is revoked',
    async () => {
      const { page, job, ext } = await openJob('Ugo');
      await page.route('**/attachments', (route) => route.abort('connectionreset'));
      await chooser(page).setInputFiles(jpeg('private.jpg'));
      await status(page, 'Gate photo')
        .getByText(/^Not saved: private\.jpg: no connection/)
        .waitFor();
      const waiting = () =>
        page.evaluate(`new Promise((resolve) => {
          const open = indexedDB.open('fieldpass-portal', 1);
          open.onsuccess = () => {
            const all = open.result.transaction('uploads').objectStore('uploads').getAll();
            all.onsuccess = () => resolve(all.result.map((u) => u.name));
          };
        })`);
      await expect(waiting()).resolves.toContain('private.jpg');

      expect((await send('POST', `/jobs/${job.id}/assignments/${ext.id}/revoke`, f.owner.token, {})).status).toBe(200);
      await page.reload();
      await page.getByRole('heading', { name: 'No longer have access' }).waitFor();
      await expect.poll(waiting).not.toContain('private.jpg');
      await page.close();
    },
    browserTimeout,
  );

  it(
    'resumes an upload whose confirm was lost from that step, so the file lands once',
    async () => {
      const { page, path } = await openJob('Uma');
      const starts: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/attachments')) starts.push(request.url());
      });
      await page.route('**/confirm', (route) => route.abort('connectionreset'));
      await chooser(page).setInputFiles(jpeg('gate.jpg'));
      await status(page, 'Gate photo')
        .getByText(/^Not saved: gate\.jpg: no connection/)
        .waitFor();
      await page.unroute('**/confirm');
      await status(page, 'Gate photo')
        .getByRole('button', { name: 'Retry' })
        .click({ timeout: 2_000 })
        .catch(() => undefined);
      await item(page, 'Gate photo').getByRole('link', { name: 'gate.jpg' }).waitFor({ timeout: 20_000 });
      expect(starts).toHaveLength(1);
      expect((await staffReview(f, path)).attachments.map((a) => a.fileName)).toEqual(['gate.jpg']);
      await page.close();
    },
    browserTimeout,
  );

  it(
    'signs on the pad, and signs again after deleting the signature',
    async () => {
      const { page, path } = await openJob('Val');
      const signed = item(page, 'Signed off');
      // Nothing drawn, nothing to use.
      await expect(signed.getByRole('button', { name: 'Use this signature' }).isDisabled()).resolves.toBe(true);
      await sign(page);
      await signed.getByRole('button', { name: 'Clear' }).click();
      await expect(signed.getByRole('button', { name: 'Use this signature' }).isDisabled()).resolves.toBe(true);
      await sign(page);
      await screenshot(page, 'phone-10-signature', { fullPage: false });
      await signed.getByRole('button', { name: 'Use this signature' }).click();
      await signed.getByRole('link', { name: 'signature.png' }).waitFor();
      await expect(signed.getByRole('img', { name: /^Signature pad/ }).isVisible()).resolves.toBe(false);
      const [first] = (await staffReview(f, path)).attachments;
      expect(first).toMatchObject({ fileName: 'signature.png', contentType: 'image/png' });

      await signed.getByRole('button', { name: 'Delete signature.png' }).click();
      await signed.getByRole('img', { name: /^Signature pad/ }).waitFor();
      await sign(page);
      await signed.getByRole('button', { name: 'Use this signature' }).click();
      await signed.getByRole('link', { name: 'signature.png' }).waitFor();
      const after = (await staffReview(f, path)).attachments;
      expect(after).toHaveLength(1);
      expect(after[0]?.id).not.toBe(first?.id);
      await page.close();
    },
    browserTimeout,
  );
});
