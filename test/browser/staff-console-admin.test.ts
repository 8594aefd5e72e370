import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, linkUrlsTo } from '../support/browser';
import { browserTimeout, recordScreen } from '../support/portal-page';
import { consoleUrl, modulesNav, signedInConsole } from '../support/staff-console';
import { api, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';

/*
 * The staff console's modules in Chromium against the local stack: a User Admin creates a job
 * with a checklist and an inline external user (whose assignment e-mail reaches the inbox) and
 * promotes an external user; a General user's permissions hide what they may not use.
 */

let browser: Browser;
let t: Tenant;
/** The year the form's dates fall in: next year's, so they stay in the future whenever this runs. */
const nextYear = new Date().getUTCFullYear() + 1;

beforeAll(async () => {
  browser = await launchBrowser();
  t = await newAccountWithAdmin('consoleadmin');
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the staff console for an admin', () => {
  it(
    'creates a job at 360 px with a checklist and an inline new external user, who is e-mailed their link',
    async () => {
      const admin = await member(t, 'user_admin', 'consolejobs');
      const email = newEmail('ina');
      const { context, page } = await signedInConsole(browser, admin);
      await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/jobs');
      await recordScreen(page, 'console-phone-3-jobs');
      await page.getByRole('button', { name: 'New job' }).click();
      await page.getByRole('heading', { level: 1, name: 'New job' }).waitFor();

      await page.getByLabel('Title', { exact: true }).fill('Gate inspection');
      await page.getByLabel('Due').fill(`${nextYear}-03-01T09:00`);
      await page.getByLabel('Location').fill('Gate D');
      await expect(page.getByRole('checkbox', { name: 'consolejobs Tester' }).isChecked()).resolves.toBe(true);
      await page.getByLabel('Given name').fill('Ina');
      await page.getByLabel('Family name').fill('Field');
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Checklist title').fill('Gate check');
      await page.getByLabel('Label of section 1, item 1').fill('Gate locked?');
      await page.getByLabel('Item 1 is required').check();
      await page.getByRole('button', { name: 'Add item to section 1' }).click();
      await page.getByLabel('Label of section 1, item 2').fill('Which gates');
      await page.getByLabel('Response of section 1, item 2').selectOption('single_choice');
      await page.getByLabel('Choices of section 1, item 2').fill('North, South');
      await recordScreen(page, 'console-phone-4-new-job');
      await page.getByRole('button', { name: 'Create job' }).click();

      await page.getByRole('heading', { level: 1, name: 'Gate inspection' }).waitFor();
      const jobId = new URL(page.url()).pathname.split('/')[2] as string;
      await expect(page.getByText('0 of 1 required items answered.').isVisible()).resolves.toBe(true);
      await expect(page.getByRole('listitem').filter({ hasText: email }).isVisible()).resolves.toBe(true);
      const checklists = await api(`/jobs/${jobId}/checklists`, { token: admin.token });
      expect(checklists.body.items[0].checklist.sections[0].items).toMatchObject([
        { label: 'Gate locked?', required: true, response: { type: 'yes_no_na' } },
        { label: 'Which gates', required: false, response: { type: 'single_choice', options: ['North', 'South'] } },
      ]);
      // The assignment e-mail reaches the new external user's inbox.
      const links = await linkUrlsTo(email);
      expect(links).toHaveLength(1);

      // The jobs list, filtered by the new external user, shows the job alone.
      await send('POST', '/jobs', admin.token, {
        title: 'Other job',
        dueAt: `${nextYear}-03-02T09:00:00Z`,
        location: { text: 'Gate E' },
        ownerIds: [admin.user.id],
      });
      await (await modulesNav(page)).getByRole('link', { name: 'Jobs' }).click();
      await page.getByText('2 shown.').waitFor();
      await page.getByLabel('External user').selectOption({ label: 'Ina Field' });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('1 shown.').waitFor();
      await expect(page.getByRole('list', { name: 'Jobs' }).getByRole('link').allTextContents()).resolves.toEqual([
        'Gate inspection',
      ]);
      await context.close();
    },
    browserTimeout,
  );

  it(
    'edits a job at 360 px, and a stale edit says the job was changed by someone else',
    async () => {
      const admin = await member(t, 'user_admin', 'consoleedit');
      const second = await member(t, 'general', 'consolecoowner', { jobs: { access: true } });
      const job = (
        await send('POST', '/jobs', admin.token, {
          title: 'Fence walk',
          dueAt: `${nextYear}-04-01T09:00:00Z`,
          location: { text: 'Lot A' },
          ownerIds: [admin.user.id],
        })
      ).body;
      const { context, page } = await signedInConsole(browser, admin, `/jobs/${job.id}`);
      await page.getByRole('heading', { level: 1, name: 'Fence walk' }).waitFor();
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Edit Fence walk' }).waitFor();
      await expect(page.getByLabel('Location').inputValue()).resolves.toBe('Lot A');
      await page.getByLabel('Title', { exact: true }).fill('Fence walk north');
      // Someone else changes the job while the form is open.
      await send('PATCH', `/jobs/${job.id}`, t.token, { version: job.version, location: { text: 'Lot B' } });
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('This job was changed by someone else — reload to see their changes.').waitFor();
      await recordScreen(page, 'console-phone-7-edit-job-conflict');

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Edit Fence walk' }).waitFor();
      await expect(page.getByLabel('Location').inputValue()).resolves.toBe('Lot B');
      await page.getByLabel('Title', { exact: true }).fill('Fence walk north');
      await page.getByLabel('Due').fill(`${nextYear}-04-02T10:30`);
      await page.getByLabel('Location').fill('Lot C');
      await page.getByRole('checkbox', { name: 'consolecoowner Tester' }).check();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('heading', { level: 1, name: 'Fence walk north' }).waitFor();
      const after = (await api(`/jobs/${job.id}`, { token: admin.token })).body;
      expect(after).toMatchObject({ title: 'Fence walk north', location: { text: 'Lot C' } });
      expect(new Set(after.ownerIds)).toEqual(new Set([admin.user.id, second.user.id]));
      // The due time is the browser's local time.
      const due = await page.evaluate((year) => new Date(`${year}-04-02T10:30`).toISOString(), nextYear);
      expect(new Date(after.dueAt).toISOString()).toBe(due);
      await context.close();
    },
    browserTimeout,
  );

  it(
    'creates an incident with its severity from the same form at 1280 px',
    async () => {
      const admin = await member(t, 'user_admin', 'consoleincident');
      const { context, page } = await signedInConsole(browser, admin, '/incidents', { desktop: true });
      await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
      await page.getByRole('button', { name: 'New incident' }).click();
      await page.getByRole('heading', { level: 1, name: 'New incident' }).waitFor();
      await page.getByLabel('Title', { exact: true }).fill('Spill at dock 2');
      await page.getByLabel('Raised').fill(`${nextYear}-01-10T08:15`);
      await page.getByLabel('Location').fill('Dock 2');
      await page.getByLabel('Severity').selectOption('high');
      await recordScreen(page, 'console-desktop-4-new-incident');
      await page.getByRole('button', { name: 'Create incident' }).click();
      await page.getByRole('heading', { level: 1, name: 'Spill at dock 2' }).waitFor();
      const id = new URL(page.url()).pathname.split('/')[2] as string;
      const incident = (await api(`/incidents/${id}`, { token: admin.token })).body;
      expect(incident).toMatchObject({ severity: 'high', location: { text: 'Dock 2' }, ownerIds: [admin.user.id] });
      await context.close();
    },
    browserTimeout,
  );

  it(
    'promotes an external user to a staff user from the external users screen at 1280 px',
    async () => {
      const admin = await member(t, 'user_admin', 'consolepromote');
      const ext = (
        await send('POST', '/external-users', t.token, {
          givenName: 'Pia',
          familyName: 'Promo',
          email: newEmail('pia'),
        })
      ).body;
      const { context, page } = await signedInConsole(browser, admin, '/external-users', { desktop: true });
      await page.getByRole('heading', { level: 1, name: 'External users' }).waitFor();
      await page.getByLabel('Name or e-mail').fill(ext.email);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText('1 shown.').waitFor();
      await recordScreen(page, 'console-desktop-3-external-users');
      await page.getByRole('button', { name: 'Promote Pia Promo' }).click();
      await page.getByLabel('Role for Pia Promo').selectOption('general');
      await page.getByRole('button', { name: 'Promote to staff' }).click();
      await page.getByText('Pia Promo is now a staff user.').waitFor();
      await expect(page.getByText(`${ext.email} · Promoted`).isVisible()).resolves.toBe(true);
      const after = await api(`/external-users/${ext.id}`, { token: admin.token });
      expect(after.body).toMatchObject({ status: 'promoted', promotedToUserId: expect.any(String) });

      // The new staff user is deleted after a confirmation naming them; the admin cannot delete themself.
      await page.goto(`${consoleUrl()}/users/${after.body.promotedToUserId}`);
      await page.getByRole('heading', { level: 1, name: 'Pia Promo' }).waitFor();
      await page.getByRole('button', { name: 'Delete Pia Promo' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete Pia Promo?' });
      await expect(dialog.getByText(`Pia Promo (${ext.email}) loses their sign-in`).isVisible()).resolves.toBe(true);
      await recordScreen(page, 'console-desktop-5-delete-staff-user');
      await dialog.getByRole('button', { name: 'Delete Pia Promo' }).click();
      await page.getByText('Pia Promo is deleted.').waitFor();
      const gone = await api(`/users/${after.body.promotedToUserId}`, { token: admin.token });
      expect(gone.body.status).toBe('deleted');
      await page.goto(`${consoleUrl()}/users/${admin.user.id}`);
      await page.getByRole('button', { name: /^Delete / }).waitFor();
      await expect(page.getByRole('button', { name: /^Delete / }).isDisabled()).resolves.toBe(true);
      await expect(page.getByText('You cannot delete yourself: ask another admin.').isVisible()).resolves.toBe(true);
      await context.close();
    },
    browserTimeout,
  );
});

describe('the external-activity view', () => {
  it(
    'pages all external activity at 360 px and narrows it by external user, item type and date range',
    async () => {
      const own = await newAccountWithAdmin('consoleactivity');
      const viewer = await member(own, 'user_admin', 'consoleactivityviewer');
      const people = Array.from({ length: 11 }, (_, n) => ({
        givenName: `Act${n}`,
        familyName: 'Ivity',
        email: newEmail(`act${n}`),
      }));
      const job = await send('POST', '/jobs', own.token, {
        title: 'Crowd count',
        dueAt: `${nextYear}-05-01T09:00:00Z`,
        location: { text: 'Hall' },
        ownerIds: [own.admin.id],
        externalUsers: people,
      });
      expect(job.status).toBe(201);
      const first = (await api('/external-users?limit=100', { token: own.token })).body.items.find(
        (x: { givenName: string }) => x.givenName === 'Act0',
      );
      await send('POST', '/incidents', own.token, {
        title: 'Lost badge',
        raisedAt: `${nextYear}-05-01T10:00:00Z`,
        location: { text: 'Hall' },
        severity: 'low',
        ownerIds: [own.admin.id],
        externalUsers: [{ id: first.id }],
      });
      // The trail is written by the stream consumer: wait until it holds more than a page and the
      // incident's entry about Act0 (the filters below narrow to it).
      let total = 0;
      let onIncident = 0;
      for (let tries = 0; tries < 100 && (total <= 21 || onIncident < 1); tries++) {
        const all = await api('/external-activity?limit=100', { token: own.token });
        const narrowed = await api(`/external-activity?externalUserId=${first.id}&itemType=incident`, {
          token: own.token,
        });
        total = all.body.items.length;
        onIncident = narrowed.body.items.length;
        if (total <= 21 || onIncident < 1) await new Promise((r) => setTimeout(r, 200));
      }
      expect(total).toBeGreaterThan(21);
      expect(onIncident).toBe(1);

      const { context, page } = await signedInConsole(browser, viewer, '/activity');
      await page.getByRole('heading', { level: 1, name: 'External activity' }).waitFor();
      await page.getByText('20 shown, more to show.').waitFor();
      await recordScreen(page, 'console-phone-8-external-activity');
      await page.getByRole('button', { name: 'Show more activity' }).click();
      // The second page follows the first (more entries may have landed meanwhile).
      await page.getByText(/^(2[1-9]|3\d) shown\.$/).waitFor();
      const shown = await page.getByRole('list', { name: 'Activity' }).getByRole('listitem').count();
      expect(shown).toBeGreaterThanOrEqual(total);

      await page.getByLabel('External user').selectOption({ label: 'Act0 Ivity' });
      await page.getByLabel('Item type').selectOption('incident');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('1 shown.').waitFor();
      await expect(page.getByRole('list', { name: 'Activity' }).getByRole('link').allTextContents()).resolves.toEqual([
        'Open the incident',
      ]);
      await page.getByLabel('To').fill('2020-01-01');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('No activity matches.').waitFor();
      await context.close();
    },
    browserTimeout,
  );
});

describe('the terms screen', () => {
  it(
    'shows the current terms at 360 px and publishes a new version, refusing a stale one',
    async () => {
      const own = await newAccountWithAdmin('consoleterms');
      const admin = await member(own, 'account_admin', 'consoletermsadmin');
      const { context, page } = await signedInConsole(browser, admin, '/terms');
      await page.getByRole('heading', { level: 1, name: 'Terms & Conditions' }).waitFor();
      await page.getByText('No terms published yet').waitFor();
      await page.getByLabel('New terms').fill('Wear a vest.\n\nSign in at the gate.');
      await page.getByRole('button', { name: 'Publish new version' }).click();
      await page.getByText('Version 1 published').waitFor();
      await expect(page.getByText('Sign in at the gate.', { exact: true }).isVisible()).resolves.toBe(true);
      await recordScreen(page, 'console-phone-9-terms');

      // Someone else publishes version 2 while this screen shows version 1.
      await send('POST', '/account/terms', own.token, { text: 'Version two.', currentVersion: 1 });
      await page.getByLabel('New terms').fill('Version two, mine.');
      await page.getByRole('button', { name: 'Publish new version' }).click();
      await page.getByText('The terms were changed by someone else — reload to see the current version.').waitFor();
      const terms = await api('/account/terms', { token: own.token });
      expect(terms.body.items.map((v: { version: number; text: string }) => [v.version, v.text])).toEqual([
        [2, 'Version two.'],
        [1, 'Wear a vest.\n\nSign in at the gate.'],
      ]);
      await context.close();
    },
    browserTimeout,
  );

  it(
    'is not in the navigation of a General user, and its address answers a refusal',
    async () => {
      const general = await member(t, 'general', 'consolenoterms', { jobs: { access: true } });
      const { context, page } = await signedInConsole(browser, general, '/terms');
      await page.getByText('Your permissions do not include Terms.').waitFor();
      const nav = await modulesNav(page);
      await expect(nav.getByRole('link').allTextContents()).resolves.toEqual([
        'Jobs',
        'External users',
        'Reports',
        'Imports',
      ]);
      await context.close();
    },
    browserTimeout,
  );
});

describe('the staff console for a General user', () => {
  it(
    'leaves out the modules their permissions do not include and disables what they may not do, with the reason',
    async () => {
      const general = await member(t, 'general', 'consolegeneral', {
        control: { access: true, incidentsAndLogs: true },
      });
      await send('POST', '/external-users', t.token, { givenName: 'Gus', familyName: 'Guest', email: newEmail('gus') });
      const { context, page } = await signedInConsole(browser, general);
      await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
      const nav = await modulesNav(page);
      await expect(nav.getByRole('link').allTextContents()).resolves.toEqual([
        'Incidents',
        'External users',
        'Reports',
        'Imports',
      ]);
      await recordScreen(page, 'console-phone-5-incidents');

      // Jobs are not theirs: the address answers a refusal, not the module.
      await page.goto(`${consoleUrl()}/jobs`);
      await page.getByText('Your permissions do not include Jobs.').waitFor();
      await expect(page.getByRole('button', { name: 'New job' }).count()).resolves.toBe(0);

      await (await modulesNav(page)).getByRole('link', { name: 'External users' }).click();
      await page.getByRole('heading', { level: 1, name: 'External users' }).waitFor();
      await page.getByRole('button', { name: 'Disable Gus Guest' }).waitFor();
      await expect(page.getByRole('button', { name: 'Disable Gus Guest' }).isDisabled()).resolves.toBe(true);
      await expect(
        page.getByText('Only Account Admins, User Admins and Admins change external users.').first().isVisible(),
      ).resolves.toBe(true);
      await expect(page.getByText('Add an external user').count()).resolves.toBe(0);
      await recordScreen(page, 'console-phone-6-external-users-general');
      await context.close();
    },
    browserTimeout,
  );
});
