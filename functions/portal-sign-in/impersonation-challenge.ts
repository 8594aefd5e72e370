import { createHash, timingSafeEqual } from 'node:crypto';
import type { CreateAuthChallengeTriggerEvent, VerifyAuthChallengeResponseTriggerEvent } from 'aws-lambda';
import type { Clock } from '#shared/clock';
import { logger } from '#shared/logger';
import { findImpersonationGrant } from './impersonation-grant-repository';

/*
 * The impersonation sign-in (decision 0006), beside the e-mailed code in the same CUSTOM_AUTH
 * triggers: the staff route `POST /external-users/{id}/impersonation` writes a one-time grant and
 * starts CUSTOM_AUTH with the grant's id (ClientMetadata.impersonationGrant); Create asks for the
 * grant's secret and sends nothing; Verify accepts only the secret of an unexpired grant written
 * for this very user. No e-mail, no code, and no sign-in noted as the external user's own.
 */

/** ClientMetadata's name for the grant's id. */
export const IMPERSONATION_GRANT = 'impersonationGrant';
/** The challenge metadata of an impersonation challenge: Define allows it one answer. */
export const IMPERSONATION_METADATA_PREFIX = 'IMP:';

const GRANT_ID = /^[\w-]{1,64}$/;

/** The grant id a sign-in names in its ClientMetadata, if it names a well-formed one. */
export function impersonationGrantOf(clientMetadata: Record<string, string> | undefined): string | undefined {
  const grantId = clientMetadata?.[IMPERSONATION_GRANT];
  return grantId && GRANT_ID.test(grantId) ? grantId : undefined;
}

/** CreateAuthChallenge for an impersonation: the grant's id, kept private; nothing is sent. */
export function createImpersonationChallenge(
  event: CreateAuthChallengeTriggerEvent,
  grantId: string,
): CreateAuthChallengeTriggerEvent {
  event.response.publicChallengeParameters = { attemptsRemaining: '1' };
  event.response.privateChallengeParameters = { grantId };
  event.response.challengeMetadata = `${IMPERSONATION_METADATA_PREFIX}${grantId}`;
  return event;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * VerifyAuthChallengeResponse for an impersonation: right only when the grant exists, is for this
 * account and user, is still valid, and the answer is its secret (compared in constant time).
 */
export async function verifyImpersonationAnswer(
  event: VerifyAuthChallengeResponseTriggerEvent,
  grantId: string,
  clock: Clock,
): Promise<VerifyAuthChallengeResponseTriggerEvent> {
  const accountId = event.request.userAttributes['custom:accountId'];
  const answer = sha256(String(event.request.challengeAnswer ?? ''));
  const grant = accountId && !event.request.userNotFound ? await findImpersonationGrant(accountId, grantId) : undefined;
  const stored = grant ? Buffer.from(grant.secretHash, 'base64url') : Buffer.alloc(answer.length);
  const matches = stored.length === answer.length && timingSafeEqual(stored, answer);
  event.response.answerCorrect =
    grant !== undefined &&
    matches &&
    grant.externalUserId === event.userName &&
    grant.validUntil > clock().toISOString();
  if (!event.response.answerCorrect) logger.warn('Impersonation grant refused', { grantId });
  return event;
}

/** The stored form of a grant's secret: its SHA-256, base64url. */
export const grantSecretHash = (secret: string) => sha256(secret).toString('base64url');
