import { h, show } from '../../src/dom';
import { activityScreen } from './activity';
import { call, whenSignedOut } from './api';
import { CognitoError, confirmForgotPassword, forgotPassword, idToken, setNewPassword, signIn, signOut } from './auth';
import { clientAccessScreen } from './client-access';
import { customersScreen } from './customers';
import { externalRolesScreen } from './external-roles';
import { externalUserPage } from './external-user-page';
import { externalUsersScreen } from './external-users';
import { externalViewsScreen } from './external-views';
import { jobCategoriesScreen } from './job-categories';
import { workItemForm } from './job-form';
import { listScreen } from './lists';
import { modules as allModules, isModule, type Module, modulesOf } from './permissions';
import { reviewScreen } from './review';
import { go, onNavigate, renderCurrent } from './router';
import { staffUsersScreen } from './staff-users';
import { termsScreen } from './terms';
import type { Me, WorkItem } from './types';
import { busy, field, messageArea } from './ui';

/*
 * The staff console: sign-in, then one screen per path: the first segment names the module (the
 * `screens` table below), which reads the rest (`/jobs/<id>/edit`). Paths, not fragments, because the owner's
 * review e-mail links to `<staffUrl>/jobs/<id>`: the server answers index.html for every path,
 * and the path survives signing in.
 */

let me: Me | undefined;
/** The open module menu's Escape handler (replaced when the header is drawn again). */
let closeMenu: (event: KeyboardEvent) => void = () => undefined;

document.addEventListener('click', (event) => {
  const anchor = (event.target as Element | null)?.closest?.('a[data-route]') as HTMLAnchorElement | null;
  if (!anchor || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  go(anchor.getAttribute('href') ?? '/');
});
window.addEventListener('popstate', () => void renderCurrent());
whenSignedOut(() => {
  me = undefined;
  void renderCurrent();
});

function header(): void {
  const nav = document.getElementById('nav');
  const user = document.getElementById('user');
  if (!nav || !user) return;
  if (!me) {
    nav.replaceChildren();
    user.replaceChildren();
    return;
  }
  const current = location.pathname.split('/')[1];
  // On a phone the modules are a disclosure behind "Menu" (closed on every screen, after choosing
  // one, and on Escape, which returns focus to the button); from 48rem the list shows beside it.
  const list = h(
    'ul',
    { id: 'module-list', className: 'modules' },
    ...modulesOf(me).map((module) =>
      h(
        'li',
        {},
        h(
          'a',
          {
            href: `/${module}`,
            attrs: { 'data-route': true, 'aria-current': current === module ? 'page' : undefined },
          },
          allModules[module].name,
        ),
      ),
    ),
  );
  const menu = h(
    'button',
    { type: 'button', className: 'menu-button', attrs: { 'aria-expanded': 'false', 'aria-controls': 'module-list' } },
    'Menu',
  );
  const setOpen = (open: boolean) => {
    menu.setAttribute('aria-expanded', String(open));
    list.classList.toggle('open', open);
    if (open) document.addEventListener('keydown', onEscape);
    else document.removeEventListener('keydown', onEscape);
  };
  const onEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    setOpen(false);
    menu.focus();
  };
  menu.addEventListener('click', () => setOpen(menu.getAttribute('aria-expanded') !== 'true'));
  list.addEventListener('click', (event) => {
    if ((event.target as Element).closest('a')) setOpen(false);
  });
  document.removeEventListener('keydown', closeMenu);
  closeMenu = onEscape;
  nav.replaceChildren(menu, list);
  const out = h('button', { type: 'button', className: 'link-button' }, 'Sign out');
  out.addEventListener('click', () => {
    void busy(out, async () => {
      await signOut();
      me = undefined;
      go('/');
    });
  });
  user.replaceChildren(h('span', { className: 'who' }, `${me.givenName} ${me.familyName}`), out);
}

async function render(): Promise<void> {
  if (!(await idToken())) {
    me = undefined;
    header();
    signInScreen();
    return;
  }
  if (!me) {
    try {
      me = await call<Me>('GET', '/me');
    } catch {
      me = undefined;
      header();
      if (!(await idToken())) signInScreen();
      else
        show(
          h('h1', {}, 'FieldPass'),
          h('p', { className: 'message bad' }, 'The console could not load your account.'),
        );
      return;
    }
  }
  header();
  const [, first = '', ...rest] = location.pathname.split('/');
  const modules = modulesOf(me);
  if (!first) {
    go(`/${modules[0]}`);
    return;
  }
  if (!isModule(first) || (await screens[first](me, rest.map(decodeURIComponent))) === notFound) {
    show(h('h1', {}, 'Not found'), h('p', {}, 'There is nothing at this address.'));
    return;
  }
}

/** What a screen answers when the rest of the path names nothing it shows. */
const notFound = Symbol.for('fieldpass.console.not-found');
type Screen = (me: Me, path: string[]) => unknown;

/** A module's screen, shown only to a user who has the module. */
const only =
  (module: Module, screen: Screen): Screen =>
  (me, path) => {
    if (allModules[module].has(me)) return screen(me, path);
    show(
      h('h1', {}, allModules[module].name),
      h('p', { className: 'message bad' }, `Your permissions do not include ${allModules[module].name}.`),
    );
  };

