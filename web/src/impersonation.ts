/**
 * The impersonation banner (issue 20, decision 0006): while a staff user views the portal as an
 * external user, every screen shows "Viewing as <name> — Stop impersonating" in the page's header,
 * outside the screens themselves, so no screen can leave it out.
 *
 * The staff side opens the portal at `#/as?token=<ID token>&name=<name>` with the session that
 * `POST /external-users/{id}/impersonation` answered. The fragment never reaches a server (R8); this
 * module moves it into sessionStorage (this tab only, apart from any verification the external user
 * has in this browser) and takes it off the address. Screens call the API with
 * `impersonationToken()` when one is set. Stop ends the session on the server
 * (`DELETE /portal/impersonation`) and forgets it here.
 */
import { call } from './api';
import { h, show } from './dom';
import { type ClientSession, personOf } from './store';

const storageKey = 'fieldpass.impersonation';
const fragment = /^#\/as\?(.*)$/;

interface Impersonation {
  idToken: string;
  name: string;
  /** Epoch milliseconds of the token's expiry. */
  expiresAt: number;
}

function expiryOf(idToken: string): number {
  try {
    const payload = JSON.parse(atob((idToken.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
    return Number(payload.exp) * 1000;
  } catch {
    return 0;
  }
}

function load(): Impersonation | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as Impersonation | null;
    return stored && stored.expiresAt > Date.now() ? stored : undefined;
  } catch {
    return undefined;
  }
}

function forget(): void {
  sessionStorage.removeItem(storageKey);
  document.getElementById('impersonation')?.remove();
}

/** The impersonation session's ID token, when this tab views the portal as someone. */
export const impersonationToken = (): string | undefined => load()?.idToken;

/**
 * The client screens' session while this tab views the portal as someone: their screens, read
 * with the impersonation token, kept nowhere (`impersonating` names who is viewed).
 */
export function impersonatedSession(): ClientSession | undefined {
  const session = load();
  const person = session && personOf(session.idToken);
  if (!session || !person) return undefined;
  return {
    idToken: session.idToken,
    verifiedUntil: new Date(session.expiresAt).toISOString(),
    person,
    account: '',
    impersonating: session.name,
  };
}

/** The session ended on the server (401): forget it here and say so. */
export function impersonationEnded(): void {
  const session = load();
  forget();
  document.querySelector('header.bar nav')?.remove();
  show(
    h('h1', {}, 'Impersonation ended'),
    h(
      'p',
      {},
      `The session viewing the portal as ${session?.name ?? 'this person'} ended (after 30 minutes, or stopped). Start a new one from the console.`,
    ),
  );
}

/** Ends the session on the server, forgets it, and says so. */
async function stop(session: Impersonation): Promise<void> {
  await call('DELETE', '/portal/impersonation', { idToken: session.idToken }).catch(() => undefined);
  forget();
  document.querySelector('header.bar nav')?.remove();
  show(h('h1', {}, 'Impersonation stopped'), h('p', {}, `You are no longer viewing the portal as ${session.name}.`));
}

/**
 * Takes a session from the address, if one is there, and shows the banner while one is open. Called
 * once by the page shell before any screen; the banner stays in the header across screens.
 */
export function mountImpersonationBanner(): void {
  const given = fragment.exec(location.hash);
  if (given) {
    const params = new URLSearchParams(given[1]);
    const idToken = params.get('token') ?? '';
    const name = params.get('name') ?? '';
    if (idToken && name) {
      sessionStorage.setItem(storageKey, JSON.stringify({ idToken, name, expiresAt: expiryOf(idToken) }));
    }
    history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  }
  const session = load();
  if (!session) {
    forget();
    return;
  }
  const button = h('button', { type: 'button', className: 'impersonation-stop' }, 'Stop impersonating');
  button.addEventListener('click', () => void stop(session));
  const banner = h(
    'div',
    { id: 'impersonation', className: 'impersonation', attrs: { role: 'status' } },
    h('span', {}, `Viewing as ${session.name}`),
    ' — ',
    button,
  );
  document.getElementById('impersonation')?.remove();
  document.querySelector('header.bar')?.after(banner);
  // The session ends by itself after at most 30 minutes: the banner goes with it.
  setTimeout(forget, Math.max(0, session.expiresAt - Date.now()));
}
