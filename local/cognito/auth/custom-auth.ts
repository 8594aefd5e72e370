import { invalidParameter } from '../errors';
import type { AuthFlow } from './types';

/**
 * CUSTOM_AUTH — the place for the portal's flow. It will run Cognito's state machine here:
 * DefineAuthChallenge → CreateAuthChallenge → (RespondToAuthChallenge CUSTOM_CHALLENGE →
 * VerifyAuthChallengeResponse → DefineAuthChallenge …), invoking `pool.triggers` with real
 * Cognito trigger events, keeping the challenge history in the session's `state`, and ending in
 * an `AuthStep` (`authenticated`, or another `challenge`). A `ChallengeResponder` for
 * CUSTOM_CHALLENGE registered in `registry.ts` answers the steps; nothing else needs to change.
 */
export const customAuth: AuthFlow = {
  operations: new Set(['InitiateAuth', 'AdminInitiateAuth']),
  enabledBy: ['ALLOW_CUSTOM_AUTH', 'CUSTOM_AUTH_FLOW_ONLY'],
  notEnabledMessage: 'CUSTOM_AUTH flow not enabled for this client',
  async start(ctx) {
    if (!ctx.pool.triggers.defineAuthChallenge) throw invalidParameter('Custom auth lambda trigger is not configured for the user pool.');
    throw invalidParameter('CUSTOM_AUTH is not implemented by the local Cognito yet');
  },
};