/** Jobs or incidents: the list, `new`, `<id>` (the review screen) and `<id>/edit`. */
const workItems =
  (kind: 'job' | 'incident'): Screen =>
  async (me, [id, action, ...extra]) => {
    if (!id) return listScreen(me, kind);
    if (extra.length || (action !== undefined && action !== 'edit')) return notFound;
    if (id === 'new' && !action) return workItemForm(me, { kind });
    if (action === 'edit') {
      const item = await call<WorkItem>('GET', `/${kind}s/${encodeURIComponent(id)}`).catch(() => undefined);
      if (item) return workItemForm(me, { kind, item });
    }
    return reviewScreen(me, kind, id);
  };

/** A screen with no sub-paths. */
const single =
  (screen: (me: Me) => Promise<void> | void): Screen =>
  (me, path) =>
    path.length ? notFound : screen(me);

/** One entry per module (the first path segment); the screen gets the rest of the path. */
const screens: Record<Module, Screen> = {
  jobs: only('jobs', workItems('job')),
  incidents: only('incidents', workItems('incident')),
  'external-users': only('external-users', (me, [id, ...rest]) =>
    !id ? externalUsersScreen(me) : rest.length ? notFound : externalUserPage(me, id),
  ),
  activity: only('activity', single(activityScreen)),
  terms: only('terms', single(termsScreen)),
  'job-categories': only('job-categories', jobCategoriesScreen),
  users: only('users', staffUsersScreen),
  customers: only('customers', customersScreen),
  'external-views': only('external-views', externalViewsScreen),
  'external-roles': only('external-roles', externalRolesScreen),
  'client-access': only('client-access', clientAccessScreen),
  reports: only(
    'reports',
    single(async (me) => (await import('./reports')).reportsScreen(me)),
  ),
  imports: only(
    'imports',
    single(async (me) => (await import('./imports')).importsScreen(me)),
  ),
  'feed-keys': only(
    'feed-keys',
    single(async (me) => (await import('./feed-keys')).feedKeysScreen(me)),
  ),
};

/** E-mail and password; then a new password on first sign-in; or a reset by e-mailed code. */
function signInScreen(): void {
  const message = messageArea();
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', className: 'button primary' }, 'Sign in');
  const form = h('form', { className: 'form narrow' }, field('E-mail', email), field('Password', password), submit);
  const forgot = h('button', { type: 'button', className: 'link-button' }, 'Forgot your password?');
  forgot.addEventListener('click', () => resetScreen(email.value));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      message.clear();
      try {
        const step = await signIn(email.value.trim(), password.value);
        if (step.done) await renderCurrent();
        else newPasswordScreen(step);
      } catch (error) {
        message.fail(error);
        message.element.textContent =
          error instanceof CognitoError ? error.message : 'Could not reach sign-in. Check your connection.';
      }
    });
  });
  show(h('h1', {}, 'Sign in to FieldPass'), message.element, form, h('p', {}, forgot));
}

function newPasswordScreen(step: { username: string; session: string }): void {
  const message = messageArea();
  const password = h('input', { type: 'password', name: 'new-password', autocomplete: 'new-password', required: true });
  const submit = h('button', { type: 'submit', className: 'button primary' }, 'Set password and sign in');
  const form = h(
    'form',
    { className: 'form narrow' },
    field('New password', password, 'At least 8 characters.'),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      try {
        await setNewPassword(step, password.value);
        await renderCurrent();
      } catch (error) {
        message.fail(error);
        if (error instanceof CognitoError) message.element.textContent = error.message;
      }
    });
  });
  show(
    h('h1', {}, 'Choose your password'),
    h('p', {}, 'This is your first sign-in: replace the temporary password you were e-mailed.'),
    message.element,
    form,
  );
}

function resetScreen(address: string): void {
  const message = messageArea();
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, value: address });
  const send = h('button', { type: 'submit', className: 'button primary' }, 'E-mail me a code');
  const ask = h('form', { className: 'form narrow' }, field('E-mail', email), send);
  const code = h('input', {
    type: 'text',
    name: 'code',
    autocomplete: 'one-time-code',
    inputMode: 'numeric',
    required: true,
  });
  const password = h('input', { type: 'password', name: 'new-password', autocomplete: 'new-password', required: true });
  const confirm = h('button', { type: 'submit', className: 'button primary' }, 'Set new password');
  const answer = h(
    'form',
    { className: 'form narrow', hidden: true },
    field('Code', code),
    field('New password', password),
    confirm,
  );
  const back = h('button', { type: 'button', className: 'link-button' }, 'Back to sign in');
  back.addEventListener('click', signInScreen);
  const failed = (error: unknown) => {
    message.fail(error);
    if (error instanceof CognitoError) {
      message.element.textContent =
        error.type === 'UnknownOperationException'
          ? 'Password reset by e-mail is not available here: ask an administrator to reset your password.'
          : error.message;
    }
  };
  ask.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(send, async () => {
      try {
        await forgotPassword(email.value.trim());
        message.say('If the address has an account, a code is on its way.');
        answer.hidden = false;
        code.focus();
      } catch (error) {
        failed(error);
      }
    });
  });
  answer.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(confirm, async () => {
      try {
        await confirmForgotPassword(email.value.trim(), code.value.trim(), password.value);
        signInScreen();
      } catch (error) {
        failed(error);
      }
    });
  });
  show(h('h1', {}, 'Reset your password'), message.element, ask, answer, h('p', {}, back));
}

onNavigate(render);
void renderCurrent();
