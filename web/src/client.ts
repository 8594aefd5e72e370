/**
 * The client's screens (seeds 001 and 002): sign-in with the account and an address (no link),
 * home, a jobs view, a calendar view, a site's dashboard and a checklist item opened from home.
 * Hash routes: `#/sign-in/<accountId>`, `#/home`, `#/views/<id>/jobs`, `#/views/<id>/calendar`,
 * `#/sites/<id>`, `#/items/<job|incident>/<id>`, and `#/unsubscribe/<token>` (a report e-mail's
 * link: no sign-in).
 */
import { type ApiResult, call, NetworkError } from './api';
import { calendarScreen } from './client-calendar';
import { dashboardScreen } from './client-dashboard';
import { jobListScreen } from './client-jobs';
import {
  clientAccessEnded,
  formatDateTime,
  headerNav,
  leaveScreen,
  load,
  setSignInAgain,
  showClientScreen,
} from './client-session';
import { h, show } from './dom';
import { ItemView } from './item-view';
import { codeScreen, messageScreen, networkTrouble, waitThenEnable } from './screens';
import { type ClientSession, forgetClientData, loadCached, loadClientSession, saveClientSession } from './store';
import type { ClientMe, CodeRequested, PortalItem, Verification } from './types';

const accountPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** Sign-in without a link: the address, then the e-mailed code; home once verified. */
export function clientSignInScreen(account: string, notice?: string): void {
  headerNav(undefined);
  const email = h('input', {
    id: 'email',
    name: 'email',
    type: 'email',
    autocomplete: 'email',
    required: true,
    attrs: { 'aria-describedby': 'email-hint' },
  });
  const button = h('button', { type: 'submit', className: 'primary' }, 'Send me a code');
  const status = h('p', { className: 'hint', attrs: { role: 'status', 'aria-live': 'polite' } });
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  const form = h(
    'form',
    { className: 'code-form', noValidate: true },
    h('label', { htmlFor: 'email' }, 'E-mail address'),
    email,
    h('p', { id: 'email-hint', className: 'hint' }, 'The address your access was given to.'),
    button,
    status,
    error,
  );
  const ask = (address: string) =>
    call<CodeRequested>('POST', '/portal/sign-in/code', { body: { account, email: address } });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const address = email.value.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) {
      error.textContent = 'Enter your e-mail address, like name@example.com.';
      email.setAttribute('aria-invalid', 'true');
      email.focus();
      return;
    }
    email.removeAttribute('aria-invalid');
    button.disabled = true;
    error.textContent = '';
    status.textContent = 'Sending…';
    const sent = await ask(address).catch(() => undefined);
    status.textContent = '';
    button.disabled = false;
    if (!sent) {
      error.textContent = 'Could not reach FieldPass. Check your connection and try again.';
      return;
    }
    if (!sent.ok) return waitThenEnable(sent, error, button);
    codeScreen(sent.body, {
      send: () => ask(address),
      verify: (session, code) =>
        call<Verification>('POST', '/portal/sign-in/verify', { body: { account, email: address, session, code } }),
      verified(verification) {
        saveClientSession(account, verification);
        if (location.hash === '#/home') void route();
        else location.hash = '#/home';
      },
    });
  });
  show(
    h('h1', {}, 'Sign in to your portal'),
    notice ? h('p', { className: 'notice', attrs: { role: 'alert' } }, notice) : null,
    h(
      'p',
      {},
      'We e-mail you a one-time code. Your browser then stays verified for 24 hours. Nothing here changes your work: it is read-only.',
    ),
    form,
  );
}
setSignInAgain(clientSignInScreen);

/** An assignment of home's list, as its item route answers it. */
interface AssignmentRow {
  type: 'job' | 'incident';
  id: string;
  title: string;
  when?: string;
  state: string;
  message: string;
  answered: number;
  total: number;
}

/**
 * The client's checklist assignments with their due dates and progress, each read from its item
 * route (what this browser kept when offline); items no longer open to them are left out.
 */
