import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { AppError, TooManyRequestsError, UnauthorizedError, ValidationError } from '#shared/errors';
import { logger } from '#shared/logger';
import { countMetric } from '#shared/metrics';
import { portalVerificationHours } from '#shared/portal-verification';
import { hasActiveClientAccess } from '../external-users/client-access-repository';
import { type ResolvedLink, resolveLink } from '../links/link-state';
import { hashLinkToken } from '../links/link-token';
import { findAddressSignIn } from './client-sign-in-repository';
import { findCodeSends, recordSignInFailure, reserveSend, type SignInFailureReason } from './code-send-repository';
import { maskEmail } from './masked-email';
import { codeLength, codeLifetimeMinutes, maxWrongAnswers } from './one-time-code';
import { answerCodeChallenge, ensurePortalUser, startCodeSignIn } from './portal-directory';
import type { CodeRequested, PortalVerification } from './portal-sign-in.contract';
import { decideSend, minSecondsBetweenSends } from './send-limit';

/**
 * Whom a sign-in signs in, when it may: the external user, and the item of the link it came
 * through (none for a sign-in without a link).
 */
interface SignInTarget {
  accountId: string;
  externalUserId: string;
  email: string;
  item?: { type: 'job' | 'incident'; id: string; title: string };
  accountName: string;
  /** `bounced` or `complained` when the address gets no e-mail (functions/deliverability/). */
  deliverability?: string | undefined;
}

/**
 * How a sign-in names the person: the token of one of their e-mailed links, or (a client contact
 * with no link, seeds 001 and 002) the account and the address their client access was given to.
 */
export type SignInBy = { token: string } | { accountId: string; email: string };

/**
 * The way a request signs in: the `x-link-token` header or the body's account and address,
 * exactly one of the two (400 naming what is missing or extra otherwise).
 */
export function signInBy(
  token: string | undefined,
  address: { account?: string; email?: string } | undefined,
): SignInBy {
  const account = address?.account;
  const email = address?.email;
  if (token !== undefined && (account !== undefined || email !== undefined)) {
    throw new ValidationError('Send either the link token or an account and address, not both', [
      {
        path: 'headers.x-link-token',
        code: 'custom',
        message: 'must be left out when the body names an account and address',
      },
    ]);
  }
  if (token !== undefined) return { token };
  if (account !== undefined && email !== undefined) return { accountId: account, email: email.toLowerCase() };
  const missing = (path: string) => ({ path, code: 'invalid_type', message: 'required without x-link-token' });
  throw new ValidationError('Send the link token, or an account and address to sign in without a link', [
    // Nothing at all: the link token is what most callers (the page, from a link) left out.
    ...(account === undefined && email === undefined
      ? [
          {
            path: 'headers.x-link-token',
            code: 'invalid_type',
            message: 'required, unless the body names an account and address',
          },
        ]
      : []),
    ...(account === undefined ? [missing('body.account')] : []),
    ...(email === undefined ? [missing('body.email')] : []),
  ]);
}

/** Whom a link signs in: an active external user on an active assignment (completed and past due included). */
function linkTarget(resolved: ResolvedLink): SignInTarget | undefined {
  const { link, externalUser, item, account } = resolved;
  if (resolved.state.state === 'revoked' || !link || !externalUser?.email) return undefined;
  return {
    accountId: link.accountId,
    externalUserId: link.externalUserId,
    email: externalUser.email,
    item: { type: link.itemType, id: link.itemId, title: item?.title ?? '' },
    accountName: account?.name ?? 'FieldPass',
    deliverability: externalUser.deliverability?.status,
  };
}

/**
 * Whom an account and address sign in: an external user of that account with that address (any
 * case), active and not past their auto-disable date, with at least one active client access.
 * Anyone else: nobody, after the same two requests.
 */
async function addressTarget(accountId: string, email: string, now: Date): Promise<SignInTarget | undefined> {
  const { user, clientAccess, accountName } = await findAddressSignIn(accountId, email);
  if (!user || user.email !== email || !hasActiveClientAccess(user, clientAccess, now)) return undefined;
  return {
    accountId,
    externalUserId: user.id,
    email: user.email,
    accountName: accountName ?? 'FieldPass',
    deliverability: user.deliverability?.status,
  };
}

