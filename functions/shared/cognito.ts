import { createHmac } from 'node:crypto';
import type * as Idp from '@aws-sdk/client-cognito-identity-provider';
import { awsJsonApi, awsService } from './aws-request';

/** The Cognito user pool operations FieldPass calls: input and output, as the SDK models them. */
interface Operations {
  AdminCreateUser: [Idp.AdminCreateUserCommandInput, Idp.AdminCreateUserCommandOutput];
  AdminSetUserPassword: [Idp.AdminSetUserPasswordCommandInput, Idp.AdminSetUserPasswordCommandOutput];
  AdminDeleteUser: [Idp.AdminDeleteUserCommandInput, Idp.AdminDeleteUserCommandOutput];
  AdminDisableUser: [Idp.AdminDisableUserCommandInput, Idp.AdminDisableUserCommandOutput];
  AdminEnableUser: [Idp.AdminEnableUserCommandInput, Idp.AdminEnableUserCommandOutput];
  AdminUserGlobalSignOut: [Idp.AdminUserGlobalSignOutCommandInput, Idp.AdminUserGlobalSignOutCommandOutput];
  AdminInitiateAuth: [Idp.AdminInitiateAuthCommandInput, Idp.AdminInitiateAuthCommandOutput];
  AdminRespondToAuthChallenge: [
    Idp.AdminRespondToAuthChallengeCommandInput,
    Idp.AdminRespondToAuthChallengeCommandOutput,
  ];
  DescribeUserPoolClient: [Idp.DescribeUserPoolClientCommandInput, Idp.DescribeUserPoolClientCommandOutput];
}

/** Output fields Cognito's JSON carries (no SDK metadata: there is no SDK client here). */
type Output<O> = Omit<O, '$metadata'>;

const call = awsJsonApi(
  awsService('cognito-idp', 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', 'cognito-idp'),
  'AWSCognitoIdentityProviderService',
);

/**
 * Calls a Cognito user pool operation as one signed request (shared/aws-request.ts) rather than
 * through `@aws-sdk/client-cognito-identity-provider`, whose client adds about 33 kB to each of
 * the dozen functions that make one or two Admin calls. Cognito's refusals are thrown as errors
 * named by their type: test them with `isAwsError(error, 'UserNotFoundException')` where the SDK
 * would use `instanceof`. Throttling (TooManyRequestsException) and 5xx answers are tried again.
 * Locally the endpoint is the Cognito stand-in's (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER), the
 * variable the SDK client honours too.
 */
export const cognito = <K extends keyof Operations>(
  operation: K,
  input: Operations[K][0],
): Promise<Output<Operations[K][1]>> => call(operation, input);

/**
 * The SECRET_HASH of a user pool app client that has a secret: a session started by this API can
 * then be answered only with it, which only the API can make (nobody redeems it at Cognito's public
 * RespondToAuthChallenge). The secret is in neither the template nor the environment: it is read
 * from Cognito once per container (DescribeUserPoolClient, which only the functions that sign in
 * may call) and kept in memory; a failed read is tried again by the next request.
 *
 * Returns `secretHashFor(username)`: `{ SECRET_HASH }` (HMAC-SHA256 of username + client id, keyed
 * with the secret) to spread into AuthParameters or ChallengeResponses, or nothing for a client
 * without a secret.
 */
export function clientSecretHash(
  userPoolId: string,
  clientId: string,
): (username: string) => Promise<{ SECRET_HASH?: string }> {
  let clientSecret: Promise<string | undefined> | undefined;
  const readClientSecret = () => {
    clientSecret ??= cognito('DescribeUserPoolClient', { UserPoolId: userPoolId, ClientId: clientId })
      .then((described) => described.UserPoolClient?.ClientSecret)
      .catch((error: unknown) => {
        clientSecret = undefined;
        throw error;
      });
    return clientSecret;
  };
  return async (username) => {
    const secret = await readClientSecret();
    if (!secret) return {};
    return {
      SECRET_HASH: createHmac('sha256', secret)
        .update(username + clientId)
        .digest('base64'),
    };
  };
}
