import { parseAttributeWrites } from '../attributes';
import { notAuthorized } from '../errors';
import { assertPasswordPolicy, hashPassword } from '../passwords';
import type { StoredUser } from '../state';
import { applyAttributeUpdates } from '../users';
import { requireParameter } from './parameters';
import type { AuthStep, ChallengeResponder } from './types';

const ATTRIBUTE_PREFIX = 'userAttributes.';

/** The NEW_PASSWORD_REQUIRED challenge a user with a temporary password gets, with Cognito's parameters. */
export function newPasswordRequired(user: StoredUser): AuthStep {
  return {
    kind: 'challenge',
    user,
    challengeName: 'NEW_PASSWORD_REQUIRED',
    parameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: '[]',
      userAttributes: JSON.stringify(user.attributes),
    },
  };
}

/**
 * Answers NEW_PASSWORD_REQUIRED: NEW_PASSWORD (held to the password policy) and optional
 * `userAttributes.<name>` entries, which follow the same rules as AdminUpdateUserAttributes.
 * A rejected password leaves the session open for another try, as in Cognito.
 */
export const newPasswordResponder: ChallengeResponder = {
  async respond(ctx, user, _session, responses) {
    const password = requireParameter(responses, 'NEW_PASSWORD');
    if (user.status !== 'FORCE_CHANGE_PASSWORD') throw notAuthorized('Invalid session for the user.');
    assertPasswordPolicy(password);
    const attributes = Object.entries(responses)
      .filter(([name]) => name.startsWith(ATTRIBUTE_PREFIX))
      .map(([name, Value]) => ({ Name: name.slice(ATTRIBUTE_PREFIX.length), Value }));
    const updates = parseAttributeWrites(ctx.pool, attributes, false);
    const hash = await hashPassword(password);
    applyAttributeUpdates(ctx.server, ctx.pool, user, updates);
    user.password = hash;
    user.status = 'CONFIRMED';
    delete user.temporaryPasswordExpiresAt;
    return { kind: 'authenticated', user };
  },
};
