import { randomBytes } from 'node:crypto';
import type {
  CreateAuthChallengeTriggerHandler,
  DefineAuthChallengeTriggerHandler,
  PostAuthenticationTriggerHandler,
  VerifyAuthChallengeResponseTriggerHandler,
} from 'aws-lambda';

/** An app client of a local user pool, as CDK's `UserPoolClient` would configure it. */
export interface LocalUserPoolClientConfig {
  id: string;
  /** Cognito's `ExplicitAuthFlows`, e.g. `['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']`. */
  explicitAuthFlows: string[];
  /**
   * Give the client a secret (Cognito's `GenerateSecret`), made at start and readable only through
   * DescribeUserPoolClient: every sign-in operation then needs `SECRET_HASH`.
   * @default false
   */
  generateSecret?: boolean;
  /** @default 60 */
  idTokenValidityMinutes?: number;
  /** @default 60 */
  accessTokenValidityMinutes?: number;
  /** @default 30 */
  refreshTokenValidityDays?: number;
}

/** The Lambda triggers a pool invokes in-process, with the same events Cognito sends. */
export interface LocalUserPoolTriggers {
  defineAuthChallenge?: DefineAuthChallengeTriggerHandler;
  createAuthChallenge?: CreateAuthChallengeTriggerHandler;
  verifyAuthChallengeResponse?: VerifyAuthChallengeResponseTriggerHandler;
  /** Runs after every sign-in that issues tokens (not on refresh); a failure fails the sign-in. */
  postAuthentication?: PostAuthenticationTriggerHandler;
}

/** One local user pool: the settings of the deployed pool that change how the API behaves. */
export interface LocalUserPoolConfig {
  /** Pool id, e.g. `local_StaffPool` (Cognito's pattern: `<region>_<alphanumerics>`). */
  id: string;
  clients: LocalUserPoolClientConfig[];
  /**
   * Sign in with these attributes instead of a username (Cognito's `UsernameAttributes`): the
   * internal username is then the user's `sub`, as in Cognito.
   */
  usernameAttributes?: 'email'[];
  /** Attributes that can be given at AdminCreateUser and never written again, e.g. `custom:accountId`. */
  immutableAttributes?: string[];
  /** Answer an unknown user like a wrong password (Cognito's `PreventUserExistenceErrors: ENABLED`). */
  preventUserExistenceErrors?: boolean;
  /** How long a challenge session stays usable. @default 3 */
  authSessionValidityMinutes?: number;
  /**
   * Define/Create/VerifyAuthChallenge handlers for CUSTOM_AUTH, and PostAuthentication, invoked
   * in-process with the events Cognito sends its Lambda triggers. CUSTOM_AUTH needs the first three.
   */
  triggers?: LocalUserPoolTriggers;
}

/** An app client with its validities resolved to seconds. */
export interface PoolClient {
  id: string;
  poolId: string;
  explicitAuthFlows: ReadonlySet<string>;
  /** The client secret, when the client has one. */
  secret?: string;
  idTokenValiditySeconds: number;
  accessTokenValiditySeconds: number;
  refreshTokenValiditySeconds: number;
}

/** A user pool's configuration with defaults applied. */
export interface Pool {
  id: string;
  clients: ReadonlyMap<string, PoolClient>;
  signInWithEmail: boolean;
  immutableAttributes: ReadonlySet<string>;
  preventUserExistenceErrors: boolean;
  authSessionValiditySeconds: number;
  temporaryPasswordValiditySeconds: number;
  triggers: LocalUserPoolTriggers;
}

/** Every pool by id, and every client by id (InitiateAuth names only the client). */
export interface PoolDirectory {
  pools: ReadonlyMap<string, Pool>;
  clients: ReadonlyMap<string, PoolClient>;
}

const KNOWN_AUTH_FLOWS = new Set([
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_USER_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
]);
// Cognito's own patterns; the pool id also becomes a URL path segment (issuer, JWKS).
const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
const CLIENT_ID = /^[\w+]+$/;
const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

function inRange(what: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`Local Cognito config: ${what} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function resolveClient(poolId: string, config: LocalUserPoolClientConfig): PoolClient {
  if (!CLIENT_ID.test(config.id)) throw new Error(`Local Cognito config: invalid client id "${config.id}"`);
  for (const flow of config.explicitAuthFlows) {
    if (!KNOWN_AUTH_FLOWS.has(flow))
      throw new Error(`Local Cognito config: unknown auth flow "${flow}" on client ${config.id}`);
  }
  // Cognito's limits: ID/access tokens 5 minutes to 1 day, refresh tokens 1 hour to 10 years.
  const id = inRange(`idTokenValidityMinutes of ${config.id}`, config.idTokenValidityMinutes ?? 60, 5, 1440);
  const access = inRange(
    `accessTokenValidityMinutes of ${config.id}`,
    config.accessTokenValidityMinutes ?? 60,
    5,
    1440,
  );
  const refresh = inRange(
    `refreshTokenValidityDays of ${config.id}`,
    config.refreshTokenValidityDays ?? 30,
    1 / 24,
    3650,
  );
  return {
    id: config.id,
    poolId,
    explicitAuthFlows: new Set(config.explicitAuthFlows),
    // Cognito's secrets are 51 lower-case letters and digits; any unguessable string serves here.
    ...(config.generateSecret ? { secret: randomBytes(32).toString('base64url') } : {}),
    idTokenValiditySeconds: id * MINUTE,
    accessTokenValiditySeconds: access * MINUTE,
    refreshTokenValiditySeconds: Math.round(refresh * DAY),
  };
}

/**
 * Validates the pool configurations and applies Cognito's defaults. Throws on a malformed id,
 * a duplicate pool or client id, an unknown auth flow or a validity outside Cognito's limits,
 * so a wrong local setup fails at start rather than as a puzzling sign-in error.
 */
export function resolvePools(configs: LocalUserPoolConfig[]): PoolDirectory {
  const pools = new Map<string, Pool>();
  const clients = new Map<string, PoolClient>();
  for (const config of configs) {
    if (!POOL_ID.test(config.id)) throw new Error(`Local Cognito config: invalid pool id "${config.id}"`);
    if (pools.has(config.id)) throw new Error(`Local Cognito config: duplicate pool id "${config.id}"`);
    const poolClients = new Map<string, PoolClient>();
    for (const clientConfig of config.clients) {
      if (clients.has(clientConfig.id))
        throw new Error(`Local Cognito config: duplicate client id "${clientConfig.id}"`);
      const client = resolveClient(config.id, clientConfig);
      poolClients.set(client.id, client);
      clients.set(client.id, client);
    }
    // Cognito allows 3 to 15 minutes.
    const sessionMinutes = inRange(
      `authSessionValidityMinutes of ${config.id}`,
      config.authSessionValidityMinutes ?? 3,
      3,
      15,
    );
    pools.set(config.id, {
      id: config.id,
      clients: poolClients,
      signInWithEmail: config.usernameAttributes?.includes('email') ?? false,
      immutableAttributes: new Set(config.immutableAttributes ?? []),
      preventUserExistenceErrors: config.preventUserExistenceErrors ?? false,
      authSessionValiditySeconds: sessionMinutes * MINUTE,
      // Cognito's default TemporaryPasswordValidityDays.
      temporaryPasswordValiditySeconds: 7 * DAY,
      triggers: config.triggers ?? {},
    });
  }
  return { pools, clients };
}
