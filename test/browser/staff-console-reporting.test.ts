import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, phoneContext } from '../support/browser';
import { daysFromNow } from '../support/dates';
import { browserTimeout, recordScreen } from '../support/portal-page';
import { consoleUrl, modulesNav, signedInConsole } from '../support/staff-console';
import { api, apiUrl, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';

/*
 * The console's reporting screens in Chromium against the local stack (issue 21 for issue 19):
 * a jobs report narrowed by an external user with external-user columns, exported as CSV and
 * downloaded; an import with a bad row, previewed, committed without that row; a feed key shown
 * once, read with, revoked; and a General user without what they may not use.
 */

let browser: Browser;
let t: Tenant;

beforeAll(async () => {
  browser = await launchBrowser();
  t = await newAccountWithAdmin('consolereports');
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** The file a click on `name` downloads, as text. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

const navLinks = async (page: Page) => (await modulesNav(page)).getByRole('link').allTextContents();

describe('the reports screen', () => {
  it('runs a jobs report narrowed by an external user with external-user columns, and exports and downloads it as CSV', async () => {
    const admin = await member(t, 'user_admin', 'consolereport');
    const ext = (
      await send('POST', '/external-users', t.token, {
        givenName: 'Rita',
        familyName: 'Report',
        email: newEmail('rita'),
      })
    ).body;
    for (const [title, externalUsers] of [
      ['Gate report', [{ id: ext.id }]],
      ['Bar report', []],
    ] as const) {
      const made = await send('POST', '/jobs', admin.token, {
        title,
        dueAt: daysFromNow(20),
        location: { text: 'North gate' },
        ownerIds: [admin.user.id],
        externalUsers,
      });
      expect(made.status).toBe(201);
    }
    const { context, page } = await signedInConsole(browser, admin, '/reports', { desktop: true });
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    await page.getByLabel('External user', { exact: true }).selectOption({ label: 'Rita Report' });
    await page.getByLabel('Link state', { exact: true }).selectOption('open');
    await page.getByRole('checkbox', { name: 'External user names' }).check();
    await page.getByRole('checkbox', { name: 'External user email statuses' }).check();
    await page.getByRole('button', { name: 'Run report' }).click();
    await page.getByText('1 row shown.').waitFor();
    const table = page.getByRole('table', { name: 'Jobs report' });
    await expect(table.getByRole('columnheader').allTextContents()).resolves.toEqual([
      'Title',
      'Status',
      'Due at',
      'Location',
      'Owner names',
      'External user names',
      'External user email statuses',
    ]);
    await expect(table.getByRole('cell', { name: 'Gate report' }).isVisible()).resolves.toBe(true);
    await expect(table.getByRole('cell', { name: 'Rita Report' }).isVisible()).resolves.toBe(true);
    await recordScreen(page, 'console-desktop-10-report');

    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page.getByText('Done: 1 row written.').waitFor({ timeout: 90_000 });
    await recordScreen(page, 'console-desktop-11-export-done');
    const file = await downloaded(page, () => page.getByRole('link', { name: 'Download Jobs CSV' }).click());
    expect(file.text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(file.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      expect.objectContaining({
        title: 'Gate report',
        status: 'open',
        location: 'North gate',
        ownerNames: 'consolereport Tester',
        externalUserNames: 'Rita Report',
        externalUserEmailStatuses: expect.stringMatching(/^(pending|sent)$/),
      }),
    ]);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'title',
      'status',
      'dueAt',
      'location',
      'ownerNames',
      'externalUserNames',
      'externalUserEmailStatuses',
    ]);
    // After a reload, "Your exports" is the API's list of the user's exports (GET /exports).
    await page.reload();
    const yours = page.getByRole('list', { name: 'Your exports' });
    await yours.getByText('Done: 1 row written.').waitFor();
    await yours.getByRole('button', { name: 'Get the link for Jobs CSV' }).click();
    await yours.getByRole('link', { name: 'Download Jobs CSV' }).waitFor();
    await expect(yours.getByRole('link', { name: 'Download Jobs CSV' }).count()).resolves.toBe(1);

    // An export started before "Your exports" has loaded is in the list that arrives, once.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(
      (url) => url.pathname === '/exports',
      async (route) => {
        if (route.request().method() === 'GET') await held;
        await route.continue();
      },
    );
    await page.reload();
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page.getByText('CSV export started').waitFor();
    release();
    await yours.getByRole('button', { name: 'Get the link for Jobs CSV' }).waitFor();
    await expect(yours.getByRole('listitem').count()).resolves.toBe(2);
    await context.close();
  }, 180_000);

  it(
    'shows a report as one card per row at 360 px, with more rows on "Show more"',
    async () => {
      const own = await newAccountWithAdmin('consolereportphone');
      const reader = await member(own, 'user_admin', 'consolereportreader');
      for (let n = 0; n < 52; n++) {
        await send('POST', '/jobs', own.token, {
          title: `Sweep ${n}`,
          dueAt: daysFromNow(10 + n),
          location: { text: 'Hall' },
          ownerIds: [own.admin.id],
        });
      }
      const { context, page } = await signedInConsole(browser, reader, '/reports');
      await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
      await page.getByRole('button', { name: 'Run report' }).click();
      await page.getByText('50 rows shown, more to show.').waitFor();
      await recordScreen(page, 'console-phone-10-report');
      await page.getByRole('button', { name: 'Show more rows' }).click();
      await page.getByText('52 rows shown.').waitFor();
      await context.close();
    },
    browserTimeout * 2,
  );
});

