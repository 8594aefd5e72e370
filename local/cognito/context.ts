import type { AuthSessions } from './auth/sessions';
import type { Pool, PoolClient, PoolDirectory } from './config';
import { resourceNotFound } from './errors';
import type { TokenSigner } from './signing-key';
import type { CognitoState } from './state';

/** What every operation works with: configuration, state, the signer, sessions and time. */
export interface ServerContext {
  directory: PoolDirectory;
  state: CognitoState;
  signer: TokenSigner;
  sessions: AuthSessions;
  clock: () => Date;
  /** The `iss` of the pool's tokens: `${url}/${poolId}`. */
  issuer(poolId: string): string;
  /** Delivers an AdminCreateUser invitation, as Cognito's e-mail would. */
  sendInvitation?: (invitation: Invitation) => Promise<void>;
  /** Delivers a ForgotPassword code, as Cognito's e-mail would. */
  sendCode?: (message: { poolId: string; email: string; code: string }) => Promise<void>;
}

/** What Cognito's invitation e-mail tells a new user. */
export interface Invitation {
  poolId: string;
  email: string;
  signInName: string;
  temporaryPassword: string;
}

/** The pool, or ResourceNotFoundException worded as Cognito words it. */
export function requirePool(ctx: ServerContext, poolId: string): Pool {
  const pool = ctx.directory.pools.get(poolId);
  if (!pool) throw resourceNotFound(`User pool ${poolId} does not exist.`);
  return pool;
}

/** The app client (of `pool` when given), or ResourceNotFoundException. */
export function requireClient(ctx: ServerContext, clientId: string, pool?: Pool): PoolClient {
  const client = pool ? pool.clients.get(clientId) : ctx.directory.clients.get(clientId);
  if (!client) throw resourceNotFound(`User pool client ${clientId} does not exist.`);
  return client;
}
