import { codeLifetimeMinutes } from '../functions/portal-sign-in/one-time-code';
import { impersonationMinutes, portalVerificationHours } from '../functions/shared/portal-verification';

/**
 * How long an external user's sign-in lasts, for the portal pool's client. The session's length is
 * the code module's own constant, so the Cognito session, the `expiresInSeconds` the sign-in route
 * answers and the "expires in 10 minutes" of the e-mail cannot drift apart.
 */
export const portalSignInSettings = {
  /**
   * The CUSTOM_AUTH session, and with it the e-mailed code, lasts 10 minutes (R2): Cognito's
   * AuthSessionValidity, which may be 3 to 15.
   */
  authSessionValidityMinutes: codeLifetimeMinutes,
  /**
   * A verified browser stays signed in for 24 hours: the ID and access tokens' validity, the
   * longest Cognito allows. The API measures the 24 hours from `auth_time` too (R14).
   */
  tokenValidityHours: portalVerificationHours,
  /**
   * A staff user's impersonation session (decision 0006): the impersonation client's ID and access
   * tokens last 30 minutes; the API refuses them 30 minutes after `auth_time` too.
   */
  impersonationTokenValidityMinutes: impersonationMinutes,
} as const;