describe('the imports screen', () => {
  it('previews a CSV with a bad row, shows the row error, and imports the others leaving that row out, with a summary naming it', async () => {
    const admin = await member(t, 'user_admin', 'consoleimport');
    const newcomer = newEmail('newcomer');
    const { context, page } = await signedInConsole(browser, admin, '/imports');
    await page.getByRole('heading', { level: 1, name: 'Imports' }).waitFor();
    await recordScreen(page, 'console-phone-11-imports');

    const template = await downloaded(page, () => page.getByRole('button', { name: 'Download CSV template' }).click());
    expect(template.name).toBe('jobs-template.csv');
    expect(template.text).toContain('Title');
    expect(template.text).toContain('External Users');

    // A file named .xlsx that is not a workbook: the API's 400 is shown.
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'jobs.xlsx', mimeType: 'text/csv', buffer: Buffer.from('Title\r\nx\r\n') });
    await page.getByRole('button', { name: 'Upload and check' }).press('Enter');
    await page.getByText('The file is not an XLSX workbook').waitFor();
    // A CSV in other columns: the rejection's message and each column's problem.
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from('Name,Place\r\nx,y\r\n') });
    await page.getByRole('button', { name: 'Upload and check' }).press('Enter');
    await page.getByRole('heading', { name: 'The file was not imported' }).waitFor({ timeout: 60_000 });
    await expect(
      page.getByRole('listitem').filter({ hasText: 'Name is not a column of the template' }).count(),
    ).resolves.toBe(1);
    await expect(page.getByRole('listitem').filter({ hasText: 'Title is missing' }).count()).resolves.toBe(1);

    const csv = [
      'Title,Due Date,Owners,Location,External Users',
      `Imported gate,2027-06-01T09:00:00Z,${admin.email},Gate A,${newcomer}`,
      `Imported bar,not a date,${admin.email},Main bar,`,
      `"Imported fence, north",2027-06-02,${admin.email},Fence,`,
    ].join('\r\n');
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'jobs.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel('Create external users for unknown addresses').check();
    await page.getByRole('button', { name: 'Upload and check' }).press('Enter');
    await page.getByRole('heading', { name: 'Preview' }).waitFor({ timeout: 60_000 });
    const errors = page.getByRole('table', { name: 'Row errors' });
    await expect(errors.getByRole('row').nth(1).getByRole('cell').allTextContents()).resolves.toEqual([
      '3',
      'Due Date',
      expect.any(String),
    ]);
    await expect(page.getByRole('listitem').filter({ hasText: newcomer }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).resolves.toBe(true);
    await recordScreen(page, 'console-phone-12-import-preview');

    await page.getByRole('button', { name: 'Import 2 rows, leaving out the row with errors' }).click();
    await page.getByText('2 created, 0 updated, 0 unchanged, 0 failed.').waitFor({ timeout: 60_000 });
    await page.getByText('1 row with errors left out.').waitFor();
    await expect(
      page.getByRole('list', { name: 'Rows left out' }).getByRole('listitem').allTextContents(),
    ).resolves.toEqual([expect.stringMatching(/^Row 3: Due Date /)]);
    await recordScreen(page, 'console-phone-13-import-done');

    const jobs = await api('/jobs?limit=100', { token: admin.token });
    const titles = jobs.body.items.map((j: { title: string }) => j.title);
    expect(titles).toEqual(expect.arrayContaining(['Imported gate', 'Imported fence, north']));
    expect(titles).not.toContain('Imported bar');
    await context.close();
  }, 180_000);
});

