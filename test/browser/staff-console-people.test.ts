import { randomUUID } from 'node:crypto';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionAccount } from '../../functions/staff/provision-account';
import { launchBrowser } from '../support/browser';
import { browserTimeout, recordScreen } from '../support/portal-page';
import { modulesNav, signedInConsole } from '../support/staff-console';
import { api, member, newAccountWithAdmin, newEmail, send, signIn, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/*
 * The staff console's people screens in Chromium against the local stack: staff users with their
 * role and module permissions (what the role includes greyed out, with the reason), only for user
 * settings access; an external user's own page (revoking an assignment with a reason,
 * impersonating them in the portal for User and Account Admins only); and sign-out revoking the
 * refresh token.
 */

let browser: Browser;
let t: Tenant;

beforeAll(async () => {
  browser = await launchBrowser();
  t = await newAccountWithAdmin('consolepeople');
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the staff users screen', () => {
  it(
    "changes a staff user's role and a permission at 1280 px, with what the role includes greyed out and the reason",
    async () => {
      const admin = await member(t, 'user_admin', 'consoleusersadmin');
      const general = await member(t, 'general', 'consolestaffgen', { jobs: { access: true, edit: 'owned' } });
      const { context, page } = await signedInConsole(browser, admin, '/users', { desktop: true });
      await page.getByRole('heading', { level: 1, name: 'Staff users' }).waitFor();
      await page.getByLabel('Name or e-mail').fill(general.email);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText('1 shown.').waitFor();
      await recordScreen(page, 'console-desktop-10-staff-users');
      await page.getByRole('link', { name: 'consolestaffgen Tester' }).click();
      await page.getByRole('heading', { level: 1, name: 'consolestaffgen Tester' }).waitFor();

      // As a General user, their jobs access is theirs to change; edit is "owned", so see is free.
      const jobsAccess = page.getByRole('checkbox', { name: 'Can access Jobs module' });
      await expect(jobsAccess.isChecked()).resolves.toBe(true);
      await expect(jobsAccess.isDisabled()).resolves.toBe(false);
      // Risk Manager waits for the Risk module's access.
      const riskManager = page.getByRole('checkbox', { name: 'Risk Manager' });
      await expect(riskManager.isDisabled()).resolves.toBe(true);
      // An Account Admin is not a User Admin's to give.
      await expect(page.getByLabel('Role').locator('option').allTextContents()).resolves.toEqual([
        'User Admin',
        'Admin',
        'General',
      ]);

      // As an Admin, every module and "all" are included: greyed out, checked, with the reason.
      await page.getByLabel('Role').selectOption('admin');
      await expect(jobsAccess.isChecked()).resolves.toBe(true);
      await expect(jobsAccess.isDisabled()).resolves.toBe(true);
      const planning = page.getByRole('checkbox', { name: 'Can access Planning module' });
      await expect(planning.isChecked()).resolves.toBe(true);
      await expect(planning.isDisabled()).resolves.toBe(true);
      await expect(
        page
          .getByRole('group', { name: 'Jobs', exact: true })
          .getByText('Included in the Admin role.')
          .first()
          .isVisible(),
      ).resolves.toBe(true);
      // Risk Manager is not included in Admin (it opens confidential risks): a toggle now.
      await expect(riskManager.isDisabled()).resolves.toBe(false);
      await riskManager.check();
      await recordScreen(page, 'console-desktop-11-staff-user-permissions');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('consolestaffgen Tester is saved.').waitFor();

      const after = (await api(`/users/${general.user.id}`, { token: admin.token })).body;
      expect(after.role).toBe('admin');
      expect(after.permissions).toMatchObject({ risk: { riskManager: true } });
      const me = await api('/me', { token: await signIn(general.email, general.password) });
      expect(me.body.effectivePermissions.modules.risk.riskManager).toEqual({ value: true, source: 'granted' });
      expect(me.body.effectivePermissions.modules.jobs.access).toEqual({ value: true, source: 'included' });
      await context.close();
    },
    browserTimeout,
  );

  it(
    'invites a staff user with a role at 360 px, then disables and enables them',
    async () => {
      const admin = await member(t, 'account_admin', 'consoleinviter');
      const email = newEmail('newstaff');
      const { context, page } = await signedInConsole(browser, admin, '/users');
      await page.getByRole('heading', { level: 1, name: 'Staff users' }).waitFor();
      await page.getByText('Invite a staff user').click();
      await page.getByLabel('Given name').fill('Nia');
      await page.getByLabel('Family name').fill('Newhire');
      await page.getByLabel('E-mail', { exact: true }).fill(email);
      await page.getByLabel('Role').selectOption('general');
      await recordScreen(page, 'console-phone-10-invite-staff');
      await page.getByRole('button', { name: 'Invite staff user' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nia Newhire' }).waitFor();
      await recordScreen(page, 'console-phone-11-staff-user');
      await page.getByRole('button', { name: 'Disable Nia Newhire' }).click();
      await page.getByText('Nia Newhire is disabled and signed out everywhere.').waitFor();
      await page.getByRole('button', { name: 'Enable Nia Newhire' }).click();
      await page.getByText('Nia Newhire is enabled.').waitFor();
      const users = (await api('/users?limit=100', { token: admin.token })).body.items;
      expect(users.find((u: { email: string }) => u.email === email)).toMatchObject({
        role: 'general',
        status: 'active',
      });
      await context.close();
    },
    browserTimeout,
  );

  it(
    'is not in the navigation of a General user or an Admin, and its address answers a refusal',
    async () => {
      const general = await member(t, 'general', 'consolenousers', { jobs: { access: true } });
      const { context, page } = await signedInConsole(browser, general, '/users');
      await page.getByText('Your permissions do not include Staff users.').waitFor();
      const nav = await modulesNav(page);
      await expect(nav.getByRole('link').allTextContents()).resolves.toEqual([
        'Jobs',
        'External users',
        'Reports',
        'Imports',
      ]);
      await recordScreen(page, 'console-phone-12-no-staff-users');
      await context.close();

      const admin = await member(t, 'admin', 'consoleadminnousers');
      const { context: desk, page: second } = await signedInConsole(browser, admin, '', { desktop: true });
      await second.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
      const links = await (await modulesNav(second)).getByRole('link').allTextContents();
      expect(links).not.toContain('Staff users');
      await desk.close();
    },
    browserTimeout,
  );
});

describe("a staff user's e-mail delivery", () => {
  it(
    'shows a bounced address in the list and on their page at 360 px',
    async () => {
      // An Account Admin whose address bounces (the SES stand-in's mailbox simulator): their
      // export's e-mail bounces, and SES's report marks them.
      const address = `bounce+${randomUUID().slice(0, 8)}@simulator.amazonses.com`;
      const password = `Pw-${randomUUID()}!`;
      const { admin } = await provisionAccount({
        name: 'Bouncing console venue',
        admin: { email: address, givenName: 'Pat', familyName: 'Bounce' },
        password,
      });
      const token = await signIn(address, password);
      const started = await send('POST', '/exports', token, { report: 'jobs', format: 'csv' });
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      const until = Date.now() + 60_000;
      while ((await api(`/exports/${started.body.id}`, { token })).body.status !== 'done') {
        if (Date.now() > until) throw new Error('export not done');
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      await drainStreams();
      expect((await api(`/users/${admin.id}`, { token })).body.deliverability).toMatchObject({ status: 'bounced' });

      const { context, page } = await signedInConsole(browser, { email: address, password }, '/users');
      await page.getByRole('heading', { level: 1, name: 'Staff users' }).waitFor();
      const list = page.getByRole('list', { name: 'Staff users' });
      await list.getByText(/E-mail to this address bounced/).waitFor();
      await list.getByRole('link', { name: 'Pat Bounce' }).click();
      await page.getByRole('heading', { level: 1, name: 'Pat Bounce' }).waitFor();
      await expect(page.getByText(/E-mail to this address bounced/).isVisible()).resolves.toBe(true);
      // Nobody disables themselves here: it would sign them out.
      await expect(page.getByRole('button', { name: 'Disable Pat Bounce' }).isDisabled()).resolves.toBe(true);
      await recordScreen(page, 'console-phone-16-staff-user-bounced');
      await context.close();
    },
    browserTimeout,
  );
});

describe("an external user's page", () => {
  it(
    'opens from the list at 360 px and revokes an assignment with a reason',
    async () => {
      const admin = await member(t, 'user_admin', 'consolerevoker');
      const ext = (
        await send('POST', '/external-users', t.token, {
          givenName: 'Rita',
          familyName: 'Revoke',
          email: newEmail('rita'),
        })
      ).body;
      const job = await send('POST', '/jobs', admin.token, {
        title: 'Pitch cover',
        dueAt: '2027-06-01T09:00:00Z',
        location: { text: 'Pitch' },
        ownerIds: [admin.user.id],
        externalUsers: [{ id: ext.id }],
      });
      expect(job.status).toBe(201);
      await drainStreams();
      const { context, page } = await signedInConsole(browser, admin, '/external-users');
      await page.getByRole('heading', { level: 1, name: 'External users' }).waitFor();
      await page.getByLabel('Name or e-mail').fill(ext.email);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText('1 shown.').waitFor();
      await page.getByRole('link', { name: 'Rita Revoke', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Rita Revoke' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/external-users/${ext.id}`);
      const assignments = page.getByRole('list', { name: 'Assignments' });
      await assignments.getByRole('link', { name: 'Pitch cover' }).waitFor();
      await expect(assignments.getByText(/Link works/).isVisible()).resolves.toBe(true);
      // Their activity names the staff user who assigned them.
      await expect(
        page
          .getByRole('list', { name: 'Activity' })
          .getByText(/· consolerevoker Tester$/)
          .first()
          .isVisible(),
      ).resolves.toBe(true);
      await recordScreen(page, 'console-phone-13-external-user');

      await page.getByLabel('Reason to revoke Pitch cover').fill('Contract ended');
      await page.getByRole('button', { name: 'Revoke Pitch cover' }).click();
      await page.getByText('Rita Revoke no longer has access to Pitch cover.').waitFor();
      await expect(assignments.getByText(/Revoked .*: Contract ended/).isVisible()).resolves.toBe(true);
      await expect(assignments.getByText(/Link stopped: the assignment is revoked/).isVisible()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: 'Revoke Pitch cover' }).count()).resolves.toBe(0);
      await recordScreen(page, 'console-phone-14-external-user-revoked');
      const stored = await api(`/jobs/${job.body.id}/assignments`, { token: admin.token });
      expect(stored.body.items).toMatchObject([
        { externalUserId: ext.id, status: 'revoked', revokedReason: 'Contract ended' },
      ]);
      await context.close();
    },
    browserTimeout,
  );

  it(
    'impersonates at 1280 px: the portal opens with the banner for a User Admin; an Admin sees the button disabled with the reason',
    async () => {
      const userAdmin = await member(t, 'user_admin', 'consoleimpersonator');
      const ext = (
        await send('POST', '/external-users', t.token, {
          givenName: 'Ivy',
          familyName: 'Viewed',
          email: newEmail('ivy'),
        })
      ).body;
      const { context, page } = await signedInConsole(browser, userAdmin, `/external-users/${ext.id}`, {
        desktop: true,
      });
      await page.getByRole('heading', { level: 1, name: 'Ivy Viewed' }).waitFor();
      await recordScreen(page, 'console-desktop-12-external-user');
      const [portal] = await Promise.all([
        context.waitForEvent('page'),
        page.getByRole('button', { name: 'Impersonate' }).click(),
      ]);
      await portal.getByText('Viewing as Ivy Viewed').waitFor();
      await expect(portal.getByRole('button', { name: 'Stop impersonating' }).isVisible()).resolves.toBe(true);
      // The session's token left the address as the portal took it: it shows the person's home.
      expect(new URL(portal.url()).hash).toBe('#/home');
      await page.getByText(/The portal opened in a new tab as Ivy Viewed/).waitFor();
      await portal.getByRole('button', { name: 'Stop impersonating' }).click();
      await portal.getByRole('heading', { name: 'Impersonation stopped' }).waitFor();
      await context.close();

      const admin = await member(t, 'admin', 'consolenoimpersonate');
      const { context: desk, page: second } = await signedInConsole(browser, admin, `/external-users/${ext.id}`, {
        desktop: true,
      });
      await second.getByRole('heading', { level: 1, name: 'Ivy Viewed' }).waitFor();
      await expect(second.getByRole('button', { name: 'Impersonate' }).isDisabled()).resolves.toBe(true);
      await expect(
        second.getByText('Only Account Admins and User Admins view the portal as an external user.').isVisible(),
      ).resolves.toBe(true);
      await recordScreen(second, 'console-desktop-13-external-user-admin');
      await desk.close();
    },
    browserTimeout,
  );
});

describe("editing an external user's details", () => {
  it(
    'changes the name and the auto-disable date at 1280 px with the keyboard, then removes the date',
    async () => {
      const admin = await member(t, 'admin', 'consoleeditor');
      const ext = (
        await send('POST', '/external-users', t.token, { givenName: 'Ed', familyName: 'Itor', email: newEmail('ed') })
      ).body;
      const { context, page } = await signedInConsole(browser, admin, `/external-users/${ext.id}`, { desktop: true });
      await page.getByRole('heading', { level: 1, name: 'Ed Itor' }).waitFor();
      await page.getByText('Edit their details').focus();
      await page.keyboard.press('Enter');
      await page.getByLabel('Given name').fill('Eddie');
      await page.getByLabel('Auto-disable at').fill('2030-01-31T18:00');
      await recordScreen(page, 'console-desktop-14-external-user-edit');
      await page.getByRole('button', { name: 'Save changes' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Eddie Itor' }).waitFor();
      await page.getByText('The changes are saved.').waitFor();
      const due = await page.evaluate(() => new Date('2030-01-31T18:00').toISOString());
      const after = (await api(`/external-users/${ext.id}`, { token: admin.token })).body;
      expect(after).toMatchObject({ givenName: 'Eddie', familyName: 'Itor', email: ext.email });
      expect(new Date(after.autoDisableAt).toISOString()).toBe(due);

      await page.getByText('Edit their details').click();
      await page.getByLabel('Auto-disable at').fill('');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('The changes are saved.').waitFor();
      await expect(page.getByText('Never', { exact: true }).isVisible()).resolves.toBe(true);
      expect((await api(`/external-users/${ext.id}`, { token: admin.token })).body.autoDisableAt).toBeUndefined();
      await context.close();
    },
    browserTimeout,
  );
});

describe("an external user's e-mail delivery", () => {
  it(
    'shows a bounced address on their page and in the assignment at 360 px, and resets it',
    async () => {
      const admin = await member(t, 'user_admin', 'consolebounce');
      const address = `bounce+${randomUUID().slice(0, 8)}@simulator.amazonses.com`;
      const ext = (
        await send('POST', '/external-users', t.token, { givenName: 'Bo', familyName: 'Unce', email: address })
      ).body;
      const job = await send('POST', '/jobs', admin.token, {
        title: 'Gate count',
        dueAt: '2027-06-02T09:00:00Z',
        location: { text: 'Gate A' },
        ownerIds: [admin.user.id],
        externalUsers: [{ id: ext.id }],
      });
      expect(job.status).toBe(201);
      // The link e-mail goes out, and the mailbox simulator reports its bounce.
      await drainStreams();
      expect((await api(`/external-users/${ext.id}`, { token: admin.token })).body.deliverability).toMatchObject({
        status: 'bounced',
      });
      const { context, page } = await signedInConsole(browser, admin, `/external-users/${ext.id}`);
      await page.getByRole('heading', { level: 1, name: 'Bo Unce' }).waitFor();
      await page.getByText(/E-mail to this address bounced/).waitFor();
      await expect(
        page
          .getByRole('list', { name: 'Assignments' })
          .getByText(/Link e-mail bounced/)
          .isVisible(),
      ).resolves.toBe(true);
      await recordScreen(page, 'console-phone-15-external-user-bounced');
      await page.getByRole('button', { name: 'Reset e-mail delivery' }).click();
      await page.getByText(`E-mail to ${address} is sent again.`).waitFor();
      await expect(page.getByText(/^Reset .*: e-mail goes to it again$/).isVisible()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: 'Reset e-mail delivery' }).count()).resolves.toBe(0);
      expect((await api(`/external-users/${ext.id}`, { token: admin.token })).body.deliverability).toMatchObject({
        status: 'deliverable',
        reason: 'reset',
      });
      await context.close();
    },
    browserTimeout,
  );
});

describe('signing out', () => {
  it(
    'revokes the refresh token: it no longer refreshes',
    async () => {
      const general = await member(t, 'general', 'consolesignout', { jobs: { access: true } });
      // The session under test is the one signing in through the form opens.
      const { context, page } = await signedInConsole(browser, general, '', { form: true });
      await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
      const refreshToken = await page.evaluate(
        () => JSON.parse(sessionStorage.getItem('fieldpass.console.session') ?? '{}').refreshToken as string,
      );
      expect(refreshToken).toEqual(expect.any(String));
      await expect(refresh(refreshToken)).resolves.toHaveProperty('AuthenticationResult.IdToken');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to FieldPass' }).waitFor();

      await expect(refresh(refreshToken)).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Refresh Token has been revoked',
      });
      await context.close();
    },
    browserTimeout,
  );
});

const cognito = new CognitoIdentityProviderClient({});

const refresh = (refreshToken: string) =>
  cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: process.env.STAFF_USER_POOL_CLIENT_ID,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    }),
  );
