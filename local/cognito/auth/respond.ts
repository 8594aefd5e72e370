import type { PostAuthenticationTriggerEvent } from 'aws-lambda';
import type { StoredUser } from '../state';
import { type AuthenticationResult, createRefreshToken, issueTokens, newAuthEvent } from '../tokens';
import { invokeTrigger, triggerEventBase, triggerUserAttributes } from './triggers';
import type { AuthContext, AuthStep } from './types';

/** What InitiateAuth, AdminInitiateAuth and both RespondToAuthChallenge operations return. */
export interface AuthResponse {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters: Record<string, string>;
  AuthenticationResult?: AuthenticationResult;
}

/**
 * The pool's PostAuthentication trigger, when it has one: after the user is authenticated and
 * before tokens are issued, so a trigger that fails fails the sign-in (UserLambdaValidationException).
 */
async function postAuthentication(ctx: AuthContext, user: StoredUser): Promise<void> {
  const trigger = ctx.pool.triggers.postAuthentication;
  if (!trigger) return;
  await invokeTrigger<PostAuthenticationTriggerEvent>('PostAuthentication', trigger, {
    ...triggerEventBase(ctx, user.username, 'PostAuthentication_Authentication'),
    request: { userAttributes: triggerUserAttributes(user), newDeviceUsed: false, clientMetadata: ctx.clientMetadata },
    response: {},
  });
}

/**
 * Turns a step into the API response: tokens (plus a refresh token for a new sign-in, none for
 * a refresh) or the next challenge with a fresh `Session`. Persists the state first, so what
 * the caller was told (a new refresh token, a changed password) survives a restart.
 */
export async function respondWith(ctx: AuthContext, step: AuthStep): Promise<AuthResponse> {
  const { server, client, pool } = ctx;
  switch (step.kind) {
    case 'challenge': {
      const Session = server.sessions.open(
        {
          poolId: pool.id,
          clientId: client.id,
          username: step.user.username,
          challengeName: step.challengeName,
          state: step.state,
          ...(step.userNotFound ? { phantom: step.user } : {}),
        },
        pool.authSessionValiditySeconds,
      );
      await server.state.save();
      return { ChallengeName: step.challengeName, Session, ChallengeParameters: step.parameters };
    }
    case 'refreshed': {
      const result = await issueTokens(server, client, step.user, step.refreshToken);
      return { ChallengeParameters: {}, AuthenticationResult: result };
    }
    case 'authenticated': {
      await postAuthentication(ctx, step.user);
      const event = newAuthEvent(server);
      const result = await issueTokens(server, client, step.user, event);
      result.RefreshToken = createRefreshToken(server, client, step.user, event);
      server.state.pruneRefreshTokens(server.clock().getTime());
      await server.state.save();
      return { ChallengeParameters: {}, AuthenticationResult: result };
    }
  }
}
