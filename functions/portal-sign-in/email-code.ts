import type {
  CreateAuthChallengeTriggerEvent,
  DefineAuthChallengeTriggerEvent,
  PostAuthenticationTriggerEvent,
  VerifyAuthChallengeResponseTriggerEvent,
} from 'aws-lambda';
import { type Clock, systemClock } from '#shared/clock';
import type { SendEmail } from '#shared/email';
import { logger } from '#shared/logger';
import { countMetric } from '#shared/metrics';
import { codeEmail } from './code-email';
import { claimTicket, findCodeSends, findTicket, recordSignIn } from './code-send-repository';
import {
  type CodeDigest,
  codeMatches,
  digestCode,
  maxWrongAnswers,
  newOneTimeCode,
  unmatchableDigest,
} from './one-time-code';

/*
 * The e-mailed one-time code, as Cognito CUSTOM_AUTH: the three challenge trigger handlers and
 * the PostAuthentication one are thin dispatchers over the functions here.
 *
 * A code is sent only for a send ticket the sign-in request wrote after checking the link, the
 * external user, the assignment and the rate limit; the ticket's id is the one thing the request
 * passes (ClientMetadata.sendId). Anyone calling InitiateAuth without a ticket gets a challenge
 * that no answer passes and no e-mail. The code itself lives only in the e-mail: the challenge
 * keeps a salted scrypt digest (R6), also on the ticket so a repeated invocation of the trigger
 * answers the same challenge and sends nothing (R5). The events are never logged (R11).
 */

/** Where the digest travels between rounds: `challengeMetadata`, which only the triggers see. */
const METADATA_PREFIX = 'CODE:';

interface ChallengeSecret extends CodeDigest {
  /** The ticket the code was sent for; empty for a challenge that leads nowhere. */
  sendId: string;
}

const encodeSecret = (secret: ChallengeSecret) => `${METADATA_PREFIX}${secret.sendId}:${secret.salt}:${secret.hash}`;

function decodeSecret(metadata: string | undefined): ChallengeSecret | undefined {
  if (!metadata?.startsWith(METADATA_PREFIX)) return undefined;
  const [sendId, salt, hash] = metadata.slice(METADATA_PREFIX.length).split(':');
  return salt && hash && sendId !== undefined ? { sendId, salt, hash } : undefined;
}

/**
 * DefineAuthChallenge: ask for the code; tokens after a right answer; a failed sign-in after
 * three wrong ones (R4), or after anything but our own challenge.
 */
export function defineEmailCodeChallenge(event: DefineAuthChallengeTriggerEvent): DefineAuthChallengeTriggerEvent {
  const rounds = event.request.session ?? [];
  const fail = () => {
    event.response.issueTokens = false;
    event.response.failAuthentication = true;
    return event;
  };
  if (rounds.some((round) => round.challengeName !== 'CUSTOM_CHALLENGE')) return fail();
  const last = rounds.at(-1);
  // An impersonation grant (impersonation-challenge.ts) has one answer: its secret, or nothing.
  if (rounds[0]?.challengeMetadata?.startsWith('IMP:') && last?.challengeResult !== true) return fail();
  if (last?.challengeResult === true) {
    // Cognito never issues tokens for a user that does not exist; refusing here too costs nothing.
    if (event.request.userNotFound) return fail();
    event.response.issueTokens = true;
    event.response.failAuthentication = false;
    return event;
  }
  if (rounds.length >= maxWrongAnswers) return fail();
  event.response.issueTokens = false;
  event.response.failAuthentication = false;
  event.response.challengeName = 'CUSTOM_CHALLENGE';
  return event;
}

export interface EmailCodeDeps {
  sendEmail: SendEmail;
  clock?: Clock;
}

/**
 * CreateAuthChallenge. First round: claim the ticket named by ClientMetadata.sendId, make the
 * code, e-mail it, keep its digest. Later rounds (after a wrong answer) ask again for the same
 * code, sending nothing. `attemptsRemaining` tells the page how many answers are left.
 */