/** The sign-in's target, when it may sign someone in. */
async function targetOf(by: SignInBy, clock: Clock): Promise<SignInTarget | undefined> {
  return 'token' in by
    ? linkTarget(await resolveLink(by.token, clock))
    : addressTarget(by.accountId, by.email, clock());
}

/** A stable digest of what names a sign-in that signs nobody in: the link's token, or the account and address. */
const phantomDigest = (by: SignInBy) =>
  'token' in by ? hashLinkToken(by.token) : hashLinkToken(`${by.accountId}\n${by.email}`);

/**
 * The Cognito username a sign-in that may sign nobody in uses: one that never exists, the same for
 * the same link or address. The pool prevents user existence errors, so Cognito runs the same steps
 * for it and answers alike, and the trigger sends nothing (R10).
 */
const phantomUsername = (by: SignInBy) => `nobody-${phantomDigest(by).slice(0, 32)}`;

/**
 * Where a phantom code "went": for an address, that address masked, as a real send shows it; for a
 * link, a plausible masked address, stable per token.
 */
function phantomSentTo(by: SignInBy): string {
  if (!('token' in by)) return maskEmail(by.email);
  const hash = phantomDigest(by);
  const letter = (i: number) => String.fromCharCode(97 + (hash.charCodeAt(i) % 26));
  return `${letter(0)}•••@${letter(1)}•••.com`;
}

const requested = (session: string, sentTo: string, attemptsRemaining: number): CodeRequested => ({
  session,
  sentTo,
  codeLength,
  expiresInSeconds: codeLifetimeMinutes * 60,
  resendAfterSeconds: minSecondsBetweenSends,
  attemptsRemaining,
});

/**
 * Sends a one-time code for the link, or for the account and address (POST only: R9). For a link
 * that gives access, or an address with an active client access: the rate limit, per person
 * whichever way they sign in (429 with Retry-After), then in one transaction the send window and a
 * send ticket, then Cognito's CUSTOM_AUTH, whose CreateAuthChallenge trigger claims the ticket and
 * e-mails the code. Any other link or address gets the same answer, from a real Cognito
 * challenge, and nothing is sent (R10).
 */
export async function requestCode(by: SignInBy, clock: Clock = systemClock): Promise<CodeRequested> {
  const found = await targetOf(by, clock);
  const suppressed = found?.deliverability === 'bounced' || found?.deliverability === 'complained';
  if (found && suppressed) {
    countMetric('EmailSuppressed', { state: found.deliverability ?? '', recipientKind: 'external' });
    // No code can reach the address. A link's holder is told so (the link's state already tells
    // them it gives access); an address sign-in answers as for anyone, sending nothing (R10).
    if ('token' in by) {
      throw new AppError(
        409,
        'EMAIL_UNDELIVERABLE',
        found.deliverability === 'bounced'
          ? 'E-mail to your address bounced, so no code can be sent: ask the person who invited you to correct it'
          : 'E-mail to your address was marked as spam, so no code is sent: ask the person who invited you to correct it',
        { deliverability: found.deliverability },
      );
    }
  }
  const target = suppressed ? undefined : found;
  if (!target) {
    const challenge = await startCodeSignIn(phantomUsername(by));
    logger.info('Portal code requested for a link or address that gives no access; nothing sent');
    return requested(challenge.session, phantomSentTo(by), challenge.attemptsRemaining);
  }
  const now = clock();
  const previous = await findCodeSends(target.accountId, target.externalUserId);
  const decision = decideSend(previous?.sentAt ?? [], now);
  if (!decision.allowed) {
    logger.info('Portal code refused by the send limit', { externalUserId: target.externalUserId });
    countMetric('PortalCodeRefused');
    throw new TooManyRequestsError(
      `A code was sent recently: ask again in ${decision.retryAfterSeconds} seconds`,
      decision.retryAfterSeconds,
    );
  }
  if (!previous?.portalUser) await ensurePortalUser(target.accountId, target.externalUserId);
  const sendId = randomUUID();
  await reserveSend({ ...target, sendId }, previous, decision.recent, now, () => {
    // Another request for the same user won the race: this one counts as too soon.
    countMetric('PortalCodeRefused');
    return new TooManyRequestsError('A code was sent just now: ask again in a minute', minSecondsBetweenSends);
  });
  let challenge: Awaited<ReturnType<typeof startCodeSignIn>>;
  try {
    challenge = await startCodeSignIn(target.externalUserId, sendId);
  } catch (error) {
    // The trigger failed, SES refusing the address or being down: say so, without SES's message.
    if ((error as Error).name === 'UserLambdaValidationException') {
      logger.warn('Portal code could not be sent', { externalUserId: target.externalUserId, sendId });
      throw new AppError(
        503,
        'CODE_NOT_SENT',
        `The code could not be sent: ask again in ${minSecondsBetweenSends} seconds`,
        { retryAfterSeconds: minSecondsBetweenSends },
        { 'retry-after': String(minSecondsBetweenSends) },
      );
    }
    throw error;
  }
  logger.info('Portal code requested', { externalUserId: target.externalUserId, sendId });
  return requested(challenge.session, maskEmail(target.email), challenge.attemptsRemaining);
}

