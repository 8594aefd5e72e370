import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { browserTimeout, recordScreen } from '../support/portal-page';
import { consoleUrl, modulesNav, signedInConsole } from '../support/staff-console';
import { api, member, newAccountWithAdmin, newEmail, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/*
 * The console's client-access screens in Chromium against the local stack: customers and their
 * sites (a master site's sub-sites in a nested list), external views and roles, and an external
 * user's client access with its report settings; each change checked through the API. A General
 * user has none of these modules.
 */

let browser: Browser;
let t: Tenant;

beforeAll(async () => {
  browser = await launchBrowser();
  t = await newAccountWithAdmin('consoleclients');
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the client-access screens for an admin', () => {
  it(
    'creates a customer with a site and a sub-site, a view and a role, then grants, edits and revokes client access with weekly reports at 1280 px',
    async () => {
      const own = await newAccountWithAdmin('consoleclientsflow');
      const admin = await member(own, 'user_admin', 'consoleclientsadmin');
      const dora = (
        await send('POST', '/external-users', own.token, {
          givenName: 'Dora',
          familyName: 'Dealer',
          email: newEmail('dora'),
        })
      ).body;
      const quay = (
        await send('POST', '/jobs', own.token, {
          title: 'Quay survey',
          dueAt: '2027-06-01T09:00:00Z',
          location: { text: 'Quay 3' },
          ownerIds: [own.admin.id],
        })
      ).body;
      const { context, page } = await signedInConsole(browser, admin, '/customers', { desktop: true });
      await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
      await expect((await modulesNav(page)).getByRole('link').allTextContents()).resolves.toEqual(
        expect.arrayContaining(['Customers', 'External views', 'External roles', 'Client access']),
      );

      // A customer, then its master site and two sub-sites.
      await page.getByText('Add a customer').click();
      await page.getByLabel('Customer name').fill('Harbour Dealers');
      await page.getByLabel('Reference').fill('HD-1');
      await page.getByRole('button', { name: 'Add customer' }).click();
      await page.getByText('Harbour Dealers was added.').waitFor();
      await recordScreen(page, 'console-desktop-clients-1-customers');
      await page.getByRole('link', { name: 'Harbour Dealers' }).click();
      await page.getByRole('heading', { level: 1, name: 'Harbour Dealers' }).waitFor();
      const customerId = new URL(page.url()).pathname.split('/')[2] as string;
      await expect(api(`/customers/${customerId}`, { token: admin.token })).resolves.toMatchObject({
        status: 200,
        body: { name: 'Harbour Dealers', reference: 'HD-1', archived: false },
      });
      const addSite = async (name: string, parent?: string) => {
        await page.getByText('Add a site').click();
        await page.getByLabel('Site name').fill(name);
        if (parent) await page.getByLabel('Sub-site of').selectOption({ label: parent });
        await page.getByRole('button', { name: 'Add site' }).click();
        await page.getByText(`${name} was added.`).waitFor();
      };
      await addSite('North Yard');
      await addSite('Gate 1', 'North Yard');
      await addSite('Gate 2', 'North Yard');
      // The tree: a list of master sites, each holding the list of its sub-sites.
      const subSites = page.getByRole('list', { name: 'Sub-sites of North Yard' });
      await expect(subSites.getByRole('heading', { level: 3 }).allTextContents()).resolves.toEqual([
        'Gate 1',
        'Gate 2',
      ]);
      await expect(
        page
          .getByRole('list', { name: 'Sites of Harbour Dealers' })
          .getByRole('listitem')
          .first()
          .getByRole('heading', { level: 3 })
          .first()
          .textContent(),
      ).resolves.toBe('North Yard');
      await recordScreen(page, 'console-desktop-clients-2-sites');
      const sites = (await api(`/customers/${customerId}/sites?limit=100`, { token: admin.token })).body.items as {
        id: string;
        name: string;
        parentSiteId?: string;
        archived: boolean;
      }[];
      const yard = sites.find((s) => s.name === 'North Yard');
      const gate1 = sites.find((s) => s.name === 'Gate 1');
      const gate2 = sites.find((s) => s.name === 'Gate 2');
      expect(yard?.parentSiteId).toBeUndefined();
      expect([gate1?.parentSiteId, gate2?.parentSiteId]).toEqual([yard?.id, yard?.id]);

      // A site edited, archived and restored.
      await page.getByRole('button', { name: 'Edit Gate 2' }).click();
      await page.getByLabel('Address of Gate 2').fill('Quay Road');
      await page.getByRole('button', { name: 'Save site' }).click();
      await page.getByText('Gate 2 was saved.').waitFor();
      await page.getByRole('button', { name: 'Archive Gate 2' }).click();
      await page.getByText('Gate 2 was archived.').waitFor();
      await expect(api(`/sites/${gate2?.id}`, { token: admin.token })).resolves.toMatchObject({
        body: { address: 'Quay Road', archived: true },
      });
      await page.getByRole('button', { name: 'Restore Gate 2' }).click();
      await page.getByText('Gate 2 was restored.').waitFor();
      await expect(api(`/sites/${gate2?.id}`, { token: admin.token })).resolves.toMatchObject({
        body: { archived: false },
      });

      // A view of open jobs with the site column, and a role that allows it.
      await (await modulesNav(page)).getByRole('link', { name: 'External views' }).click();
      await page.getByRole('heading', { level: 1, name: 'External views' }).waitFor();
      await page.getByRole('button', { name: 'New view' }).click();
      await page.getByRole('heading', { level: 1, name: 'New external view' }).waitFor();
      await page.getByLabel('View name').fill('Dealer jobs');
      await page.getByRole('checkbox', { name: 'Site' }).check();
      await page.getByRole('checkbox', { name: 'Open' }).check();
      await page.getByLabel('Due date').selectOption('within');
      await page.getByLabel('Days from today').fill('60');
      // Left before the screenshot: with the number field still focused, headless Chromium
      // scrolled the page between the press and the release of the next click (after the
      // full-page screenshot), and the click landed on the form, not the button.
      await page.getByLabel('Days from today').blur();
      await recordScreen(page, 'console-desktop-clients-3-new-view');
      await page.getByRole('button', { name: 'Create view' }).click();
      await page.getByText('Dealer jobs was created.').waitFor();
      const views = (await api('/external-views', { token: admin.token })).body.items;
      expect(views).toMatchObject([
        {
          name: 'Dealer jobs',
          kind: 'jobs',
          columns: ['title', 'status', 'dueAt', 'site'],
          filters: { statuses: ['open'], dueWithinDays: 60 },
        },
      ]);

      await (await modulesNav(page)).getByRole('link', { name: 'External roles' }).click();
      await page.getByRole('button', { name: 'New role' }).click();
      await page.getByLabel('Role name').fill('Dealers');
      await page.getByRole('checkbox', { name: 'Dealer jobs' }).check();
      await page.getByRole('button', { name: 'Create role' }).click();
      await page.getByText('Dealers was created.').waitFor();
      await recordScreen(page, 'console-desktop-clients-4-roles');
      const roles = (await api('/external-roles', { token: admin.token })).body.items;
      expect(roles).toMatchObject([{ name: 'Dealers', viewIds: [views[0].id] }]);

      // Client access, from the external user's card: the site with one sub-site, weekly reports.
      await (await modulesNav(page)).getByRole('link', { name: 'External users' }).click();
      await page.getByLabel('Name or e-mail').fill(dora.email);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText('1 shown.').waitFor();
      await page.getByRole('link', { name: 'Client access of Dora Dealer' }).click();
      await page.getByRole('heading', { level: 1, name: 'Client access for Dora Dealer' }).waitFor();
      await page.getByText('Dora Dealer has no client access yet.').waitFor();
      await page.getByRole('button', { name: 'Grant access' }).click();
      await page.getByRole('checkbox', { name: 'Dealers', exact: true }).check();
      await page.getByLabel("Site's customer").selectOption({ label: 'Harbour Dealers' });
      await page.getByRole('combobox', { name: 'Site', exact: true }).selectOption({ label: 'North Yard' });
      await page.getByRole('checkbox', { name: 'Gate 1' }).check();
      await page.getByLabel('Frequency').selectOption('weekly');
      await page.getByLabel('Time zone').fill('Europe/London');
      await recordScreen(page, 'console-desktop-clients-5-grant');
      await page.getByRole('button', { name: 'Grant access' }).click();
      await page.getByText('Access granted.').waitFor();
      await recordScreen(page, 'console-desktop-clients-6-access');
      const read = async () =>
        (await api(`/external-users/${dora.id}/client-access`, { token: admin.token })).body.accesses;
      expect(await read()).toMatchObject([
        {
          status: 'active',
          roleIds: [roles[0].id],
          customerIds: [],
          site: {
            siteId: yard?.id,
            subSites: { [gate1?.id as string]: true, [gate2?.id as string]: false },
            futureSubSites: false,
          },
          reportFrequency: 'weekly',
          reportOnlyWhenActive: false,
          reportTimeZone: 'Europe/London',
        },
      ]);

      // Edited: every sub-site, future ones too; daily, only when something happened; one specific job.
      await drainStreams(); // the jobs list reads rows the stream consumer writes
      await page.getByRole('button', { name: 'Edit access 1' }).click();
      await page.getByLabel('Find a job by title').fill('quay');
      await page.getByRole('button', { name: 'Add Quay survey' }).click();
      await page.getByRole('list', { name: 'Chosen jobs' }).getByText('Quay survey', { exact: true }).waitFor();
      await expect(page.getByRole('checkbox', { name: 'Gate 1' }).isChecked()).resolves.toBe(true);
      await page.getByRole('checkbox', { name: 'All sub-sites, including future ones' }).check();
      await page.getByLabel('Frequency').selectOption('daily');
      await page.getByRole('checkbox', { name: 'Only when something happened' }).check();
      await page.getByRole('button', { name: 'Save access' }).click();
      await page.getByText('The access was saved.').waitFor();
      expect(await read()).toMatchObject([
        {
          status: 'active',
          site: { siteId: yard?.id, subSites: {}, futureSubSites: true },
          reportFrequency: 'daily',
          reportOnlyWhenActive: true,
          jobIds: [quay.id],
        },
      ]);
      await expect(page.getByText('All, including future ones').isVisible()).resolves.toBe(true);
      await expect(page.getByRole('link', { name: 'Quay survey' }).getAttribute('href')).resolves.toBe(
        `/jobs/${quay.id}`,
      );
      // The job removed again, saved with the access's version.
      await page.getByRole('button', { name: 'Edit access 1' }).click();
      await page.getByRole('button', { name: 'Remove Quay survey' }).click();
      await page.getByRole('button', { name: 'Save access' }).click();
      // The same message as the first save: wait for the job's link to leave the card instead.
      await page.getByRole('link', { name: 'Quay survey' }).waitFor({ state: 'detached' });
      expect(await read()).toMatchObject([{ jobIds: [], site: { siteId: yard?.id } }]);

      // Revoked: kept on record, and restorable.
      await page.getByRole('button', { name: 'Revoke access 1' }).click();
      await page.getByText('Access 1 is revoked.').waitFor();
      expect(await read()).toMatchObject([{ status: 'revoked', reportFrequency: 'daily' }]);
      await expect(page.getByRole('button', { name: 'Restore access 1' }).isVisible()).resolves.toBe(true);
      await context.close();
    },
    browserTimeout * 1.5,
  );

  it(
    'shows the customers, views, roles and client-access screens clean at 360 px, and says why a role in use is not deleted',
    async () => {
      const own = await newAccountWithAdmin('consoleclientsphone');
      const admin = await member(own, 'admin', 'consoleclientsphone');
      const customer = (await send('POST', '/customers', admin.token, { name: 'Phone Builders' })).body;
      const master = (await send('POST', `/customers/${customer.id}/sites`, admin.token, { name: 'Main Plant' })).body;
      const sub = (
        await send('POST', `/customers/${customer.id}/sites`, admin.token, {
          name: 'Boiler House',
          parentSiteId: master.id,
        })
      ).body;
      const view = (
        await send('POST', '/external-views', admin.token, { name: 'Plant calendar', kind: 'calendar', filters: {} })
      ).body;
      const role = (await send('POST', '/external-roles', admin.token, { name: 'Plant clients', viewIds: [view.id] }))
        .body;
      const ext = (
        await send('POST', '/external-users', admin.token, {
          givenName: 'Cal',
          familyName: 'Client',
          email: newEmail('cal'),
        })
      ).body;
      const granted = await send('POST', `/external-users/${ext.id}/client-access`, admin.token, {
        roleIds: [role.id],
        site: { siteId: master.id, subSites: { [sub.id]: true } },
        reportFrequency: 'weekly',
      });
      expect(granted.status).toBe(201);

      const { context, page } = await signedInConsole(browser, admin, `/customers/${customer.id}`);
      await page.getByRole('heading', { level: 1, name: 'Phone Builders' }).waitFor();
      await page.getByRole('list', { name: 'Sub-sites of Main Plant' }).waitFor();
      await recordScreen(page, 'console-phone-clients-1-customer');
      // A customer with sites is not deleted: the dialog says so as the API words it, with what it counts.
      await page.getByRole('button', { name: 'Delete Phone Builders' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete Phone Builders?' });
      await dialog.getByRole('button', { name: 'Delete Phone Builders' }).click();
      await dialog.getByText('This customer is in use: archive it instead, or first remove what names it').waitFor();
      await dialog.getByText('Still named by 2 sites.').waitFor();
      await recordScreen(page, 'console-phone-clients-8-delete-refused');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(page.locator(':focus').textContent()).resolves.toBe('Delete Phone Builders');
      await page.getByRole('link', { name: 'Customers' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
      await page.getByText('1 shown.').waitFor();
      await recordScreen(page, 'console-phone-clients-2-customers');

      await page.goto(`${consoleUrl()}/external-views/${view.id}`);
      await page.getByRole('heading', { level: 1, name: 'Edit Plant calendar' }).waitFor();
      await expect(page.getByRole('group', { name: 'Columns' }).isHidden()).resolves.toBe(true);
      await recordScreen(page, 'console-phone-clients-3-view');
      // A view a role allows is not deleted: the refusal names the role.
      await page.getByRole('button', { name: 'Delete Plant calendar' }).click();
      await page.getByText('Roles allow this view: Plant clients. Take it out of them first.').waitFor();

      await page.goto(`${consoleUrl()}/external-roles/${role.id}`);
      await page.getByRole('heading', { level: 1, name: 'Edit Plant clients' }).waitFor();
      await recordScreen(page, 'console-phone-clients-4-role');
      await page.getByRole('button', { name: 'Delete Plant clients' }).click();
      await page.getByText('Client access of Cal Client names this role. Take it out of their access first.').waitFor();

      await page.goto(`${consoleUrl()}/client-access/${ext.id}`);
      await page.getByRole('heading', { level: 1, name: 'Client access for Cal Client' }).waitFor();
      await page.getByText('Boiler House').waitFor();
      await recordScreen(page, 'console-phone-clients-5-access');
      await page.getByRole('button', { name: 'Edit access 1' }).click();
      await page.getByRole('checkbox', { name: 'Boiler House' }).waitFor();
      await recordScreen(page, 'console-phone-clients-6-edit-access');
      // Removing the access altogether, after which the role can go.
      await page.goto(`${consoleUrl()}/client-access/${ext.id}`);
      await page.getByRole('button', { name: 'Remove access 1' }).click();
      await page.getByText('Access 1 is removed.').waitFor();
      expect((await api(`/external-users/${ext.id}/client-access`, { token: admin.token })).body.accesses).toEqual([]);
      // Then the sub-site no access names any more is deleted, after the confirmation.
      await page.goto(`${consoleUrl()}/customers/${customer.id}`);
      await page.getByRole('button', { name: 'Delete Boiler House' }).click();
      await page
        .getByRole('dialog', { name: 'Delete Boiler House?' })
        .getByRole('button', { name: 'Delete Boiler House' })
        .click();
      await page.getByText('Boiler House was deleted.').waitFor();
      expect((await api(`/sites/${sub.id}`, { token: admin.token })).status).toBe(404);
      await context.close();
    },
    browserTimeout,
  );
});

describe('the client-access screens for a General user', () => {
  it(
    'are not in the navigation, their addresses answer a refusal, and external users have no client-access link',
    async () => {
      const general = await member(t, 'general', 'consoleclientsgeneral', { jobs: { access: true } });
      await send('POST', '/external-users', t.token, {
        givenName: 'Nia',
        familyName: 'Noaccess',
        email: newEmail('nia'),
      });
      const { context, page } = await signedInConsole(browser, general, '/customers');
      await page.getByText('Your permissions do not include Customers.').waitFor();
      await expect((await modulesNav(page)).getByRole('link').allTextContents()).resolves.toEqual([
        'Jobs',
        'External users',
        'Reports',
        'Imports',
      ]);
      for (const [path, name] of [
        ['external-views', 'External views'],
        ['external-roles', 'External roles'],
        ['client-access', 'Client access'],
      ]) {
        await page.goto(`${consoleUrl()}/${path}`);
        await page.getByText(`Your permissions do not include ${name}.`).waitFor();
      }
      await recordScreen(page, 'console-phone-clients-7-general');
      await page.goto(`${consoleUrl()}/external-users`);
      await page.getByRole('heading', { level: 1, name: 'External users' }).waitFor();
      await page.getByRole('button', { name: 'Disable Nia Noaccess' }).waitFor();
      await expect(page.getByRole('link', { name: /^Client access of/ }).count()).resolves.toBe(0);
      await context.close();
    },
    browserTimeout,
  );
});