export async function createEmailCodeChallenge(
  event: CreateAuthChallengeTriggerEvent,
  deps: EmailCodeDeps,
): Promise<CreateAuthChallengeTriggerEvent> {
  const rounds = event.request.session ?? [];
  const secret = rounds.length === 0 ? await firstChallenge(event, deps) : decodeSecret(rounds[0]?.challengeMetadata);
  const settled = secret ?? { sendId: '', ...unmatchableDigest() };
  event.response.publicChallengeParameters = { attemptsRemaining: String(maxWrongAnswers - rounds.length) };
  event.response.privateChallengeParameters = { sendId: settled.sendId, salt: settled.salt, hash: settled.hash };
  event.response.challengeMetadata = encodeSecret(settled);
  return event;
}

async function firstChallenge(
  event: CreateAuthChallengeTriggerEvent,
  deps: EmailCodeDeps,
): Promise<ChallengeSecret | undefined> {
  const sendId = event.request.clientMetadata?.sendId;
  const accountId = event.request.userAttributes['custom:accountId'];
  if (event.request.userNotFound || !sendId || !accountId || !/^[\w-]{1,64}$/.test(sendId)) return undefined;
  const externalUserId = event.userName;
  const code = newOneTimeCode();
  const digest = await digestCode(code);
  const clock = deps.clock ?? systemClock;
  const ticket = await claimTicket(accountId, sendId, externalUserId, digest, clock());
  if (!ticket) {
    // Claimed already: Cognito invoked the trigger again for the same sign-in. Same code, no e-mail.
    const earlier = await findTicket(accountId, sendId);
    if (earlier?.externalUserId !== externalUserId || !earlier.codeSalt || !earlier.codeHash) return undefined;
    logger.info('One-time code challenge repeated; no second e-mail', { sendId });
    return { sendId, salt: earlier.codeSalt, hash: earlier.codeHash };
  }
  await deps.sendEmail({
    ...codeEmail(
      {
        to: ticket.email,
        ...(ticket.itemType ? { item: { type: ticket.itemType, title: ticket.itemTitle ?? '' } } : {}),
        accountName: ticket.accountName,
      },
      code,
    ),
    recipient: { accountId, kind: 'external', id: externalUserId },
    // The code request refused a suppressed address before it wrote this send's ticket.
    deliverabilityChecked: true,
  });
  logger.info('One-time code e-mailed', { sendId, itemType: ticket.itemType, itemId: ticket.itemId });
  countMetric('PortalCodeSent');
  return { sendId, ...digest };
}

/**
 * VerifyAuthChallengeResponse: right when the answer hashes to the digest and its send is still
 * the user's newest (one outstanding code, R5); a code works only in the session it was made for
 * (R3), because each session carries its own digest.
 */
export async function verifyEmailCodeAnswer(
  event: VerifyAuthChallengeResponseTriggerEvent,
): Promise<VerifyAuthChallengeResponseTriggerEvent> {
  const { sendId, salt, hash } = event.request.privateChallengeParameters ?? {};
  const answer = String(event.request.challengeAnswer ?? '');
  const accountId = event.request.userAttributes['custom:accountId'];
  let correct = false;
  if (sendId && salt && hash && accountId && !event.request.userNotFound) {
    const [matches, sends] = await Promise.all([
      codeMatches(answer, { salt, hash }),
      findCodeSends(accountId, event.userName),
    ]);
    correct = matches && sends?.latestSendId === sendId;
  } else {
    await codeMatches(answer, unmatchableDigest());
  }
  event.response.answerCorrect = correct;
  if (!correct) countMetric('PortalSignInFailed');
  return event;
}

/**
 * PostAuthentication: notes the sign-in for the audit trail (R17) where every sign-in passes,
 * whoever answered the session, once per code: a repeated invocation notes nothing more.
 */
export async function recordCodeSignIn(
  event: PostAuthenticationTriggerEvent,
  clock: Clock = systemClock,
): Promise<PostAuthenticationTriggerEvent> {
  const accountId = event.request.userAttributes['custom:accountId'];
  const externalUserId = event.userName;
  const noted = accountId ? await recordSignIn(accountId, externalUserId, clock()) : false;
  if (noted) countMetric('PortalSignIn');
  logger.info(noted ? 'Portal sign-in recorded' : 'Portal sign-in noted already, or without a code sent', {
    externalUserId,
  });
  return event;
}
