import { z } from 'zod';
import { requireClient, requirePool, type ServerContext } from '../context';
import { fields, parseInput } from '../validation';

const describeSchema = z.object({ UserPoolId: fields.userPoolId, ClientId: fields.clientId });

/**
 * DescribeUserPoolClient: the client's settings and, for a client with a secret, `ClientSecret`.
 * As in Cognito, an IAM-authorised call is the only way to read the secret.
 */
export async function describeUserPoolClient(ctx: ServerContext, input: unknown) {
  const request = parseInput(describeSchema, input);
  const client = requireClient(ctx, request.ClientId, requirePool(ctx, request.UserPoolId));
  return {
    UserPoolClient: {
      UserPoolId: client.poolId,
      ClientId: client.id,
      ClientName: client.id,
      ...(client.secret ? { ClientSecret: client.secret } : {}),
      ExplicitAuthFlows: [...client.explicitAuthFlows],
      IdTokenValidity: client.idTokenValiditySeconds / 60,
      AccessTokenValidity: client.accessTokenValiditySeconds / 60,
      RefreshTokenValidity: client.refreshTokenValiditySeconds / 60,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
    },
  };
}
