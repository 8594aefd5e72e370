/**
 * The client's screens (seeds 001 and 002): sign-in with the account and an address (no link),
 * home, a jobs view, a calendar view, a site's dashboard and a checklist item opened from home.
 * Hash routes: `#/sign-in/<accountId>`, `#/home`, `#/views/<id>/jobs`, `#/views/<id>/calendar`,
 * `#/sites/<id>`, `#/items/<job|incident>/<id>`, and `#/unsubscribe/<token>` (a report e-mail's
 * link: no sign-in).
 */
import { call, NetworkError } from './api';
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
import { impersonatedSession } from './impersonation';
import { ItemView } from './item-view';
import { codeScreen, messageScreen, networkTrouble, waitThenEnable } from './screens';
import { type ClientSession, forgetClientData, loadClientSession, saveClientSession } from './store';
import type { ClientMe, CodeRequested, MyAssignment, MyAssignmentsPage, PortalItem, Verification } from './types';

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
        justSignedIn = true;
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

/** Checklist assignments home asks for at a time ("Show more" asks for the next). */
const assignmentsPage = 10;

/** Whether the next home shown comes straight from a sign-in (one assignment and nothing else: open it). */
let justSignedIn = false;

/** Open before the rest: completed, cancelled, closed and past due ones after. */
function rowState(row: MyAssignment, now = Date.now()): { open: boolean; label: string } {
  if (row.status === 'completed') return { open: false, label: 'Job completed' };
  if (row.status === 'cancelled') return { open: false, label: 'Cancelled' };
  if (row.status === 'closed') return { open: false, label: 'Closed' };
  if (row.type === 'job' && row.dueAt && Date.parse(row.dueAt) <= now) return { open: false, label: 'Past due date' };
  return { open: true, label: 'Open' };
}

/** Open first, then by due date (raised time for an incident). */
function orderAssignments(rows: MyAssignment[]): MyAssignment[] {
  const when = (row: MyAssignment) => row.dueAt ?? row.raisedAt ?? '';
  return [...rows].sort(
    (a, b) => Number(!rowState(a).open) - Number(!rowState(b).open) || when(a).localeCompare(when(b)),
  );
}

function assignmentCard(row: MyAssignment): HTMLElement {
  const state = rowState(row);
  const when = row.dueAt ?? row.raisedAt;
  const progress = row.progress
    ? row.progress.requiredTotal
      ? `${row.progress.requiredAnswered} of ${row.progress.requiredTotal} required answered`
      : 'nothing required'
    : undefined;
  return h(
    'li',
    { className: 'card' },
    h('a', { href: `#/items/${row.type}/${encodeURIComponent(row.id)}` }, row.title),
    h(
      'p',
      { className: 'hint' },
      [
        when ? `${row.type === 'incident' ? 'Raised' : 'Due'} ${formatDateTime(when)}` : undefined,
        state.label,
        progress,
      ]
        .filter(Boolean)
        .join(' · '),
    ),
  );
}

/**
 * "My checklists": the first page of GET /portal/assignments (open first, with due dates and
 * progress; kept for offline use like every client answer), and "Show more checklists" while the
 * route has more. Reading the list notes no view of any item (only opening one does).
 */
function checklistsSection(session: ClientSession, first: MyAssignmentsPage): HTMLElement {
  const rows = [...first.items];
  let cursor = first.cursor;
  const list = h('ul', { className: 'cards' });
  const empty = h('p', { className: 'hint' }, 'No checklists are assigned to you.');
  const more = h('button', { type: 'button', className: 'secondary' }, 'Show more checklists');
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  const render = () => {
    list.replaceChildren(...orderAssignments(rows).map(assignmentCard));
    list.hidden = rows.length === 0;
    empty.hidden = rows.length > 0;
    more.hidden = cursor === undefined;
  };
  more.addEventListener('click', async () => {
    if (cursor === undefined) return;
    more.disabled = true;
    error.textContent = '';
    const answer = await call<MyAssignmentsPage>(
      'GET',
      `/portal/assignments?limit=${assignmentsPage}&cursor=${encodeURIComponent(cursor)}`,
      { idToken: session.idToken },
    ).catch(() => undefined);
    more.disabled = false;
    if (!answer) {
      error.textContent = 'You are offline: more checklists can be shown once you are back online.';
      return;
    }
    if (!answer.ok) {
      if (clientAccessEnded(session, answer, () => void route())) return;
      error.textContent = answer.message;
      return;
    }
    const before = new Set(rows.map((row) => `${row.type}/${row.id}`));
    rows.push(...answer.body.items);
    cursor = answer.body.cursor;
    render();
    // Keep the keyboard user's place: the first checklist just shown.
    const added = answer.body.items.find((row) => !before.has(`${row.type}/${row.id}`));
    if (added)
      list.querySelector<HTMLElement>(`a[href="#/items/${added.type}/${encodeURIComponent(added.id)}"]`)?.focus();
    else more.focus();
  });
  render();
  return section('My checklists', 'home-checklists', empty, list, more, error);
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

/**
 * Home: my checklist assignments (open first, a page at a time), my views and my sites. Straight
 * after a sign-in, a person whose only thing is one assignment lands on that item, as a link does.
 */
async function homeScreen(session: ClientSession): Promise<void> {
  const retry = () => void homeScreen(session);
  const [loaded, assignments] = await Promise.all([
    load<ClientMe>(session, '/portal/me', retry),
    load<MyAssignmentsPage>(session, `/portal/assignments?limit=${assignmentsPage}`, retry),
  ]);
  if (!loaded || !assignments) return;
  const me = loaded.body;
  const sites = new Map<string, string>();
  for (const access of me.accesses) if (access.site) sites.set(access.site.id, access.site.name);
  const signedInNow = justSignedIn;
  justSignedIn = false;
  const only = assignments.body.items[0];
  if (
    signedInNow &&
    only &&
    assignments.body.items.length === 1 &&
    !assignments.body.cursor &&
    me.views.length === 0 &&
    sites.size === 0
  ) {
    location.replace(`#/items/${only.type}/${encodeURIComponent(only.id)}`);
    return;
  }
  const customers = [...new Set(me.accesses.flatMap((a) => a.customers.map((c) => c.name)))];
  // Viewing as someone, the banner's "Stop impersonating" is the way out.
  const signOut = session.impersonating ? null : h('button', { type: 'button', className: 'secondary' }, 'Sign out');
  signOut?.addEventListener('click', () => {
    forgetClientData(session.person, true);
    clientSignInScreen(session.account);
  });
  showClientScreen(
    `Hello, ${me.externalUser.givenName}`,
    loaded,
    checklistsSection(session, assignments.body),
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
    ...(session.impersonating
      ? {
          readOnlyReason: `Viewing as ${session.impersonating}: read-only. Nothing can be answered or changed while impersonating.`,
        }
      : {}),
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
  // A staff user viewing the portal as someone (this tab only) sees that person's screens.
  const session = impersonatedSession() ?? loadClientSession();
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
