/**
 * The FieldPass portal page: an e-mailed link `#/l/<token>` → the link's access state → "Send me
 * a code" → the code → the terms → the item and its checklists, saved answer by answer.
 */
import { call, NetworkError } from './api';
import { h, show } from './dom';
import { mountImpersonationBanner } from './impersonation';
import { ItemView } from './item-view';
import {
  forgetLinkRecord,
  forgetPerson,
  forgetVerification,
  linkKey,
  livePersonVerifications,
  loadVerification,
  saveVerification,
} from './store';
import type { CodeRequested, LinkState, PortalItem, Terms, Verification } from './types';
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

function messageScreen(title: string, text: string, action?: { label: string; run(): void }): void {
  const button = action ? h('button', { type: 'button', className: 'primary' }, action.label) : undefined;
  button?.addEventListener('click', () => action?.run());
  show(h('h1', {}, title), h('p', {}, text), button);
}

/** The screen for a link that gives no access; it looks the same whatever the reason. */
export function revokedScreen(message = 'No longer have access'): void {
  show(
    h('h1', {}, message),
    h(
      'p',
      {},
      'This link does not give access any more. If you think it should, ask whoever assigned the work to you.',
    ),
  );
}

function networkTrouble(retry: () => void): void {
  messageScreen('No connection', 'The portal could not reach FieldPass. Check your connection and try again.', {
    label: 'Try again',
    run: retry,
  });
}

/** Counts down `seconds` in `element`'s text via `render`, then calls `done`. Answers a stop function. */
function countdown(seconds: number, render: (left: number) => void, done: () => void): () => void {
  let left = Math.ceil(seconds);
  render(left);
  const timer = setInterval(() => {
    left -= 1;
    if (left <= 0) {
      clearInterval(timer);
      done();
    } else render(left);
  }, 1000);
  return () => clearInterval(timer);
}

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
    if (sent.ok) return codeScreen(link, sent.body);
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

/** A refused code request: how long to wait (429 and 503 say, in Retry-After), then the button works again. */
function waitThenEnable(
  refused: { status: number; code: string; message: string; retryAfter?: number },
  error: HTMLElement,
  button: HTMLButtonElement,
): void {
  const wait = refused.retryAfter;
  const reason =
    refused.code === 'RATE_LIMITED'
      ? 'A code was sent a moment ago.'
      : refused.code === 'CODE_NOT_SENT'
        ? 'The code could not be sent.'
        : refused.message;
  if (!wait) {
    error.textContent = reason;
    button.disabled = false;
    return;
  }
  button.disabled = true;
  countdown(
    wait,
    (left) => {
      error.textContent = `${reason} You can ask for a new code in ${left} s.`;
    },
    () => {
      error.textContent = `${reason} You can ask for a new code now.`;
      button.disabled = false;
    },
  );
}

