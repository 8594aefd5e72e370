/**
 * A Cognito service error as the JSON 1.1 protocol carries it: status 400 and
 * `{"__type":"<Name>","message":"…"}`. The AWS SDK turns it into an exception class of that name,
 * so `type` must be one of the names the Cognito API reference lists for the operation.
 */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

/** NotAuthorizedException: a wrong password, a disabled user, a revoked or unknown token or session. */
export const notAuthorized = (message: string) => new CognitoError('NotAuthorizedException', message);

/** InvalidParameterException: a missing or malformed parameter, or a flow the client does not allow. */
export const invalidParameter = (message: string) => new CognitoError('InvalidParameterException', message);

/** ResourceNotFoundException: an unknown user pool, app client or group. */
export const resourceNotFound = (message: string) => new CognitoError('ResourceNotFoundException', message);

/** UserNotFoundException, with Cognito's own wording. */
export const userNotFound = () => new CognitoError('UserNotFoundException', 'User does not exist.');

/** Cognito's single answer for a wrong password, and for an unknown user when existence errors are prevented. */
export const incorrectCredentials = () => notAuthorized('Incorrect username or password.');