/** `auth_time` of a token Cognito just issued (no need to verify what came straight from it). */
function authTimeOf(idToken: string, fallback: Date): Date {
  try {
    const payload = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      auth_time?: number;
    };
    return typeof payload.auth_time === 'number' ? new Date(payload.auth_time * 1000) : fallback;
  } catch {
    return fallback;
  }
}

const codeEnded = () =>
  new UnauthorizedError(
    'This code has expired, was used already or had too many wrong answers: ask for a new code',
    'CODE_EXPIRED',
  );

/**
 * Notes a failed answer in the external user's activity (one UpdateItem, never the code) and logs
 * it naming the user. A link that gives no access signs in nobody, so there is no one to note.
 */
async function failedSignIn(
  target: SignInTarget | undefined,
  reason: SignInFailureReason,
  attemptsLeft: number,
  clock: Clock,
): Promise<void> {
  if (!target) {
    logger.info('Portal sign-in refused for a link or address that gives no access', { reason });
    return;
  }
  const { accountId, externalUserId, item } = target;
  const failure = { reason, attemptsLeft, ...(item ? { item: { type: item.type, id: item.id } } : {}) };
  const noted = await recordSignInFailure(accountId, externalUserId, failure, clock());
  logger.info('Portal sign-in failed', {
    externalUserId,
    reason,
    attemptsLeft,
    ...(noted ? {} : { noCodeSent: true }),
  });
}

/**
 * Checks a code for the link, or for the account and address. The link or address is decided
 * again, so a link revoked or a client access ended since the code was sent signs nobody in. A
 * wrong answer is 401 CODE_INCORRECT with the session for the next try and the attempts left (three
 * in all, R4); an expired, used or failed session 401 CODE_EXPIRED. Each failure is noted in the
 * external user's activity; the sign-in itself is noted by the pool's PostAuthentication trigger,
 * which every sign-in passes (R17). A sign-in without a link answers `item: null`.
 */
export async function verifyCode(
  by: SignInBy,
  answer: { session: string; code: string },
  clock: Clock = systemClock,
): Promise<PortalVerification> {
  const target = await targetOf(by, clock);
  const username = target?.externalUserId ?? phantomUsername(by);
  const outcome = await answerCodeChallenge(username, answer.session, answer.code);
  if (outcome.kind === 'wrong') {
    const left = outcome.challenge.attemptsRemaining;
    await failedSignIn(target, 'incorrect', left, clock);
    throw new AppError(401, 'CODE_INCORRECT', `That code is not right: ${left} of ${maxWrongAnswers} attempts left`, {
      session: outcome.challenge.session,
      attemptsRemaining: left,
    });
  }
  if (outcome.kind === 'ended' || !target) {
    await failedSignIn(target, outcome.kind === 'ended' ? outcome.reason : 'expired', 0, clock);
    throw codeEnded();
  }
  const verifiedAt = authTimeOf(outcome.idToken, clock());
  logger.info('Portal sign-in: verified', { externalUserId: target.externalUserId });
  return {
    idToken: outcome.idToken,
    verifiedUntil: new Date(verifiedAt.getTime() + portalVerificationHours * 3600_000).toISOString(),
    item: target.item ? { type: target.item.type, id: target.item.id } : null,
  };
}
