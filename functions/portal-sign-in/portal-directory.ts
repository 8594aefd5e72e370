import { randomBytes } from 'node:crypto';
import { isAwsError } from '#shared/aws-request';
import { clientSecretHash, cognito } from '#shared/cognito';
import { requireEnv } from '#shared/env';

/**
 * The portal user pool: external users prove control of their e-mail address here, through the
 * CUSTOM_AUTH triggers (email-code.ts). Each external user is a user named by their id, with the
 * immutable `custom:accountId`; no address, name or password is kept in Cognito. What they may
 * reach is decided on every request from FieldPass's own records.
 */
const userPoolId = requireEnv('PORTAL_USER_POOL_ID');
const clientId = requireEnv('PORTAL_USER_POOL_CLIENT_ID');

/*
 * The app client has a secret, so a session this API starts can be answered only with SECRET_HASH,
 * which only the API can make (shared/cognito.ts `clientSecretHash`).
 */
const secretHashFor = clientSecretHash(userPoolId, clientId);

/**
 * Creates the external user in the pool, with no message; one that exists already is fine. A
 * permanent random password nobody learns confirms the user, so no temporary password can expire
 * under them; the client allows no password sign-in anyway.
 */
export async function ensurePortalUser(accountId: string, externalUserId: string): Promise<void> {
  try {
    await cognito('AdminCreateUser', {
      UserPoolId: userPoolId,
      Username: externalUserId,
      UserAttributes: [{ Name: 'custom:accountId', Value: accountId }],
      MessageAction: 'SUPPRESS',
    });
  } catch (error) {
    if (!isAwsError(error, 'UsernameExistsException')) throw error;
  }
  await cognito('AdminSetUserPassword', {
    UserPoolId: userPoolId,
    Username: externalUserId,
    // Letters, digits and symbols, so any password policy the pool has is met.
    Password: `${randomBytes(24).toString('base64url')}aA1!`,
    Permanent: true,
  });
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
  const result = await cognito('AdminInitiateAuth', {
    UserPoolId: userPoolId,
    ClientId: clientId,
    AuthFlow: 'CUSTOM_AUTH',
    AuthParameters: { USERNAME: username, ...(await secretHashFor(username)) },
    ...(sendId ? { ClientMetadata: { sendId } } : {}),
  });
  return challengeOf(result);
}

/**
 * The answer's outcome: tokens, another try, or a sign-in that is over: `locked_out` by this
 * answer, the last wrong one (R4), or `expired`: a session too old, used already or unknown.
 */
export type CodeAnswerOutcome =
  | { kind: 'verified'; idToken: string; refreshToken?: string }
  | { kind: 'wrong'; challenge: CodeChallenge }
  | { kind: 'ended'; reason: 'locked_out' | 'expired' };

// What Cognito says when DefineAuthChallenge fails the sign-in; a bad session is "Invalid session …".
const FAILED_SIGN_IN = 'Incorrect username or password.';

/** AdminRespondToAuthChallenge with the code; Verify judges it and Define decides what follows. */
export async function answerCodeChallenge(username: string, session: string, code: string): Promise<CodeAnswerOutcome> {
  try {
    const result = await cognito('AdminRespondToAuthChallenge', {
      UserPoolId: userPoolId,
      ClientId: clientId,
      ChallengeName: 'CUSTOM_CHALLENGE',
      ChallengeResponses: { USERNAME: username, ANSWER: code, ...(await secretHashFor(username)) },
      Session: session,
    });
    const tokens = result.AuthenticationResult;
    if (tokens?.IdToken) return { kind: 'verified', idToken: tokens.IdToken };
    return { kind: 'wrong', challenge: challengeOf(result) };
  } catch (error) {
    // Expired or used session, three wrong answers, a user disabled meanwhile.
    if (isAwsError(error, 'NotAuthorizedException') || isAwsError(error, 'UserNotFoundException')) {
      return { kind: 'ended', reason: error.message === FAILED_SIGN_IN ? 'locked_out' : 'expired' };
    }
    throw error;
  }
}
