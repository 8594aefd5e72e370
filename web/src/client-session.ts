/**
 * What the client's screens share: the signed-in client (by account and address, no link), reading
 * the client routes with what was loaded kept for offline use, and the answers that end a visit
 * (a new code after 24 hours, "No longer have access", the terms).
 */
import { call, NetworkError } from './api';
import { h, show } from './dom';
import { impersonationEnded } from './impersonation';
import { messageScreen, networkTrouble, revokedScreen, termsScreen } from './screens';
import { type ClientSession, forgetClientData, loadCached, saveCached } from './store';

/** Stops what the screen shown runs in the background (the dashboard's polling); set by each screen. */
let leaving: (() => void) | undefined;
export function onLeave(stop: () => void): void {
  leaving = stop;
}
/** Called before any screen replaces the current one. */
export function leaveScreen(): void {
  leaving?.();
  leaving = undefined;
}

/** What a client route answered, and whether it came from what this browser kept (offline). */
export interface Loaded<T> {
  body: T;
  at: number;
  offline: boolean;
}

/** What a screen does when its request has to be made again (after the terms, or "Try again"). */
type Retry = () => void;

/** The client's session's end: back to the sign-in for a new code after 24 hours. */
let signInAgain: (account: string, notice: string) => void = () => {};
export function setSignInAgain(screen: (account: string, notice: string) => void): void {
  signInAgain = screen;
}

/** Shows the header's way home while a client is signed in (every client screen, items opened from home too). */
export function headerNav(session: ClientSession | undefined): void {
  const bar = document.querySelector('header.bar');
  if (!bar) return;
  bar.querySelector('nav')?.remove();
  if (!session) return;
  bar.append(
    h('nav', { attrs: { 'aria-label': 'Portal' } }, h('a', { href: '#/home', className: 'bar-link' }, 'Home')),
  );
}

/**
 * Answers true when `failure` ended the visit, having shown the right screen: 401 (verification
 * over) asks for a new code; ACCESS_REVOKED shows "No longer have access" and forgets what the
 * screens kept; TERMS_NOT_ACCEPTED shows the terms, then `retry`.
 */
export function clientAccessEnded(
  session: ClientSession,
  failure: { code: string; status: number; details?: { terms?: { version: number; text: string } } },
  retry: Retry,
): boolean {
  if (session.impersonating && failure.status === 401) {
    impersonationEnded();
    return true;
  }
  if (failure.status === 401) {
    forgetClientData(session.person, true);
    headerNav(undefined);
    signInAgain(
      session.account,
      'Your browser is no longer verified (after 24 hours). Ask for a new code to continue.',
    );
    return true;
  }
  if (failure.code === 'ACCESS_REVOKED') {
    // An impersonation keeps nothing, so has nothing to forget (and this browser's own client stays signed in).
    if (!session.impersonating) forgetClientData(session.person, true);
    headerNav(undefined);
    revokedScreen(
      'No longer have access',
      'Your access to this portal has ended. If you think it should not have, ask your contact at the company that gave it.',
    );
    return true;
  }
  if (failure.code === 'TERMS_NOT_ACCEPTED' && failure.details?.terms) {
    termsScreen(session.idToken, failure.details.terms, retry, (next) => clientAccessEnded(session, next, retry));
    return true;
  }
  return false;
}

/**
 * GETs a client route. A success is kept (per person and path) for offline use; with no network,
 * what was kept is answered instead (`offline`), or, with nothing kept, "No connection" is shown.
 * A refusal that ends the visit shows its screen. Either way undefined means the screen is shown.
 */
export async function load<T>(session: ClientSession, path: string, retry: Retry): Promise<Loaded<T> | undefined> {
  let answer: Awaited<ReturnType<typeof call<T>>>;
  try {
    answer = await call<T>('GET', path, { idToken: session.idToken });
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    const kept = session.impersonating ? undefined : loadCached<T>(session.person, path);
    if (kept) return { ...kept, offline: true };
    networkTrouble(retry);
    return undefined;
  }
  if (answer.ok) {
    const at = Date.now();
    // What a staff user views as someone is kept nowhere: this may be a shared staff browser.
    if (!session.impersonating) saveCached(session.person, path, answer.body, at);
    return { body: answer.body, at, offline: false };
  }
  if (clientAccessEnded(session, answer, retry)) return undefined;
  messageScreen('Something went wrong', answer.message, { label: 'Try again', run: retry });
  return undefined;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A date-time in the browser's time zone, or the text as it came when it is not one. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
}

/** "Updated 6 Dec 2026, 15:02", or, offline, when what is shown was loaded. */
export function freshness(loaded: { at: number; offline: boolean }): HTMLElement {
  const line = h('p', { className: 'updated', attrs: { role: 'status' } });
  setFreshness(line, loaded);
  return line;
}

export function setFreshness(line: HTMLElement, loaded: { at: number; offline: boolean }): void {
  const when = timeFormat.format(new Date(loaded.at));
  line.textContent = loaded.offline ? `Offline: showing what was loaded at ${when}.` : `Updated ${when}.`;
  line.classList.toggle('offline', loaded.offline);
}

/** A job's or incident's status as people read it: "in progress", not "in_progress". */
export const statusLabel = (status: string | undefined) => (status ?? '').replace(/_/g, ' ');

/** A status badge (text, never colour alone). */
export const statusBadge = (status: string | undefined) =>
  h('span', { className: `status status-${(status ?? 'none').replace(/[^a-z_]/g, '')}` }, statusLabel(status));

/** Shows a client screen: its heading, what it was loaded from, then its content. */
export function showClientScreen(title: string, loaded: { at: number; offline: boolean }, ...content: (Node | null)[]) {
  show(h('h1', {}, title), freshness(loaded), ...content);
}