async function assignmentRows(session: ClientSession, me: ClientMe): Promise<AssignmentRow[]> {
  const rows = await Promise.all(
    me.assignments.slice(0, 20).map(async ({ type, id }): Promise<AssignmentRow | undefined> => {
      const path = `/portal/${type === 'incident' ? 'incidents' : 'jobs'}/${encodeURIComponent(id)}`;
      let item: PortalItem | undefined;
      try {
        const answer: ApiResult<PortalItem> = await call<PortalItem>('GET', path, { idToken: session.idToken });
        item = answer.ok ? answer.body : undefined;
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        item = loadCached<PortalItem>(session.person, path)?.body;
      }
      if (!item) return undefined;
      const progress = item.checklists.reduce(
        (sum, c) => ({
          answered: sum.answered + c.progress.requiredAnswered,
          total: sum.total + c.progress.requiredTotal,
        }),
        { answered: 0, total: 0 },
      );
      const when = item.dueAt ?? item.raisedAt;
      return {
        type,
        id,
        title: item.title,
        ...(when ? { when } : {}),
        state: item.access.state,
        message: item.access.message,
        ...progress,
      };
    }),
  );
  const order = (row: AssignmentRow) => (row.state === 'open' ? 0 : 1);
  return rows
    .filter((row): row is AssignmentRow => row !== undefined)
    .sort((a, b) => order(a) - order(b) || (a.when ?? '').localeCompare(b.when ?? ''));
}

function section(title: string, id: string, ...content: Node[]): HTMLElement {
  return h('section', { attrs: { 'aria-labelledby': id } }, h('h2', { id }, title), ...content);
}

function linkList(entries: { href: string; label: string; detail?: string }[], empty: string): Node {
  if (entries.length === 0) return h('p', { className: 'hint' }, empty);
  return h(
    'ul',
    { className: 'nav-list' },
    ...entries.map((entry) =>
      h(
        'li',
        {},
        h('a', { href: entry.href }, entry.label),
        entry.detail ? h('span', { className: 'hint' }, entry.detail) : null,
      ),
    ),
  );
}

/** Home: my checklist assignments (open first), my views and my sites. */
async function homeScreen(session: ClientSession): Promise<void> {
  const retry = () => void homeScreen(session);
  const loaded = await load<ClientMe>(session, '/portal/me', retry);
  if (!loaded) return;
  const me = loaded.body;
  const assignments = await assignmentRows(session, me);
  const sites = new Map<string, string>();
  for (const access of me.accesses) if (access.site) sites.set(access.site.id, access.site.name);
  const customers = [...new Set(me.accesses.flatMap((a) => a.customers.map((c) => c.name)))];
  const signOut = h('button', { type: 'button', className: 'secondary' }, 'Sign out');
  signOut.addEventListener('click', () => {
    forgetClientData(session.person, true);
    clientSignInScreen(session.account);
  });
  showClientScreen(
    `Hello, ${me.externalUser.givenName}`,
    loaded,
    section(
      'My checklists',
      'home-checklists',
      assignments.length === 0
        ? h('p', { className: 'hint' }, 'No checklists are assigned to you.')
        : h(
            'ul',
            { className: 'cards' },
            ...assignments.map((row) =>
              h(
                'li',
                { className: 'card' },
                h('a', { href: `#/items/${row.type}/${encodeURIComponent(row.id)}` }, row.title),
                h(
                  'p',
                  { className: 'hint' },
                  `${row.type === 'incident' ? 'Raised' : 'Due'} ${formatDateTime(row.when)} · ${
                    row.state === 'open' ? 'Open' : row.message
                  } · ${row.total ? `${row.answered} of ${row.total} required answered` : 'nothing required'}`,
                ),
              ),
            ),
          ),
    ),
    section(
      'My views',
      'home-views',
      linkList(
        me.views.map((view) => ({
          href: `#/views/${encodeURIComponent(view.id)}/${view.kind}`,
          label: view.name,
          detail: view.kind === 'calendar' ? ' (calendar)' : ' (job list)',
        })),
        'No views are given to you.',
      ),
      customers.length ? h('p', { className: 'hint' }, `Work of ${customers.join(', ')}.`) : h('span', {}),
    ),
    section(
      'My sites',
      'home-sites',
      linkList(
        [...sites].map(([id, name]) => ({ href: `#/sites/${encodeURIComponent(id)}`, label: name })),
        'No sites are given to you.',
      ),
    ),
    signOut,
  );
}

