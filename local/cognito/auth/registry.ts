import { customAuth, customChallengeResponder } from './custom-auth';
import { newPasswordResponder } from './new-password';
import { adminUserPasswordAuth, userPasswordAuth } from './password-auth';
import { refreshTokenAuth } from './refresh-token-auth';
import type { AuthFlow, ChallengeResponder } from './types';

/** Every AuthFlow value the local Cognito accepts, legacy aliases included. */
export const authFlows: ReadonlyMap<string, AuthFlow> = new Map([
  ['USER_PASSWORD_AUTH', userPasswordAuth],
  ['ADMIN_USER_PASSWORD_AUTH', adminUserPasswordAuth],
  ['ADMIN_NO_SRP_AUTH', adminUserPasswordAuth],
  ['REFRESH_TOKEN_AUTH', refreshTokenAuth],
  ['REFRESH_TOKEN', refreshTokenAuth],
  ['CUSTOM_AUTH', customAuth],
]);

/** Real Cognito flows this stand-in does not speak (SRP needs the client-side SRP maths). */
export const unsupportedAuthFlows: ReadonlySet<string> = new Set(['USER_SRP_AUTH', 'USER_AUTH']);

/** Every ChallengeName RespondToAuthChallenge accepts. */
export const challengeResponders: ReadonlyMap<string, ChallengeResponder> = new Map([
  ['NEW_PASSWORD_REQUIRED', newPasswordResponder],
  ['CUSTOM_CHALLENGE', customChallengeResponder],
]);
