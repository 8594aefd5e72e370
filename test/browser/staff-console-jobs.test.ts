import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { browserTimeout, recordScreen } from '../support/portal-page';
import { consoleUrl, desktopContext, modulesNav, signedInConsole } from '../support/staff-console';
import { api, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';

/*
 * The console's jobs and incidents in Chromium against the local stack: the full work-item form
 * (a job from its category's template, with a customer and site; an edit that adds an external
 * user and removes one, asking why), the lists' customer and external-user filters, editing a
 * checklist from the review screen, an incident's own fields, and the job categories screen with
 * its checklist templates. Every screen is recorded: a screenshot, no sideways scroll, no axe
 * finding.
 */

let browser: Browser;
let t: Tenant;

beforeAll(async () => {
  browser = await launchBrowser();
  t = await newAccountWithAdmin('consolework');
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const created = async (path: string, token: string, body: object) => {
  const res = await send('POST', path, token, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

/** The titles of the cards a list shows, read from their links. */
const cardTitles = (page: Page, name: string) => page.getByRole('list', { name }).getByRole('link').allTextContents();

describe('the work-item form', () => {
  it(
    'creates a job at 360 px from its category template with a customer and site, edits its external users (a removal asks why) and filters the list by customer and external user',
    async () => {
      const admin = await member(t, 'user_admin', 'consoleformjobs');
      const customer = await created('/customers', t.token, { name: 'Harbour Board' });
      const site = await created(`/customers/${customer.id}/sites`, t.token, { name: 'North quay' });
      await created('/customers', t.token, { name: 'Other Customer' });
      const category = await created('/job-categories', t.token, { name: 'Boiler service' });
      await created(`/job-categories/${category.id}/checklist-templates`, t.token, {
        title: 'Boiler check',
        sections: [
          {
            title: 'Plant room',
            items: [
              { label: 'Pressure ok?', required: true, response: { type: 'pass_fail_na' } },
              { label: 'Flue reading', response: { type: 'number', unit: 'ppm' } },
            ],
          },
        ],
      });
      await created(`/job-categories/${category.id}/checklist-templates`, t.token, {
        title: 'Safety sign-off',
        sections: [{ title: 'Sign-off', items: [{ label: 'Signed', response: { type: 'signature' } }] }],
      });
      const leaving = await created('/external-users', t.token, {
        givenName: 'Lea',
        familyName: 'Leaving',
        email: newEmail('lea'),
      });
      const joining = await created('/external-users', t.token, {
        givenName: 'Jo',
        familyName: 'Joining',
        email: newEmail('jo'),
      });

      const { context, page } = await signedInConsole(browser, admin, '/jobs/new');
      await page.getByRole('heading', { level: 1, name: 'New job' }).waitFor();
      await page.getByLabel('Title', { exact: true }).fill('Boiler service at the quay');
      await page.getByLabel('Due').fill('2027-06-01T09:00');
      await page.getByLabel('Location').fill('Plant room 2');
      await page.getByLabel('Latitude').fill('51.5');
      await page.getByLabel('Longitude').fill('-0.12');
      await page.getByLabel('Category', { exact: true }).selectOption({ label: 'Boiler service' });
      await page.getByLabel('Start from a template').selectOption({ label: 'Boiler check' });
      await expect(page.getByLabel('Checklist title').inputValue()).resolves.toBe('Boiler check');
      await expect(page.getByLabel('Label of section 1, item 2').inputValue()).resolves.toBe('Flue reading');
      // The template is a start: the item is edited and one added.
      await page.getByLabel('Label of section 1, item 2').fill('Flue gas reading');
      await page.getByRole('button', { name: 'Add item to section 1' }).click();
      await page.getByLabel('Label of section 1, item 3').fill('Boiler photo');
      await page.getByLabel('Response of section 1, item 3').selectOption('photo');
      await page.getByLabel('Customer').selectOption({ label: 'Harbour Board' });
      await page.getByLabel('Site', { exact: true }).selectOption({ label: 'North quay' });
      await page.getByRole('checkbox', { name: /Lea Leaving/ }).check();
      await recordScreen(page, 'console-phone-10-new-job-from-template', { fullPage: true });
      await page.getByRole('button', { name: 'Create job' }).click();

      await page.getByRole('heading', { level: 1, name: 'Boiler service at the quay', exact: true }).waitFor();
      const jobId = new URL(page.url()).pathname.split('/')[2] as string;
      // The review screen names the category, customer and site.
      for (const name of ['Boiler service', 'Harbour Board', 'North quay'])
        await page.locator('.facts').getByText(name, { exact: true }).waitFor();
      const job = (await api(`/jobs/${jobId}`, { token: admin.token })).body;
      expect(job).toMatchObject({
        categoryId: category.id,
        customerId: customer.id,
        siteId: site.id,
        location: { text: 'Plant room 2', lat: 51.5, lng: -0.12 },
        ownerIds: [admin.user.id],
      });
      // The job takes a copy of each of the category's templates: the one started from, as edited.
      const checklists = (await api(`/jobs/${jobId}/checklists`, { token: admin.token })).body.items.map(
        (c: { checklist: { title: string } }) => c.checklist,
      );
      expect(checklists.map((c: { title: string }) => c.title).sort()).toEqual(['Boiler check', 'Safety sign-off']);
      const boiler = checklists.find((c: { title: string }) => c.title === 'Boiler check');
      expect(boiler.sections[0].items).toMatchObject([
        { label: 'Pressure ok?', required: true, response: { type: 'pass_fail_na' } },
        { label: 'Flue gas reading', required: false, response: { type: 'number', unit: 'ppm' } },
        { label: 'Boiler photo', response: { type: 'photo' } },
      ]);

      // The edit: Jo is added, Lea removed, which asks for the reason.
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Edit Boiler service at the quay' }).waitFor();
      await expect(page.getByLabel('Site', { exact: true }).inputValue()).resolves.toBe(site.id);
      await expect(page.getByLabel('Reason to remove Lea Leaving').isVisible()).resolves.toBe(false);
      await page.getByRole('checkbox', { name: /Lea Leaving/ }).uncheck();
      await expect(page.getByLabel('Reason to remove Lea Leaving').isVisible()).resolves.toBe(true);
      await page.getByRole('checkbox', { name: /Jo Joining/ }).check();
      // Without a reason the form does not go.
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect(
        page
          .getByLabel('Reason to remove Lea Leaving')
          .evaluate((input) => (input as unknown as { validity: { valid: boolean } }).validity.valid),
      ).resolves.toBe(false);
      await page.getByLabel('Reason to remove Lea Leaving').fill('Moved to another site');
      await recordScreen(page, 'console-phone-11-edit-job-external-users', { fullPage: true });
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('heading', { level: 1, name: 'Boiler service at the quay', exact: true }).waitFor();
      await page.getByText('Moved to another site').waitFor();
      const assignments = (await api(`/jobs/${jobId}/assignments`, { token: admin.token })).body.items;
      expect(
        assignments.map((a: { externalUserId: string; status: string; revokedReason?: string }) => [
          a.externalUserId,
          a.status,
          a.revokedReason,
        ]),
      ).toEqual(
        expect.arrayContaining([
          [leaving.id, 'revoked', 'Moved to another site'],
          [joining.id, 'active', undefined],
        ]),
      );

      // The list: another job of another customer, then the customer and external-user filters.
      await created('/jobs', admin.token, {
        title: 'Unrelated job',
        dueAt: '2027-06-02T09:00:00Z',
        location: { text: 'Elsewhere' },
        ownerIds: [admin.user.id],
      });
      await (await modulesNav(page)).getByRole('link', { name: 'Jobs' }).click();
      await page.getByText('2 shown.').waitFor();
      await page.getByLabel('Customer').selectOption({ label: 'Harbour Board' });
      await expect(page.getByLabel('Owner').isDisabled()).resolves.toBe(true);
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('1 shown.').waitFor();
      await expect(cardTitles(page, 'Jobs')).resolves.toEqual(['Boiler service at the quay']);
      await page.getByLabel('Site', { exact: true }).selectOption({ label: 'North quay' });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('1 shown.').waitFor();
      await recordScreen(page, 'console-phone-12-jobs-by-customer', { fullPage: true });
      await page.getByLabel('Customer').selectOption('');
      await page.getByLabel('External user').selectOption({ label: 'Jo Joining' });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('1 shown.').waitFor();
      await expect(cardTitles(page, 'Jobs')).resolves.toEqual(['Boiler service at the quay']);
      // Lea's assignment is revoked: the job is no longer hers.
      await page.getByLabel('External user').selectOption({ label: 'Lea Leaving' });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('No jobs match.').waitFor();
      // The search asks the server (title words), keeping the other filters.
      await page.getByLabel('External user').selectOption('');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('2 shown.').waitFor();
      await page.getByLabel('Search', { exact: true }).fill('UNRELATED');
      await page.getByText('1 shown.').waitFor();
      await expect(cardTitles(page, 'Jobs')).resolves.toEqual(['Unrelated job']);
      await page.getByLabel('Customer').selectOption({ label: 'Harbour Board' });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('No jobs match the search.').waitFor();
      await page.getByLabel('Customer').selectOption('');
      await page.getByLabel('Search', { exact: true }).fill('boiler quay');
      await page.getByText('1 shown.').waitFor();
      await expect(cardTitles(page, 'Jobs')).resolves.toEqual(['Boiler service at the quay']);
      await context.close();
    },
    browserTimeout,
  );

  it(
    'edits an existing checklist from the review screen at 1280 px, keeping its item, and adds another',
    async () => {
      const admin = await member(t, 'user_admin', 'consolechecklistedit');
      const job = await created('/jobs', admin.token, {
        title: 'Ladder check',
        dueAt: '2027-07-01T09:00:00Z',
        location: { text: 'Store' },
        ownerIds: [admin.user.id],
      });
      const checklist = await created(`/jobs/${job.id}/checklists`, admin.token, {
        title: 'Ladders',
        sections: [{ title: 'Store', items: [{ label: 'Feet intact?', response: { type: 'yes_no_na' } }] }],
      });
      const { context, page } = await signedInConsole(browser, admin, `/jobs/${job.id}`, { desktop: true });
      await page.getByRole('heading', { level: 1, name: 'Ladder check' }).waitFor();
      await page.getByRole('button', { name: 'Edit checklist Ladders' }).click();
      await expect(page.getByLabel('Label of section 1, item 1').inputValue()).resolves.toBe('Feet intact?');
      await page.getByLabel('Checklist title').fill('Ladders and steps');
      await page.getByRole('button', { name: 'Add item to section 1' }).click();
      await page.getByLabel('Label of section 1, item 2').fill('Steps labelled?');
      await page.getByLabel('Section 1, item 2 is required').check();
      await recordScreen(page, 'console-desktop-10-edit-checklist');
      await page.getByRole('button', { name: 'Save checklist' }).click();
      await page.getByText('Checklist Ladders and steps saved.').waitFor();
      const after = (await api(`/jobs/${job.id}/checklists`, { token: admin.token })).body.items[0].checklist;
      expect(after.title).toBe('Ladders and steps');
      expect(after.sections[0].items).toMatchObject([
        { id: checklist.sections[0].items[0].id, label: 'Feet intact?' },
        { label: 'Steps labelled?', required: true },
      ]);

      // Another checklist, built on the review screen.
      await page.getByRole('button', { name: 'Add a checklist' }).click();
      await page.getByLabel('Checklist title').fill('Ladder tags');
      await page.getByLabel('Label of section 1, item 1').fill('Tag photo');
      await page.getByLabel('Response of section 1, item 1').selectOption('photo');
      await page.getByRole('button', { name: 'Save checklist' }).click();
      await page.getByText('Checklist added.').waitFor();
      await page.getByRole('heading', { level: 2, name: 'Ladder tags' }).waitFor();
      const titles = (await api(`/jobs/${job.id}/checklists`, { token: admin.token })).body.items.map(
        (c: { checklist: { title: string } }) => c.checklist.title,
      );
      expect(titles.sort()).toEqual(['Ladder tags', 'Ladders and steps']);
      await context.close();
    },
    browserTimeout,
  );

  it(
    "shows an incident's own fields at 1280 px (raised time and severity, no due time or category) and saves its severity on an edit",
    async () => {
      const admin = await member(t, 'user_admin', 'consoleincidentform');
      const { context, page } = await signedInConsole(browser, admin, '/incidents/new', { desktop: true });
      await page.getByRole('heading', { level: 1, name: 'New incident' }).waitFor();
      await expect(page.getByLabel('Raised').count()).resolves.toBe(1);
      await expect(page.getByLabel('Severity').count()).resolves.toBe(1);
      await expect(page.getByLabel('Due').count()).resolves.toBe(0);
      await expect(page.getByLabel('Category').count()).resolves.toBe(0);
      await page.getByLabel('Title', { exact: true }).fill('Forklift near miss');
      await page.getByLabel('Raised').fill('2027-02-03T14:00');
      await page.getByLabel('Location').fill('Bay 4');
      await page.getByLabel('Severity').selectOption('medium');
      await page.getByLabel('Description').fill('Reversing without a spotter.');
      await page.getByLabel('Status', { exact: true }).selectOption('in_progress');
      await recordScreen(page, 'console-desktop-11-incident-form', { fullPage: true });
      await page.getByRole('button', { name: 'Create incident' }).click();
      await page.getByRole('heading', { level: 1, name: 'Forklift near miss', exact: true }).waitFor();
      const id = new URL(page.url()).pathname.split('/')[2] as string;
      expect((await api(`/incidents/${id}`, { token: admin.token })).body).toMatchObject({
        severity: 'medium',
        status: 'in_progress',
        description: 'Reversing without a spotter.',
      });
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Edit Forklift near miss' }).waitFor();
      await expect(page.getByLabel('Severity').inputValue()).resolves.toBe('medium');
      await page.getByLabel('Severity').selectOption('high');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('heading', { level: 1, name: 'Forklift near miss', exact: true }).waitFor();
      expect((await api(`/incidents/${id}`, { token: admin.token })).body.severity).toBe('high');
      await context.close();
    },
    browserTimeout,
  );
});

describe('moving between screens', () => {
  it(
    'shows the screen chosen last when the one before it answers late: a slow job list never covers job categories',
    async () => {
      const admin = await member(t, 'admin', 'consoleslowlist');
      const context = await desktopContext(browser);
      // The job list's reads (its customer filter's among them) are held until the admin has moved
      // on to job categories.
      let asked: () => void = () => undefined;
      const listAsked = new Promise<void>((resolve) => {
        asked = resolve;
      });
      let answer: () => void = () => undefined;
      const answerNow = new Promise<void>((resolve) => {
        answer = resolve;
      });
      await context.route(
        (url) => url.pathname === '/customers' && !url.href.startsWith(consoleUrl()),
        async (route) => {
          asked();
          await answerNow;
          await route.continue();
        },
      );
      const { page } = await signedInConsole(browser, admin, '', { desktop: true, context });
      await listAsked;
      await (await modulesNav(page)).getByRole('link', { name: 'Job categories' }).click();
      answer();
      await page.getByRole('heading', { level: 1, name: 'Job categories' }).waitFor();
      await page.waitForLoadState('networkidle');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Job categories');
      expect(new URL(page.url()).pathname).toBe('/job-categories');
      await context.close();
    },
    browserTimeout,
  );
});

describe('the job categories screen', () => {
  it(
    'creates a category and a checklist template from its screen at 1280 px (an empty one refused, naming the field), edits and deletes a template, and reads at 360 px',
    async () => {
      const admin = await member(t, 'admin', 'consolecategories');
      const { context, page } = await signedInConsole(browser, admin, '', { desktop: true });
      await (await modulesNav(page)).getByRole('link', { name: 'Job categories' }).click();
      await page.getByRole('heading', { level: 1, name: 'Job categories' }).waitFor();
      await page.getByText('Add a job category').click();
      await page.getByLabel('Name').fill('Roof inspection');
      await page.getByLabel('Description').fill('Roofs and gutters');
      await page.getByRole('checkbox', { name: 'consolecategories Tester' }).check();
      await recordScreen(page, 'console-desktop-12-job-categories');
      await page.getByRole('button', { name: 'Add category' }).click();
      await page.getByRole('heading', { level: 1, name: 'Roof inspection' }).waitFor();
      const categoryId = new URL(page.url()).pathname.split('/')[2] as string;
      expect((await api(`/job-categories/${categoryId}`, { token: admin.token })).body).toMatchObject({
        name: 'Roof inspection',
        description: 'Roofs and gutters',
        defaultOwnerIds: [admin.user.id],
      });

      await page.getByRole('button', { name: 'New checklist template' }).click();
      // An empty template is refused by the API, which names the field.
      await page.getByRole('button', { name: 'Save template' }).click();
      await page.locator('.message.bad').filter({ hasText: 'title' }).waitFor();
      await page.getByLabel('Checklist title').fill('Roof check');
      await page.getByLabel('Title of section 1').fill('Gutters');
      await page.getByLabel('Label of section 1, item 1').fill('Gutters clear?');
      await page.getByLabel('Section 1, item 1 is required').check();
      await page.getByRole('button', { name: 'Add section' }).click();
      await page.getByLabel('Title of section 2').fill('Tiles');
      await page.getByLabel('Label of section 2, item 1').fill('Broken tiles');
      await page.getByLabel('Response of section 2, item 1').selectOption('multiple_choice');
      await page.getByLabel('Choices of section 2, item 1').fill('North face, South face');
      await recordScreen(page, 'console-desktop-13-new-template', { fullPage: true });
      await page.getByRole('button', { name: 'Save template' }).click();
      await page.getByText('Template Roof check added.').waitFor();
      const templates = (await api(`/job-categories/${categoryId}/checklist-templates`, { token: admin.token })).body
        .items;
      expect(templates).toHaveLength(1);
      expect(templates[0]).toMatchObject({
        title: 'Roof check',
        sections: [
          { title: 'Gutters', items: [{ label: 'Gutters clear?', required: true, response: { type: 'yes_no_na' } }] },
          {
            title: 'Tiles',
            items: [
              { label: 'Broken tiles', response: { type: 'multiple_choice', options: ['North face', 'South face'] } },
            ],
          },
        ],
      });

      await page.getByRole('button', { name: 'Edit template Roof check' }).click();
      await page.getByLabel('Checklist title').fill('Roof survey');
      await page.getByRole('button', { name: 'Remove section 2', exact: true }).click();
      await page.getByRole('button', { name: 'Save template' }).click();
      await page.getByText('Template Roof survey saved.').waitFor();
      const edited = (await api(`/job-categories/${categoryId}/checklist-templates`, { token: admin.token })).body
        .items[0];
      expect(edited).toMatchObject({ title: 'Roof survey', sections: [{ title: 'Gutters' }] });
      expect(edited.sections).toHaveLength(1);

      // At 360 px the category reads as cards.
      const { context: phone, page: small } = await signedInConsole(browser, admin, `/job-categories/${categoryId}`);
      await small.getByRole('heading', { level: 1, name: 'Roof inspection' }).waitFor();
      await recordScreen(small, 'console-phone-13-job-category', { fullPage: true });
      await phone.close();

      await page.getByRole('button', { name: 'Delete template Roof survey' }).click();
      await page.getByRole('button', { name: 'Delete Roof survey for good' }).click();
      await page.getByText('Template Roof survey deleted.').waitFor();
      const left = await api(`/job-categories/${categoryId}/checklist-templates`, { token: admin.token });
      expect(left.body.items).toEqual([]);
      await context.close();
    },
    browserTimeout,
  );

  it(
    'is not in the navigation of a General user, and its address answers a refusal',
    async () => {
      const general = await member(t, 'general', 'consolenocategories', { jobs: { access: true } });
      const { context, page } = await signedInConsole(browser, general, '/job-categories');
      await page.getByText('Your permissions do not include Job categories.').waitFor();
      const nav = await modulesNav(page);
      await expect(nav.getByRole('link', { name: 'Job categories' }).count()).resolves.toBe(0);
      await context.close();
    },
    browserTimeout,
  );
});
