import { randomUUID } from 'node:crypto';
import type {
  CreateAuthChallengeTriggerEvent,
  DefineAuthChallengeTriggerEvent,
  VerifyAuthChallengeResponseTriggerEvent,
} from 'aws-lambda';
import { CognitoError, incorrectCredentials, invalidParameter, notAuthorized, userNotFound } from '../errors';
import type { StoredUser } from '../state';
import { findUser } from '../users';
import { requireParameter } from './parameters';
import { invokeTrigger, triggerEventBase, triggerUserAttributes } from './triggers';
import type { AuthContext, AuthFlow, AuthStep, ChallengeResponder } from './types';

/** One entry of the `request.session` Cognito passes to the challenge triggers. */
interface CustomChallengeResult {
  challengeName: 'CUSTOM_CHALLENGE';
  challengeResult: boolean;
  challengeMetadata?: string;
}

/** What a CUSTOM_AUTH sign-in carries from one answer to the next, inside the challenge session. */
interface CustomAuthState {
  /** The `request.session` of the next trigger events: every challenge so far and its result. */
  history: CustomChallengeResult[];
  /** From CreateAuthChallenge, for VerifyAuthChallengeResponse; never sent to the client. */
  privateChallengeParameters: Record<string, string>;
  challengeMetadata?: string;
}

/** A user that is not there, for pools that prevent user existence errors: the flow runs, then fails uniformly. */
function phantomUser(ctx: AuthContext, username: string): StoredUser {
  const now = ctx.server.clock().getTime();
  return {
    username,
    sub: randomUUID(),
    attributes: {},
    enabled: true,
    status: 'CONFIRMED',
    groups: [],
    createdAt: now,
    modifiedAt: now,
  };
}

function triggersOf(ctx: AuthContext) {
  const { defineAuthChallenge, createAuthChallenge, verifyAuthChallengeResponse } = ctx.pool.triggers;
  if (!defineAuthChallenge || !createAuthChallenge || !verifyAuthChallengeResponse) {
    throw invalidParameter('Custom auth lambda trigger is not configured for the user pool.');
  }
  return { defineAuthChallenge, createAuthChallenge, verifyAuthChallengeResponse };
}

/**
 * One turn of Cognito's state machine: DefineAuthChallenge decides from the history whether to
 * fail, issue tokens, or ask a CUSTOM_CHALLENGE, which CreateAuthChallenge then makes.
 */
async function nextStep(
  ctx: AuthContext,
  user: StoredUser,
  notFound: boolean,
  history: CustomChallengeResult[],
): Promise<AuthStep> {
  const triggers = triggersOf(ctx);
  const userAttributes = notFound ? {} : triggerUserAttributes(user);
  const common = {
    userAttributes,
    session: history,
    clientMetadata: ctx.clientMetadata,
    ...(notFound ? { userNotFound: true } : {}),
  };
  const defined = await invokeTrigger<DefineAuthChallengeTriggerEvent>(
    'DefineAuthChallenge',
    triggers.defineAuthChallenge,
    {
      ...triggerEventBase(ctx, user.username, 'DefineAuthChallenge_Authentication'),
      request: common,
      response: { challengeName: undefined, issueTokens: false, failAuthentication: false },
    },
  );
  const decision = defined.response;
  if (decision.failAuthentication) throw incorrectCredentials();
  if (decision.issueTokens) {
    // A user that does not exist never gets tokens, whatever the trigger says.
    if (notFound) throw incorrectCredentials();
    return { kind: 'authenticated', user };
  }
  if (decision.challengeName !== 'CUSTOM_CHALLENGE') {
    if (decision.challengeName)
      throw invalidParameter(`${decision.challengeName} is not supported by the local Cognito`);
    throw new CognitoError('InvalidLambdaResponseException', 'Unrecognizable lambda output');
  }
  const created = await invokeTrigger<CreateAuthChallengeTriggerEvent>(
    'CreateAuthChallenge',
    triggers.createAuthChallenge,
    {
      ...triggerEventBase(ctx, user.username, 'CreateAuthChallenge_Authentication'),
      request: { ...common, challengeName: 'CUSTOM_CHALLENGE' },
      response: { publicChallengeParameters: {}, privateChallengeParameters: {}, challengeMetadata: '' },
    },
  );
  const state: CustomAuthState = {
    history,
    privateChallengeParameters: created.response.privateChallengeParameters ?? {},
    ...(created.response.challengeMetadata ? { challengeMetadata: created.response.challengeMetadata } : {}),
  };
  return {
    kind: 'challenge',
    user,
    challengeName: 'CUSTOM_CHALLENGE',
    parameters: { ...(created.response.publicChallengeParameters ?? {}), USERNAME: user.username },
    state,
    ...(notFound ? { userNotFound: true } : {}),
  };
}

/**
 * CUSTOM_AUTH (client needs ALLOW_CUSTOM_AUTH; pool needs the three triggers): Define →
 * Create → RespondToAuthChallenge(CUSTOM_CHALLENGE, ANSWER) → Verify → Define … Each answer
 * gets a new Session (valid for the pool's auth session validity); the old one is used up.
 * With existence errors prevented, an unknown USERNAME runs the same triggers with
 * `userNotFound: true` and never gets tokens; otherwise it is UserNotFoundException.
 */
export const customAuth: AuthFlow = {
  operations: new Set(['InitiateAuth', 'AdminInitiateAuth']),
  enabledBy: ['ALLOW_CUSTOM_AUTH', 'CUSTOM_AUTH_FLOW_ONLY'],
  notEnabledMessage: 'CUSTOM_AUTH flow not enabled for this client',
  async start(ctx, parameters) {
    triggersOf(ctx);
    const username = requireParameter(parameters, 'USERNAME');
    const user = findUser(ctx.pool, ctx.server.state.pool(ctx.pool.id), username);
    if (!user) {
      if (!ctx.pool.preventUserExistenceErrors) throw userNotFound();
      return nextStep(ctx, phantomUser(ctx, username), true, []);
    }
    if (!user.enabled) throw notAuthorized('User is disabled.');
    return nextStep(ctx, user, false, []);
  },
};

/** Answers CUSTOM_CHALLENGE: VerifyAuthChallengeResponse judges ANSWER, then DefineAuthChallenge decides again. */
export const customChallengeResponder: ChallengeResponder = {
  async respond(ctx, user, session, responses) {
    const answer = requireParameter(responses, 'ANSWER');
    const state = session.state as CustomAuthState;
    const notFound = session.phantom !== undefined;
    const verified = await invokeTrigger<VerifyAuthChallengeResponseTriggerEvent>(
      'VerifyAuthChallengeResponse',
      triggersOf(ctx).verifyAuthChallengeResponse,
      {
        ...triggerEventBase(ctx, user.username, 'VerifyAuthChallengeResponse_Authentication'),
        request: {
          userAttributes: notFound ? {} : triggerUserAttributes(user),
          privateChallengeParameters: state.privateChallengeParameters,
          challengeAnswer: answer,
          clientMetadata: ctx.clientMetadata,
          ...(notFound ? { userNotFound: true } : {}),
        },
        response: { answerCorrect: false },
      },
    );
    const result: CustomChallengeResult = {
      challengeName: 'CUSTOM_CHALLENGE',
      challengeResult: verified.response.answerCorrect === true,
      ...(state.challengeMetadata ? { challengeMetadata: state.challengeMetadata } : {}),
    };
    return nextStep(ctx, user, notFound, [...state.history, result]);
  },
};
