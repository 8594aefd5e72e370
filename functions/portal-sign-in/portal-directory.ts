import { randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  NotAuthorizedException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { requireEnv } from '#shared/env';
import { logger } from '#shared/logger';

/**
 * The portal user pool: external users prove control of their e-mail address here, through the
 * CUSTOM_AUTH triggers (email-code.ts). Each external user is a user named by their id, with the
 * immutable `custom:accountId`; no address, name or password is kept in Cognito. What they may
 * reach is decided on every request from FieldPass's own records.
 */
const cognito = new CognitoIdentityProviderClient({});
const userPoolId = requireEnv('PORTAL_USER_POOL_ID');
const clientId = requireEnv('PORTAL_USER_POOL_CLIENT_ID');

/**
 * Creates the external user in the pool, with no message; one that exists already is fine. A
 * permanent random password nobody learns confirms the user, so no temporary password can expire
 * under them; the client allows no password sign-in anyway.
 */
export async function ensurePortalUser(accountId: string, externalUserId: string): Promise<void> {
  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: externalUserId,
        UserAttributes: [{ Name: 'custom:accountId', Value: accountId }],
        MessageAction: 'SUPPRESS',
      }),
    );
  } catch (error) {
    if (!(error instanceof UsernameExistsException)) throw error;
  }
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: externalUserId,
      // Letters, digits and symbols, so any password policy the pool has is met.
      Password: `${randomBytes(24).toString('base64url')}aA1!`,
      Permanent: true,
    }),
  );
}

/** A started sign-in: the opaque Cognito session the answer must come back with. */
export interface CodeChallenge {
  session: string;
  attemptsRemaining: number;
}

function challengeOf(result: {
  ChallengeName?: string | undefined;
  Session?: string | undefined;
  ChallengeParameters?: Record<string, string> | undefined;
}): CodeChallenge {
  if (result.ChallengeName !== 'CUSTOM_CHALLENGE' || !result.Session) {
    throw new Error(`Unexpected portal sign-in step ${result.ChallengeName ?? 'none'}`);
  }
  return { session: result.Session, attemptsRemaining: Number(result.ChallengeParameters?.attemptsRemaining ?? 0) };
}

/**
 * AdminInitiateAuth (CUSTOM_AUTH): runs Define and Create, which e-mails the code of ticket
 * `sendId`. For a username that does not exist the pool answers the same way and sends nothing.
 */
export async function startCodeSignIn(username: string, sendId?: string): Promise<CodeChallenge> {
  const result = await cognito.send(
    new AdminInitiateAuthCommand({
      UserPoolId: userPoolId,
      ClientId: clientId,
      AuthFlow: 'CUSTOM_AUTH',
      AuthParameters: { USERNAME: username },
      ...(sendId ? { ClientMetadata: { sendId } } : {}),
    }),
  );
  return challengeOf(result);
}

/** The answer's outcome: tokens, another try, or a sign-in that is over. */
export type CodeAnswerOutcome =
  | { kind: 'verified'; idToken: string; refreshToken?: string }
  | { kind: 'wrong'; challenge: CodeChallenge }
  | { kind: 'ended' };

/** AdminRespondToAuthChallenge with the code; Verify judges it and Define decides what follows. */
export async function answerCodeChallenge(username: string, session: string, code: string): Promise<CodeAnswerOutcome> {
  try {
    const result = await cognito.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: userPoolId,
        ClientId: clientId,
        ChallengeName: 'CUSTOM_CHALLENGE',
        ChallengeResponses: { USERNAME: username, ANSWER: code },
        Session: session,
      }),
    );
    const tokens = result.AuthenticationResult;
    if (tokens?.IdToken) return { kind: 'verified', idToken: tokens.IdToken };
    return { kind: 'wrong', challenge: challengeOf(result) };
  } catch (error) {
    // Expired or used session, three wrong answers, a user disabled meanwhile.
    if (error instanceof NotAuthorizedException || error instanceof UserNotFoundException) return { kind: 'ended' };
    throw error;
  }
}

/**
 * Signs the external user out everywhere (R13): Cognito revokes their refresh tokens. One who
 * never signed in is fine. A failure is logged, not thrown: the change that called for it is
 * written already, and every portal request refuses them from then on anyway (R12).
 */
export async function signOutPortalUser(externalUserId: string): Promise<void> {
  try {
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: externalUserId }));
  } catch (error) {
    if (error instanceof UserNotFoundException) return;
    logger.error('Global sign-out of an external user failed', { externalUserId, error: (error as Error).name });
  }
}
