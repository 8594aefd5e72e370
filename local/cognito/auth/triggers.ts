import type { Callback, Handler } from 'aws-lambda';
import { lambdaContext, withinInvocation } from '../../lambda-runtime';
import { CognitoError } from '../errors';
import type { StoredUser } from '../state';
import type { AuthContext } from './types';

/** The fields every user pool trigger event shares, filled for this sign-in. */
export function triggerEventBase<T extends string>(ctx: AuthContext, userName: string, triggerSource: T) {
  return {
    version: '1',
    // Pool ids start with their region, e.g. `eu-west-1_abc` (`local_…` for local pools).
    region: ctx.pool.id.split('_')[0] ?? 'local',
    userPoolId: ctx.pool.id,
    userName,
    callerContext: { awsSdkVersion: 'aws-sdk-js-3', clientId: ctx.client.id },
    triggerSource,
  };
}

/** `request.userAttributes` as Cognito passes it to triggers: every attribute plus `sub` and `cognito:user_status`. */
export function triggerUserAttributes(user: StoredUser): Record<string, string> {
  return { sub: user.sub, ...user.attributes, 'cognito:user_status': user.status };
}

/**
 * Invokes a trigger handler in-process as the Lambda runtime would: `(event, context, callback)`,
 * accepting either a returned promise or the callback. The handler gets a copy of the event, so
 * whatever it does to it cannot reach the server's state. A handler that fails becomes Cognito's
 * UserLambdaValidationException ("<Trigger> failed with error <message>.").
 */
export async function invokeTrigger<E>(triggerName: string, handler: Handler<E, E | undefined>, event: E): Promise<E> {
  const copy = structuredClone(event);
  try {
    const context = lambdaContext({ functionName: `local-${triggerName}`, timeoutMs: 5000, memoryLimitInMB: 128 });
    const result = await new Promise<E | undefined>((resolve, reject) => {
      const callback: Callback<E | undefined> = (error, value) => (error ? reject(error) : resolve(value));
      const returned = withinInvocation(context, () => handler(copy, context, callback));
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
    });
    return result ?? copy;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CognitoError('UserLambdaValidationException', `${triggerName} failed with error ${message}.`);
  }
}
