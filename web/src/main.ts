/**
 * The FieldPass portal page: an e-mailed link `#/l/<token>` → the link's access state → "Send me
 * a code" → the code → the terms → the item and its checklists, saved answer by answer.
 */
import { call, NetworkError } from './api';
import { route } from './client';
import { h, show } from './dom';
import { mountImpersonationBanner } from './impersonation';
import { ItemView } from './item-view';
import {
  type CodeFlow,
  codeScreen,
  messageScreen,
  networkTrouble,
  revokedScreen,
  termsScreen,
  waitThenEnable,
} from './screens';
import {
  forgetLinkRecord,
  forgetPerson,
  forgetVerification,
  linkKey,
  livePersonVerifications,
  loadVerification,
  saveVerification,
} from './store';
import type { CodeRequested, LinkState, PortalItem, Verification } from './types';
import { forgetUploadsOf } from './upload-queue';

const tokenPattern = /^#\/l\/([A-Za-z0-9_-]{43})$/;

/** What one open link knows: its token (from the fragment, sent only in a header) and its verification. */
export interface Link {
  token: string;
  key: string;
  state: LinkState;
  verification?: Verification;
}

const itemName = (state: LinkState) => (state.itemType === 'incident' ? 'incident' : 'job');

function accessNote(state: LinkState): HTMLElement {
  return h(
    'p',
    { className: `access access-${state.state}`, attrs: { role: 'status' } },
    state.state === 'open' ? `This ${itemName(state)} is open.` : `${state.message}. You can read it, not change it.`,
  );
}

/** Step 2: nothing is sent until the button is pressed (mail scanners open links too). */
function signInScreen(link: Link, notice?: string): void {
  const button = h('button', { type: 'button', className: 'primary' }, 'Send me a code');
  const status = h('p', { className: 'hint', attrs: { role: 'status', 'aria-live': 'polite' } });
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  button.addEventListener('click', async () => {
    button.disabled = true;
    error.textContent = '';
    status.textContent = 'Sending…';
    const sent = await requestCode(link).catch(() => 'network' as const);
    status.textContent = '';
    if (sent === 'network') {
      error.textContent = 'Could not reach FieldPass. Check your connection and try again.';
      button.disabled = false;
      return;
    }
    if (sent.ok) return codeScreen(sent.body, linkCodeFlow(link));
    waitThenEnable(sent, error, button);
  });
  show(
    h('h1', {}, `Your assigned ${itemName(link.state)}`),
    accessNote(link.state),
    notice ? h('p', { className: 'notice', attrs: { role: 'alert' } }, notice) : null,
    h('p', {}, 'To open it, we e-mail you a one-time code. Your browser then stays verified for 24 hours.'),
    button,
    status,
    error,
  );
}

const requestCode = (link: Link) => call<CodeRequested>('POST', '/portal/sign-in/code', { linkToken: link.token });

/** A link's code: asked for and checked with the link's token; verified, the link opens its item. */
const linkCodeFlow = (link: Link): CodeFlow => ({
  send: () => requestCode(link),
  verify: (session, code) =>
    call<Verification>('POST', '/portal/sign-in/verify', { linkToken: link.token, body: { session, code } }),
  verified(verification) {
    link.verification = verification;
    saveVerification(link.key, verification);
    void openItem(link);
  },
});

/**
 * What the browser keeps for a link whose access has ended: which item it opens and its files
 * waiting to upload. The person's verification stays: it still opens their other links.
 */
function forgetLink(key: string, verification = loadVerification(key)): void {
  forgetLinkRecord(key);
  if (verification) {
    const { type, id } = verification.item;
    void forgetUploadsOf(`/portal/${type === 'incident' ? 'incidents' : 'jobs'}/${id}/`);
  }
}

/** Answers true when `failure` ended the visit (sign in again, revoked), having shown the right screen. */
export function handleAccessError(link: Link, failure: { code: string; status: number }): boolean {
  if (failure.status === 401) {
    forgetVerification(link.key);
    delete link.verification;
    signInScreen(link, 'Your browser is no longer verified (after 24 hours). Ask for a new code to continue.');
    return true;
  }
  if (failure.code === 'ACCESS_REVOKED') {
    forgetLink(link.key, link.verification);
    revokedScreen();
    return true;
  }
  if (failure.code === 'TERMS_NOT_ACCEPTED') {
    void openItem(link);
    return true;
  }
  return false;
}

/** Step 5: the item, or whatever stands before it (terms, a new code, revoked). */
export async function openItem(link: Link): Promise<void> {
  const verification = link.verification;
  if (!verification) return signInScreen(link);
  const path = `/portal/${verification.item.type === 'incident' ? 'incidents' : 'jobs'}/${encodeURIComponent(verification.item.id)}`;
  const answer = await call<PortalItem>('GET', path, { idToken: verification.idToken }).catch((error) => {
    if (error instanceof NetworkError) return undefined;
    throw error;
  });
  if (!answer) return networkTrouble(() => void openItem(link));
  if (answer.ok) {
    new ItemView(link, path, answer.body, {
      accessEnded: (failure) => handleAccessError(link, failure),
      reload: () => void openItem(link),
    }).render();
    return;
  }
  if (answer.code === 'TERMS_NOT_ACCEPTED' && answer.details?.terms) {
    return termsScreen(
      verification.idToken,
      answer.details.terms,
      () => void openItem(link),
      (failure) => handleAccessError(link, failure),
    );
  }
  if (handleAccessError(link, answer)) return;
  messageScreen('Something went wrong', answer.message, { label: 'Try again', run: () => void openItem(link) });
}

/**
 * One verification per person: a link this browser has not opened yet may be another of a verified
 * person's links. The API says so (GET /portal/links/item answers its item only to the link's own
 * person), and then the link opens with that verification, without a new code. A verification the
 * API no longer accepts (401) is forgotten; anything else leaves the code to decide.
 */
async function verifiedThroughAnotherLink(token: string, key: string): Promise<Verification | undefined> {
  for (const person of livePersonVerifications()) {
    const answer = await call<Verification['item']>('GET', '/portal/links/item', {
      idToken: person.idToken,
      linkToken: token,
    }).catch(() => undefined);
    if (answer?.ok) {
      const verification: Verification = { ...person, item: answer.body };
      saveVerification(key, verification);
      return verification;
    }
    if (answer?.status === 401) forgetPerson(person.idToken);
  }
  return undefined;
}

/** Step 1: the link's token from the fragment (never sent to a server in a URL), then its state. */
async function start(): Promise<void> {
  if (await route()) return;
  const token = tokenPattern.exec(location.hash)?.[1];
  if (!token) {
    messageScreen(
      'Open the link from your e-mail',
      'This page opens from the link in the e-mail you were sent. The address looks incomplete: open the e-mail again and use its link.',
    );
    return;
  }
  const key = await linkKey(token);
  let state: LinkState;
  try {
    const answer = await call<LinkState>('GET', '/links/state', { linkToken: token });
    if (!answer.ok) {
      messageScreen('This link does not work', answer.message);
      return;
    }
    state = answer.body;
  } catch {
    networkTrouble(() => void start());
    return;
  }
  if (state.state === 'revoked') {
    forgetLink(key);
    revokedScreen(state.message);
    return;
  }
  const link: Link = { token, key, state };
  const verification = loadVerification(key) ?? (await verifiedThroughAnotherLink(token, key));
  if (verification) {
    link.verification = verification;
    await openItem(link);
  } else signInScreen(link);
}

mountImpersonationBanner();
window.addEventListener('hashchange', () => void start());
void start();
