import { z } from 'zod';
import { refreshTokenAuth } from '../auth/refresh-token-auth';
import { authFlows, challengeResponders, unsupportedAuthFlows } from '../auth/registry';
import { type AuthResponse, respondWith } from '../auth/respond';
import type { AuthContext, AuthFlow, InitiateOperation } from '../auth/types';
import type { PoolClient } from '../config';
import { type ServerContext, requireClient, requirePool } from '../context';
import { invalidParameter, notAuthorized } from '../errors';
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
  if (unsupportedAuthFlows.has(name)) throw invalidParameter(`${name} is not supported by the local Cognito; use USER_PASSWORD_AUTH`);
  const flow = authFlows.get(name);
  if (!flow || !flow.operations.has(operation)) throw invalidParameter('Initiate Auth method not supported.');
  // Clients configured with legacy flow names never gated refresh; ALLOW_* clients must list it.
  const legacyClient = ![...client.explicitAuthFlows].some((value) => value.startsWith('ALLOW_'));
  const enabled = (flow === refreshTokenAuth && legacyClient) || flow.enabledBy.some((value) => client.explicitAuthFlows.has(value));
  if (!enabled) throw invalidParameter(flow.notEnabledMessage);
  return flow;
}

async function initiate(ctx: AuthContext, flowName: string, parameters: Record<string, string>): Promise<AuthResponse> {
  const flow = flowFor(flowName, ctx.operation as InitiateOperation, ctx.client);
  return respondWith(ctx, await flow.start(ctx, parameters));
}

/** InitiateAuth: a sign-in from a public client (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH …). */
export async function initiateAuth(server: ServerContext, input: unknown): Promise<AuthResponse> {
  const request = parseInput(initiateSchema, input);
  const client = requireClient(server, request.ClientId);
  const pool = requirePool(server, client.poolId);
  const ctx: AuthContext = { server, pool, client, operation: 'InitiateAuth', clientMetadata: request.ClientMetadata ?? {} };
  return initiate(ctx, request.AuthFlow, request.AuthParameters ?? {});
}

/** AdminInitiateAuth: a sign-in from a trusted backend (ADMIN_USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH …). */
export async function adminInitiateAuth(server: ServerContext, input: unknown): Promise<AuthResponse> {
  const request = parseInput(initiateSchema.extend({ UserPoolId: fields.userPoolId }), input);
  const pool = requirePool(server, request.UserPoolId);
  const client = requireClient(server, request.ClientId, pool);
  const ctx: AuthContext = { server, pool, client, operation: 'AdminInitiateAuth', clientMetadata: request.ClientMetadata ?? {} };
  return initiate(ctx, request.AuthFlow, request.AuthParameters ?? {});
}

/**
 * Answers a challenge. The Session must be open, belong to this client, be for this challenge
 * and this USERNAME; it is used up once the answer moves the sign-in on (tokens or the next
 * challenge). An answer that is refused (e.g. a weak new password) leaves it open.
 */
async function respond(ctx: AuthContext, request: z.infer<typeof respondSchema>): Promise<AuthResponse> {
  const { server, pool, client } = ctx;
  const session = server.sessions.get(request.Session);
  if (session.poolId !== pool.id || session.clientId !== client.id) throw notAuthorized('Invalid session for the user.');
  const responder = challengeResponders.get(request.ChallengeName);
  if (!responder) throw invalidParameter(`Unsupported challenge name: ${request.ChallengeName}`);
  if (request.ChallengeName !== session.challengeName) throw notAuthorized('Invalid session for the user.');
  const responses = request.ChallengeResponses ?? {};
  const username = responses.USERNAME;
  if (!username) throw invalidParameter('Missing required parameter USERNAME');
  const user = findUser(pool, server.state.pool(pool.id), username);
  if (!user || user.username !== session.username) throw notAuthorized('Invalid session for the user.');
  if (!user.enabled) throw notAuthorized('User is disabled.');
  const step = await responder.respond(ctx, user, session, responses);
  server.sessions.end(request.Session);
  return respondWith(ctx, step);
}

/** RespondToAuthChallenge: the public client's answer to a challenge. */
export async function respondToAuthChallenge(server: ServerContext, input: unknown): Promise<AuthResponse> {
  const request = parseInput(respondSchema, input);
  const client = requireClient(server, request.ClientId);
  const pool = requirePool(server, client.poolId);
  return respond({ server, pool, client, operation: 'RespondToAuthChallenge', clientMetadata: request.ClientMetadata ?? {} }, request);
}

/** AdminRespondToAuthChallenge: a trusted backend's answer to a challenge. */
export async function adminRespondToAuthChallenge(server: ServerContext, input: unknown): Promise<AuthResponse> {
  const request = parseInput(respondSchema.extend({ UserPoolId: fields.userPoolId }), input);
  const pool = requirePool(server, request.UserPoolId);
  const client = requireClient(server, request.ClientId, pool);
  return respond({ server, pool, client, operation: 'AdminRespondToAuthChallenge', clientMetadata: request.ClientMetadata ?? {} }, request);
}