describe('the feed keys screen', () => {
  it(
    'creates a key shown once with a copy button, which reads $metadata until it is revoked',
    async () => {
      const admin = await member(t, 'account_admin', 'consolefeed');
      const context = await phoneContext(browser);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: consoleUrl() });
      const { page } = await signedInConsole(browser, admin, '/feed-keys', { context });
      await page.getByRole('heading', { level: 1, name: 'Feed keys' }).waitFor();
      await page.getByLabel('Name', { exact: true }).fill('Finance dashboard');
      await page.getByRole('button', { name: 'Create key' }).click();
      const shown = page.getByLabel('Feed key', { exact: true });
      await shown.waitFor();
      const key = await shown.inputValue();
      expect(key).toMatch(/^fpk_/);
      await expect(page.getByText(`${apiUrl()}/odata`, { exact: true }).isVisible()).resolves.toBe(true);
      await page.getByRole('button', { name: 'Copy key' }).click();
      await page.getByText('Copied.').waitFor();
      await expect(
        page.evaluate(() =>
          (
            globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
          ).navigator.clipboard.readText(),
        ),
      ).resolves.toBe(key);
      await recordScreen(page, 'console-phone-14-feed-key');

      const metadata = await fetch(`${apiUrl()}/odata/$metadata`, { headers: { 'x-api-key': key } });
      expect(metadata.status).toBe(200);
      expect(await metadata.text()).toContain('FieldPass');

      // Shown once: after a reload the list has the key, and nothing shows its secret.
      await page.reload();
      await page.getByRole('button', { name: 'Revoke Finance dashboard' }).click();
      await expect(page.getByLabel('Feed key', { exact: true }).count()).resolves.toBe(0);
      await expect(page.getByText(key).count()).resolves.toBe(0);
      await page.getByRole('group', { name: 'Revoke Finance dashboard?' }).waitFor();
      await recordScreen(page, 'console-phone-15-feed-key-revoke');
      await page.getByRole('button', { name: 'Yes, revoke' }).click();
      await page.getByText('Finance dashboard is revoked.').waitFor();
      await expect(
        page
          .getByRole('list', { name: 'Feed keys' })
          .getByText(/^Revoked /)
          .isVisible(),
      ).resolves.toBe(true);
      const refused = await fetch(`${apiUrl()}/odata/$metadata`, { headers: { 'x-api-key': key } });
      expect(refused.status).toBe(401);
      await context.close();
    },
    browserTimeout,
  );
});

describe('the reporting screens for a General user', () => {
  it(
    'offers only the reports of their modules, and no feed keys or imports they may not use',
    async () => {
      const general = await member(t, 'general', 'consolereportgeneral', {
        control: { access: true, incidentsAndLogs: true },
      });
      const me = (await api('/me', { token: general.token })).body;
      const { context, page } = await signedInConsole(browser, general, '/feed-keys');
      await page.getByText('Your permissions do not include Feed keys.').waitFor();
      const nav = await navLinks(page);
      expect(nav).toContain('Reports');
      expect(nav).not.toContain('Feed keys');
      expect(nav.includes('Imports')).toBe(me.effectivePermissions.can.incident.create.items !== 'none');

      await page.goto(`${consoleUrl()}/reports`);
      await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
      await expect(page.getByLabel('Report', { exact: true }).locator('option').allTextContents()).resolves.toEqual([
        'Incidents',
        'Audit trail',
      ]);
      // The audit trail of one item only: the external activity is for admin roles.
      await page.getByLabel('Report', { exact: true }).selectOption('audit');
      await expect(page.getByRole('textbox', { name: 'Item ID' }).getAttribute('required')).resolves.not.toBeNull();
      await expect(page.getByLabel('From', { exact: true }).count()).resolves.toBe(0);
      await recordScreen(page, 'console-phone-16-reports-general');
      await context.close();
    },
    browserTimeout,
  );
});
