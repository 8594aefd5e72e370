import { z } from 'zod';
import { requireParameter } from '../auth/parameters';
import { refreshTokenAuth } from '../auth/refresh-token-auth';
import { authFlows, challengeResponders, unsupportedAuthFlows } from '../auth/registry';
import { type AuthResponse, respondWith } from '../auth/respond';
import { requireSecretHash } from '../auth/secret-hash';
import type { AuthContext, AuthFlow, AuthStep, InitiateOperation } from '../auth/types';
import type { PoolClient } from '../config';
import { requireClient, requirePool, type ServerContext } from '../context';
import { CognitoError, invalidParameter, notAuthorized } from '../errors';
import { findUser } from '../users';
import { fields, parseInput } from '../validation';

const initiateSchema = z.object({
  ClientId: fields.clientId,
  AuthFlow: z.string().min(1),
  AuthParameters: fields.stringMap.optional(),
  ClientMetadata: fields.stringMap.optional(),
});
const respondSchema = z.object({
  ClientId: fields.clientId,
  ChallengeName: z.string().min(1),
  Session: z.string().min(20).max(2048),
  ChallengeResponses: fields.stringMap.optional(),
  ClientMetadata: fields.stringMap.optional(),
});

function flowFor(name: string, operation: InitiateOperation, client: PoolClient): AuthFlow {
  if (unsupportedAuthFlows.has(name))
    throw invalidParameter(`${name} is not supported by the local Cognito; use USER_PASSWORD_AUTH`);
  const flow = authFlows.get(name);
  if (!flow?.operations.has(operation)) throw invalidParameter('Initiate Auth method not supported.');
  // Clients configured with legacy flow names never gated refresh; ALLOW_* clients must list it.
  const legacyClient = ![...client.explicitAuthFlows].some((value) => value.startsWith('ALLOW_'));
  const enabled =
    (flow === refreshTokenAuth && legacyClient) || flow.enabledBy.some((value) => client.explicitAuthFlows.has(value));
  if (!enabled) throw invalidParameter(flow.notEnabledMessage);
  return flow;
}

async function initiate(
  server: ServerContext,
  operation: InitiateOperation,
  client: PoolClient,
  request: z.infer<typeof initiateSchema>,
): Promise<AuthResponse> {
  const pool = requirePool(server, client.poolId);
  const ctx: AuthContext = { server, pool, client, operation, clientMetadata: request.ClientMetadata ?? {} };
  const flow = flowFor(request.AuthFlow, operation, client);
  const parameters = request.AuthParameters ?? {};
  // A refresh names no user: its flow checks the hash against the token's user.
  if (flow !== refreshTokenAuth) requireSecretHash(client, parameters.USERNAME ?? '', parameters.SECRET_HASH);
  return respondWith(ctx, await flow.start(ctx, parameters));
}

/** InitiateAuth: a sign-in from a public client (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH …). */
export async function initiateAuth(server: ServerContext, input: unknown): Promise<AuthResponse> {
  const request = parseInput(initiateSchema, input);
  return initiate(server, 'InitiateAuth', requireClient(server, request.ClientId), request);
}

/** AdminInitiateAuth: a sign-in from a trusted backend (ADMIN_USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH …). */
export async function adminInitiateAuth(server: ServerContext, input: unknown): Promise<AuthResponse> {
  const request = parseInput(initiateSchema.extend({ UserPoolId: fields.userPoolId }), input);
  const client = requireClient(server, request.ClientId, requirePool(server, request.UserPoolId));
  return initiate(server, 'AdminInitiateAuth', client, request);
}

const RETRYABLE = new Set(['InvalidParameterException', 'InvalidPasswordException']);

/**
 * Answers a challenge. The Session must be open, belong to this client, be for this challenge
 * and this USERNAME. It is used up by the answer — whether that moves the sign-in on (tokens, the
 * next challenge) or fails it — except when the answer is malformed or a new password is too
 * weak, which leaves it open for a corrected answer, as in Cognito.
 */
async function respond(ctx: AuthContext, request: z.infer<typeof respondSchema>): Promise<AuthResponse> {
  const { server, pool, client } = ctx;
  const responder = challengeResponders.get(request.ChallengeName);
  if (!responder) throw invalidParameter(`Unsupported challenge name: ${request.ChallengeName}`);
  const responses = request.ChallengeResponses ?? {};
  const username = requireParameter(responses, 'USERNAME');
  // Before the session is claimed: an answer without the client's secret does not use it up.
  requireSecretHash(client, username, responses.SECRET_HASH);
  // Claimed, not just read: two concurrent answers to one session cannot both succeed.
  const session = server.sessions.claim(request.Session);
  let step: AuthStep;
  try {
    if (
      session.poolId !== pool.id ||
      session.clientId !== client.id ||
      session.challengeName !== request.ChallengeName
    ) {
      throw notAuthorized('Invalid session for the user.');
    }
    const user = session.phantom ?? findUser(pool, server.state.pool(pool.id), username);
    const sameUser = session.phantom
      ? username.toLowerCase() === session.phantom.username.toLowerCase()
      : user?.username === session.username;
    if (!user || !sameUser) throw notAuthorized('Invalid session for the user.');
    if (!user.enabled) throw notAuthorized('User is disabled.');
    step = await responder.respond(ctx, user, session, responses);
  } catch (error) {
    // A malformed answer (missing parameter, weak new password) may be corrected on the same
    // session; any other failure ends the sign-in, so a failed session gives no more guesses.
    if (error instanceof CognitoError && RETRYABLE.has(error.type)) server.sessions.release(request.Session);
    else server.sessions.end(request.Session);
    throw error;
  }
  server.sessions.end(request.Session);
  return respondWith(ctx, step);
}

/** RespondToAuthChallenge: the public client's answer to a challenge. */
export async function respondToAuthChallenge(server: ServerContext, input: unknown): Promise<AuthResponse> {
  const request = parseInput(respondSchema, input);
  const client = requireClient(server, request.ClientId);
  const pool = requirePool(server, client.poolId);
  return respond(
    { server, pool, client, operation: 'RespondToAuthChallenge', clientMetadata: request.ClientMetadata ?? {} },
    request,
  );
}

/** AdminRespondToAuthChallenge: a trusted backend's answer to a challenge. */
export async function adminRespondToAuthChallenge(server: ServerContext, input: unknown): Promise<AuthResponse> {
  const request = parseInput(respondSchema.extend({ UserPoolId: fields.userPoolId }), input);
  const pool = requirePool(server, request.UserPoolId);
  const client = requireClient(server, request.ClientId, pool);
  return respond(
    { server, pool, client, operation: 'AdminRespondToAuthChallenge', clientMetadata: request.ClientMetadata ?? {} },
    request,
  );
}
