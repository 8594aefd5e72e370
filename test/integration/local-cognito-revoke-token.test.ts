import { createHmac, randomUUID } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCognito, startLocalCognito } from '../../local/cognito';
import { freePort } from '../../local/ports';

/*
 * The local Cognito's RevokeToken (what the staff console calls at sign-out): a revoked refresh
 * token no longer refreshes, and nothing else of the user's is touched.
 */

const POOL = 'local_RevokeTest';
const CLIENT = 'consoleclient';
const OTHER_CLIENT = 'otherclient';
const SECRET_CLIENT = 'secretclient';
const PASSWORD = 'Correct-horse-9';

let cognito: LocalCognito;
let client: CognitoIdentityProviderClient;

beforeAll(async () => {
  cognito = await startLocalCognito({
    port: await freePort(),
    pools: [
      {
        id: POOL,
        usernameAttributes: ['email'],
        preventUserExistenceErrors: true,
        clients: [
          { id: CLIENT, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
          { id: OTHER_CLIENT, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
          {
            id: SECRET_CLIENT,
            generateSecret: true,
            explicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          },
        ],
      },
    ],
  });
  client = new CognitoIdentityProviderClient({
    endpoint: cognito.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client?.destroy();
  await cognito?.stop();
});

async function newUser(): Promise<string> {
  const email = `revoke-${randomUUID().slice(0, 8)}@example.com`;
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: POOL,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
    }),
  );
  await client.send(
    new AdminSetUserPasswordCommand({ UserPoolId: POOL, Username: email, Password: PASSWORD, Permanent: true }),
  );
  return email;
}

async function signIn(email: string, clientId = CLIENT) {
  const answer = await client.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: email, PASSWORD: PASSWORD },
    }),
  );
  return {
    refreshToken: answer.AuthenticationResult?.RefreshToken ?? '',
    idToken: answer.AuthenticationResult?.IdToken ?? '',
  };
}

const refresh = (refreshToken: string, clientId = CLIENT) =>
  client.send(
    new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    }),
  );

describe('RevokeToken', () => {
  it('stops the revoked refresh token from refreshing', async () => {
    const { refreshToken } = await signIn(await newUser());
    await expect(refresh(refreshToken)).resolves.toHaveProperty('AuthenticationResult.IdToken');

    await expect(client.send(new RevokeTokenCommand({ ClientId: CLIENT, Token: refreshToken }))).resolves.toBeDefined();

    await expect(refresh(refreshToken)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
  });

  it("leaves the user's other sessions working: only the one token is revoked", async () => {
    const email = await newUser();
    const phone = await signIn(email);
    const desk = await signIn(email);

    await client.send(new RevokeTokenCommand({ ClientId: CLIENT, Token: phone.refreshToken }));

    await expect(refresh(desk.refreshToken)).resolves.toHaveProperty('AuthenticationResult.IdToken');
    // A new sign-in after the revocation gets a working refresh token.
    const again = await signIn(email);
    await expect(refresh(again.refreshToken)).resolves.toHaveProperty('AuthenticationResult.IdToken');
  });

  it('answers the same for a made-up or already revoked token, telling nothing about it', async () => {
    const { refreshToken } = await signIn(await newUser());
    await client.send(new RevokeTokenCommand({ ClientId: CLIENT, Token: refreshToken }));

    await expect(client.send(new RevokeTokenCommand({ ClientId: CLIENT, Token: refreshToken }))).resolves.toBeDefined();
    await expect(
      client.send(new RevokeTokenCommand({ ClientId: CLIENT, Token: 'not-a-real-refresh-token' })),
    ).resolves.toBeDefined();
  });

  it('refuses to revoke a token issued to another client, which keeps working', async () => {
    const { refreshToken } = await signIn(await newUser(), OTHER_CLIENT);

    await expect(client.send(new RevokeTokenCommand({ ClientId: CLIENT, Token: refreshToken }))).rejects.toMatchObject({
      name: 'UnauthorizedException',
    });
    await expect(refresh(refreshToken, OTHER_CLIENT)).resolves.toHaveProperty('AuthenticationResult.IdToken');
  });

  it('refuses an ID token: only refresh tokens are revoked', async () => {
    const { idToken, refreshToken } = await signIn(await newUser());

    await expect(client.send(new RevokeTokenCommand({ ClientId: CLIENT, Token: idToken }))).rejects.toMatchObject({
      name: 'UnsupportedTokenTypeException',
    });
    await expect(refresh(refreshToken)).resolves.toHaveProperty('AuthenticationResult.IdToken');
  });

  it('names the missing token and an unknown client', async () => {
    await expect(
      client.send(new RevokeTokenCommand({ ClientId: CLIENT } as unknown as { ClientId: string; Token: string })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining("'token'") });
    await expect(client.send(new RevokeTokenCommand({ ClientId: 'nosuchclient', Token: 'x' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('needs the client secret on a client that has one', async () => {
    const email = await newUser();
    const secret =
      (await client.send(new DescribeUserPoolClientCommand({ UserPoolId: POOL, ClientId: SECRET_CLIENT })))
        .UserPoolClient?.ClientSecret ?? '';
    const hash = createHmac('sha256', secret)
      .update(email + SECRET_CLIENT)
      .digest('base64');
    const signedIn = await client.send(
      new AdminInitiateAuthCommand({
        UserPoolId: POOL,
        ClientId: SECRET_CLIENT,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: PASSWORD, SECRET_HASH: hash },
      }),
    );
    const token = signedIn.AuthenticationResult?.RefreshToken ?? '';

    await expect(client.send(new RevokeTokenCommand({ ClientId: SECRET_CLIENT, Token: token }))).rejects.toMatchObject({
      name: 'UnauthorizedException',
    });
    await expect(
      client.send(new RevokeTokenCommand({ ClientId: SECRET_CLIENT, Token: token, ClientSecret: secret })),
    ).resolves.toBeDefined();
  });
});
