import { clientSecretHash, cognito } from '#shared/cognito';
import { requireEnv } from '#shared/env';

/*
 * The portal pool's impersonation app client (decision 0006): CUSTOM_AUTH only, a secret that never
 * leaves AWS, and ID tokens of 30 minutes. Its tokens open the portal's routes like the portal
 * client's, and the pipeline knows them by their `aud` as impersonation sessions: read-only.
 */
const userPoolId = requireEnv('PORTAL_USER_POOL_ID');
const clientId = requireEnv('PORTAL_IMPERSONATION_CLIENT_ID');

const secretHashFor = clientSecretHash(userPoolId, clientId);

/**
 * Signs the external user in on the impersonation client with a grant: AdminInitiateAuth
 * (CUSTOM_AUTH, ClientMetadata naming the grant: Create asks for its secret and sends nothing),
 * then AdminRespondToAuthChallenge with the secret (Verify checks it against the grant). Answers
 * the ID token; the refresh token is dropped, so the session cannot outlive its token.
 */
export async function signInWithGrant(username: string, grantId: string, secret: string): Promise<string> {
  const clientMetadata = { impersonationGrant: grantId };
  const started = await cognito('AdminInitiateAuth', {
    UserPoolId: userPoolId,
    ClientId: clientId,
    AuthFlow: 'CUSTOM_AUTH',
    AuthParameters: { USERNAME: username, ...(await secretHashFor(username)) },
    ClientMetadata: clientMetadata,
  });
  if (started.ChallengeName !== 'CUSTOM_CHALLENGE' || !started.Session) {
    throw new Error(`Unexpected impersonation sign-in step ${started.ChallengeName ?? 'none'}`);
  }
  const answered = await cognito('AdminRespondToAuthChallenge', {
    UserPoolId: userPoolId,
    ClientId: clientId,
    ChallengeName: 'CUSTOM_CHALLENGE',
    ChallengeResponses: { USERNAME: username, ANSWER: secret, ...(await secretHashFor(username)) },
    Session: started.Session,
    ClientMetadata: clientMetadata,
  });
  const idToken = answered.AuthenticationResult?.IdToken;
  if (!idToken) throw new Error('The impersonation grant was not accepted');
  return idToken;
}
