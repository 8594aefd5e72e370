/**
 * Screens the link's flow and the client's sign-in share: messages, the code entry with its
 * resend wait, and the Terms & Conditions.
 */
import { type ApiResult, call } from './api';
import { h, show } from './dom';
import type { CodeRequested, Terms, Verification } from './types';

export function messageScreen(title: string, text: string, action?: { label: string; run(): void }): void {
  const button = action ? h('button', { type: 'button', className: 'primary' }, action.label) : undefined;
  button?.addEventListener('click', () => action?.run());
  show(h('h1', {}, title), h('p', {}, text), button);
}

/** The screen for a link or access that gives no access; it looks the same whatever the reason. */
export function revokedScreen(
  message = 'No longer have access',
  text = 'This link does not give access any more. If you think it should, ask whoever assigned the work to you.',
): void {
  show(h('h1', {}, message), h('p', {}, text));
}

export function networkTrouble(retry: () => void): void {
  messageScreen('No connection', 'The portal could not reach FieldPass. Check your connection and try again.', {
    label: 'Try again',
    run: retry,
  });
}

/** Counts down `seconds` in `element`'s text via `render`, then calls `done`. Answers a stop function. */
export function countdown(seconds: number, render: (left: number) => void, done: () => void): () => void {
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

/** A refused code request: how long to wait (429 and 503 say, in Retry-After), then the button works again. */
export function waitThenEnable(
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

/** How a code screen asks for codes and checks them: by a link's token or by account and address. */
export interface CodeFlow {
  send(): Promise<ApiResult<CodeRequested>>;
  verify(session: string, code: string): Promise<ApiResult<Verification>>;
  verified(verification: Verification): void;
}

/** The code, with a resend button that waits as long as the API says. */
export function codeScreen(sent: CodeRequested, flow: CodeFlow): void {
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
    const again = await flow.send().catch(() => undefined);
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
    const verified = await flow.verify(session, code).catch(() => undefined);
    verify.disabled = false;
    if (!verified) {
      error.textContent = 'Could not reach FieldPass. Check your connection and try again.';
      return;
    }
    if (verified.ok) {
      stopCountdown();
      flow.verified(verified.body);
      return;
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

/**
 * The current terms, when the portal asks for them; `accepted` runs once they are accepted (or
 * were meanwhile), `accessEnded` answers true when a refusal ended the visit.
 */
export function termsScreen(
  idToken: string,
  terms: Terms,
  accepted: () => void,
  accessEnded: (failure: { code: string; status: number }) => boolean,
): void {
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
      idToken,
      body: { version: terms.version },
    }).catch(() => undefined);
    accept.disabled = false;
    if (!answer) error.textContent = 'Could not reach FieldPass. Check your connection and try again.';
    else if (answer.ok || answer.code === 'TERMS_VERSION_OUTDATED') accepted();
    else if (!accessEnded(answer)) error.textContent = answer.message;
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