/** A checklist item opened from home, with the client's verification (no link). */
async function itemScreen(session: ClientSession, type: 'job' | 'incident', id: string): Promise<void> {
  const retry = () => void itemScreen(session, type, id);
  const path = `/portal/${type === 'incident' ? 'incidents' : 'jobs'}/${encodeURIComponent(id)}`;
  const loaded = await load<PortalItem>(session, path, retry);
  if (!loaded) return;
  new ItemView({ verification: { idToken: session.idToken } }, path, loaded.body, {
    accessEnded: (failure) => clientAccessEnded(session, failure, retry),
    reload: retry,
  }).render();
}

const unsubscribeTokenPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * A report e-mail's unsubscribe link (issue 20): no sign-in, and opening it changes nothing (mail
 * scanners fetch links); the button POSTs the token, which stops that access's report e-mails.
 */
export function unsubscribeScreen(token: string): void {
  headerNav(undefined);
  if (!unsubscribeTokenPattern.test(token)) {
    messageScreen('This link does not work', 'The unsubscribe link looks incomplete: open it again from the e-mail.');
    return;
  }
  const button = h('button', { type: 'submit', className: 'primary' }, 'Stop these e-mails');
  const status = h('p', { className: 'hint', attrs: { role: 'status', 'aria-live': 'polite' } });
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  const form = h('form', { className: 'code-form' }, button, status, error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    error.textContent = '';
    status.textContent = 'Stopping…';
    const answer = await call<{ unsubscribed: boolean }>('POST', `/client-reports/unsubscribe/${token}`).catch(
      () => undefined,
    );
    status.textContent = '';
    if (answer?.ok) {
      messageScreen(
        'You will get no more report e-mails',
        'Your report e-mails of this site are stopped. The people who gave you access can turn them on again.',
      );
      return;
    }
    button.disabled = false;
    error.textContent = !answer
      ? 'Could not reach FieldPass. Check your connection and try again.'
      : answer.status === 404
        ? 'This link is not valid any more. Ask the people who gave you access to stop the e-mails.'
        : 'That did not work. Try again in a moment.';
  });
  show(
    h('h1', {}, 'Stop report e-mails?'),
    h('p', {}, "You get these e-mails about your site's activity. You can stop them here; nothing else changes."),
    form,
  );
}

/**
 * Shows the client screen the hash names; answers false when the hash is not one (the link's flow
 * decides). With no hash, a client signed in on this browser goes home.
 */
export async function route(): Promise<boolean> {
  leaveScreen();
  const hash = location.hash;
  const unsubscribe = /^#\/unsubscribe\/([^/]+)$/.exec(hash);
  if (unsubscribe) {
    unsubscribeScreen(decodeURIComponent(unsubscribe[1] ?? ''));
    return true;
  }
  const signIn = /^#\/sign-in\/([^/]+)$/.exec(hash);
  if (signIn) {
    const account = decodeURIComponent(signIn[1] ?? '');
    if (!accountPattern.test(account)) {
      messageScreen('This address does not work', 'The sign-in address looks incomplete: ask for it again.');
      return true;
    }
    const session = loadClientSession();
    if (session?.account === account) location.hash = '#/home';
    else clientSignInScreen(account);
    return true;
  }
  const screen =
    /^#\/(home)$/.exec(hash) ??
    /^#\/views\/([^/]+)\/(jobs|calendar)$/.exec(hash) ??
    /^#\/sites\/([^/]+)$/.exec(hash) ??
    /^#\/items\/(job|incident)\/([^/]+)$/.exec(hash);
  const session = loadClientSession();
  if (!screen) {
    if ((hash === '' || hash === '#' || hash === '#/') && session) {
      location.hash = '#/home';
      return true;
    }
    headerNav(undefined);
    return false;
  }
  if (!session) {
    messageScreen(
      'Sign in first',
      'Open the sign-in address you were given, or the link in an e-mail from FieldPass, to sign in again.',
    );
    return true;
  }
  headerNav(session);
  const [, first = '', second = ''] = screen;
  const id = decodeURIComponent(hash.startsWith('#/items/') ? second : first);
  try {
    if (hash === '#/home') await homeScreen(session);
    else if (hash.startsWith('#/views/')) {
      if (second === 'jobs') await jobListScreen(session, id);
      else await calendarScreen(session, id);
    } else if (hash.startsWith('#/sites/')) await dashboardScreen(session, id);
    else await itemScreen(session, first === 'incident' ? 'incident' : 'job', id);
  } catch (error) {
    if (error instanceof NetworkError) networkTrouble(() => void route());
    else throw error;
  }
  return true;
}