/** Step 3: the code, with a resend button that waits as long as the API says. */
function codeScreen(link: Link, sent: CodeRequested): void {
  let session = sent.session;
  let stopCountdown = () => {};
  const input = h('input', {
    id: 'code',
    name: 'code',
    inputMode: 'numeric',
    autocomplete: 'one-time-code',
    maxLength: sent.codeLength,
    pattern: `\\d{${sent.codeLength}}`,
    required: true,
    attrs: { 'aria-describedby': 'code-hint' },
  });
  const verify = h('button', { type: 'submit', className: 'primary' }, 'Verify');
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  const resend = h('button', { type: 'button', className: 'secondary' }, 'Send a new code');
  const resendStatus = h('p', { className: 'hint', attrs: { 'aria-live': 'polite' } });
  const sentTo = h('strong', {}, sent.sentTo);
  const waitForResend = (seconds: number, reason = '') => {
    stopCountdown();
    resend.disabled = true;
    stopCountdown = countdown(
      seconds,
      (left) => {
        resendStatus.textContent = `${reason}You can ask for a new code in ${left} s.`;
      },
      () => {
        resendStatus.textContent = '';
        resend.disabled = false;
      },
    );
  };
  waitForResend(sent.resendAfterSeconds);
  resend.addEventListener('click', async () => {
    resend.disabled = true;
    const again = await requestCode(link).catch(() => undefined);
    if (!again) {
      resendStatus.textContent = 'Could not reach FieldPass. Try again.';
      resend.disabled = false;
      return;
    }
    if (again.ok) {
      session = again.body.session;
      sentTo.textContent = again.body.sentTo;
      error.textContent = '';
      input.value = '';
      input.focus();
      waitForResend(again.body.resendAfterSeconds, 'A new code is on its way. ');
      return;
    }
    if (again.retryAfter) waitForResend(again.retryAfter, again.code === 'RATE_LIMITED' ? 'Please wait. ' : '');
    else {
      resendStatus.textContent = again.message;
      resend.disabled = false;
    }
  });
  const form = h(
    'form',
    { className: 'code-form', noValidate: true },
    h('label', { htmlFor: 'code' }, 'Code'),
    input,
    h(
      'p',
      { id: 'code-hint', className: 'hint' },
      `${sent.codeLength} digits, valid for ${Math.round(sent.expiresInSeconds / 60)} minutes.`,
    ),
    verify,
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = input.value.replace(/\s+/g, '');
    if (!new RegExp(`^\\d{${sent.codeLength}}$`).test(code)) {
      error.textContent = `Enter the ${sent.codeLength} digits from the e-mail.`;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    verify.disabled = true;
    const verified = await call<Verification>('POST', '/portal/sign-in/verify', {
      linkToken: link.token,
      body: { session, code },
    }).catch(() => undefined);
    verify.disabled = false;
    if (!verified) {
      error.textContent = 'Could not reach FieldPass. Check your connection and try again.';
      return;
    }
    if (verified.ok) {
      stopCountdown();
      link.verification = verified.body;
      saveVerification(link.key, verified.body);
      return openItem(link);
    }
    input.setAttribute('aria-invalid', 'true');
    if (verified.code === 'CODE_INCORRECT') {
      session = verified.details?.session ?? session;
      const left = verified.details?.attemptsRemaining;
      error.textContent = `That code is not right.${typeof left === 'number' ? ` ${left} ${left === 1 ? 'try' : 'tries'} left.` : ''}`;
      input.select();
    } else if (verified.code === 'CODE_EXPIRED') {
      error.textContent = 'This code has expired or was tried too often. Ask for a new code.';
    } else error.textContent = verified.message;
    input.focus();
  });
  show(
    h('h1', {}, 'Enter your code'),
    h('p', {}, 'We e-mailed a code to ', sentTo, '.'),
    form,
    h('div', { className: 'resend' }, resend, resendStatus),
  );
  // The code is what the user came to this screen for; its label and hint are read with it.
  input.focus();
}

/** Step 4: the current terms, when the portal asks for them. */
function termsScreen(link: Link, terms: Terms): void {
  const box = h('input', { type: 'checkbox', id: 'accept-terms' });
  const accept = h('button', { type: 'button', className: 'primary' }, 'Accept and continue');
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  accept.addEventListener('click', async () => {
    if (!box.checked) {
      error.textContent = 'Tick the box to accept the terms first.';
      box.focus();
      return;
    }
    accept.disabled = true;
    const answer = await call('POST', '/portal/terms/acceptance', {
      idToken: link.verification?.idToken ?? '',
      body: { version: terms.version },
    }).catch(() => undefined);
    accept.disabled = false;
    if (!answer) error.textContent = 'Could not reach FieldPass. Check your connection and try again.';
    else if (answer.ok || answer.code === 'TERMS_VERSION_OUTDATED') void openItem(link);
    else if (!handleAccessError(link, answer)) error.textContent = answer.message;
  });
  show(
    h('h1', {}, 'Terms & Conditions'),
    h('p', {}, 'Please read and accept these terms before you start.'),
    h(
      'div',
      { className: 'terms', tabIndex: 0, attrs: { role: 'region', 'aria-label': `Terms, version ${terms.version}` } },
      terms.text,
    ),
    h('p', { className: 'check' }, box, h('label', { htmlFor: 'accept-terms' }, 'I have read and accept these terms')),
    accept,
    error,
  );
}

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
  if (answer.code === 'TERMS_NOT_ACCEPTED' && answer.details?.terms) return termsScreen(link, answer.details.terms);
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
