import type { Pool, PoolClient } from '../config';
import type { ServerContext } from '../context';
import type { StoredRefreshToken, StoredUser } from '../state';
import type { AuthSession } from './sessions';

/** The operations that start a sign-in. */
export type InitiateOperation = 'InitiateAuth' | 'AdminInitiateAuth';

/** Where a sign-in happens: the server, the pool, the app client and the caller's ClientMetadata. */
export interface AuthContext {
  server: ServerContext;
  pool: Pool;
  client: PoolClient;
  /** The API operation being served, e.g. `AdminInitiateAuth`. */
  operation: string;
  clientMetadata: Record<string, string>;
}

/**
 * Where one step of a sign-in leaves the user. Every flow and every challenge answer ends in one
 * of these; `respondWith` turns it into the API response, so a new flow (CUSTOM_AUTH) only
 * decides the step and never issues tokens or sessions itself.
 */
export type AuthStep =
  /** A completed sign-in: new auth_time, new refresh token. */
  | { kind: 'authenticated'; user: StoredUser }
  /** A refresh: the original sign-in's auth_time, no new refresh token. */
  | { kind: 'refreshed'; user: StoredUser; refreshToken: StoredRefreshToken }
  /**
   * Another challenge: a new `Session` carrying `state` to the next answer. `userNotFound` marks
   * `user` as a stand-in for an unknown username (existence errors prevented).
   */
  | {
      kind: 'challenge';
      user: StoredUser;
      challengeName: string;
      parameters: Record<string, string>;
      state?: unknown;
      userNotFound?: boolean;
    };

/** An AuthFlow value of InitiateAuth / AdminInitiateAuth. */
export interface AuthFlow {
  /** The operations that accept this flow; any other answers "Initiate Auth method not supported." */
  operations: ReadonlySet<InitiateOperation>;
  /** The ExplicitAuthFlows values that enable it on a client. */
  enabledBy: readonly string[];
  /** Cognito's InvalidParameterException message when the client does not enable it. */
  notEnabledMessage: string;
  start(ctx: AuthContext, parameters: Record<string, string>): Promise<AuthStep>;
}

/** The answer to one ChallengeName of RespondToAuthChallenge / AdminRespondToAuthChallenge. */
export interface ChallengeResponder {
  respond(
    ctx: AuthContext,
    user: StoredUser,
    session: AuthSession,
    responses: Record<string, string>,
  ): Promise<AuthStep>;
}
