import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { transactWrite } from '#shared/data/table';
import { AppError, TooManyRequestsError, UnauthorizedError } from '#shared/errors';
import { logger } from '#shared/logger';
import { countMetric } from '#shared/metrics';
import { portalVerificationHours } from '#shared/portal-verification';
import { type ResolvedLink, resolveLink } from '../links/link-state';
import { hashLinkToken } from '../links/link-token';
import {
  findCodeSends,
  recordSignInFailure,
  reserveSendWrites,
  type SignInFailureReason,
} from './code-send-repository';
import { maskEmail } from './masked-email';
import { codeLength, codeLifetimeMinutes, maxWrongAnswers } from './one-time-code';
import { answerCodeChallenge, ensurePortalUser, startCodeSignIn } from './portal-directory';
import type { CodeRequested, PortalVerification } from './portal-sign-in.contract';
import { decideSend, minSecondsBetweenSends } from './send-limit';

/** The link's sign-in target: the external user and the item, when the link gives access. */
interface SignInTarget {
  accountId: string;
  externalUserId: string;
  email: string;
  itemType: 'job' | 'incident';
  itemId: string;
  itemTitle: string;
  accountName: string;
}

/** Whom a link signs in: an active external user on an active assignment (completed and past due included). */
function signInTarget(resolved: ResolvedLink): SignInTarget | undefined {
  const { link, externalUser, item, account } = resolved;
  if (resolved.state.state === 'revoked' || !link || !externalUser?.email) return undefined;
  return {
    accountId: link.accountId,
    externalUserId: link.externalUserId,
    email: externalUser.email,
    itemType: link.itemType,
    itemId: link.itemId,
    itemTitle: item?.title ?? '',
    accountName: account?.name ?? 'FieldPass',
  };
}

/**
 * The Cognito username a link that gives no access signs in as: one that never exists, the same
 * for the same token. The pool prevents user existence errors, so Cognito runs the same steps
 * for it and answers alike, and the trigger sends nothing (R10).
 */
const phantomUsername = (token: string) => `nobody-${hashLinkToken(token).slice(0, 32)}`;

/** A plausible masked address for a link that gives no access, stable per token. */
function phantomSentTo(token: string): string {
  const hash = hashLinkToken(token);
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
 * Sends a one-time code for the link (POST only: R9). For a link that gives access: the rate
 * limit (429 with Retry-After), then in one transaction the send window and a send ticket, then
 * Cognito's CUSTOM_AUTH, whose CreateAuthChallenge trigger claims the ticket and e-mails the code.
 * Any other link gets the same answer, from a real Cognito challenge, and nothing is sent (R10).
 */
export async function requestCode(token: string, clock: Clock = systemClock): Promise<CodeRequested> {
  const resolved = await resolveLink(token, clock);
  const target = signInTarget(resolved);
  if (!target) {
    const challenge = await startCodeSignIn(phantomUsername(token));
    logger.info('Portal code requested for a link that gives no access; nothing sent');
    return requested(challenge.session, phantomSentTo(token), challenge.attemptsRemaining);
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
  await transactWrite(reserveSendWrites({ ...target, sendId }, previous, decision.recent, now), () => {
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
    logger.info('Portal sign-in refused for a link that gives no access', { reason });
    return;
  }
  const { accountId, externalUserId } = target;
  const item = { type: target.itemType, id: target.itemId };
  const noted = await recordSignInFailure(accountId, externalUserId, { reason, attemptsLeft, item }, clock());
  logger.info('Portal sign-in failed', {
    externalUserId,
    reason,
    attemptsLeft,
    ...(noted ? {} : { noCodeSent: true }),
  });
}

/**
 * Checks a code for the link. The link is resolved again, so a link revoked since the code was
 * sent signs nobody in. A wrong answer is 401 CODE_INCORRECT with the session for the next try
 * and the attempts left (three in all, R4); an expired, used or failed session 401 CODE_EXPIRED.
 * Each failure is noted in the external user's activity; the sign-in itself is noted by the pool's
 * PostAuthentication trigger, which every sign-in passes (R17).
 */
export async function verifyCode(
  token: string,
  answer: { session: string; code: string },
  clock: Clock = systemClock,
): Promise<PortalVerification> {
  const resolved = await resolveLink(token, clock);
  const target = signInTarget(resolved);
  const username = target?.externalUserId ?? phantomUsername(token);
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
    item: { type: target.itemType, id: target.itemId },
  };
}
