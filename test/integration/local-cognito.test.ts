import { randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  CreateGroupCommand,
  DescribeUserPoolClientCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type {
  CreateAuthChallengeTriggerEvent,
  DefineAuthChallengeTriggerEvent,
  PostAuthenticationTriggerEvent,
  VerifyAuthChallengeResponseTriggerEvent,
} from 'aws-lambda';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCognito, type LocalUserPoolConfig, startLocalCognito } from '../../local/cognito';
import { secretHash } from '../../local/cognito/auth/secret-hash';
import { freePort } from '../../local/ports';

const POOL = 'local_CognitoTest';
const CLIENT = 'webclient';
const ADMIN_CLIENT = 'backendclient';
const PLAIN_POOL = 'local_PlainPool';
const PLAIN_CLIENT = 'plainclient';
const PORTAL_POOL = 'local_PortalTest';
const PORTAL_CLIENT = 'portalclient';
const PORTAL_PASSWORD_CLIENT = 'portalpasswordclient';
const PORTAL_SECRET_CLIENT = 'portalsecretclient';
const BROKEN_POOL = 'local_BrokenTriggers';
const BROKEN_CLIENT = 'brokenclient';
const PASSWORD = 'Correct-horse-9';

// What the portal pool's challenge triggers saw, and the last code each user was sent.
const triggerEvents = {
  define: [] as DefineAuthChallengeTriggerEvent[],
  create: [] as CreateAuthChallengeTriggerEvent[],
  verify: [] as VerifyAuthChallengeResponseTriggerEvent[],
  postAuthentication: [] as PostAuthenticationTriggerEvent[],
};
const codes = new Map<string, string>();
// Set by `holdVerify`: keeps VerifyAuthChallengeResponse running for answers sent with ClientMetadata hold=yes.
let verifyHook: (() => Promise<void>) | undefined;

/** Holds every `hold=yes` answer inside VerifyAuthChallengeResponse until `release`, so a race is staged, not timed. */
function holdVerify() {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let count = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  verifyHook = async () => {
    count++;
    for (const waiter of waiters) if (count >= waiter.n) waiter.resolve();
    await gate;
  };
  return {
    entered: (n: number) =>
      new Promise<void>((resolve) => {
        if (count >= n) resolve();
        else waiters.push({ n, resolve });
      }),
    release: () => {
      verifyHook = undefined;
      release();
    },
  };
}

const pools: LocalUserPoolConfig[] = [
  {
    id: POOL,
    usernameAttributes: ['email'],
    immutableAttributes: ['custom:accountId'],
    preventUserExistenceErrors: true,
    clients: [
      { id: CLIENT, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
      { id: ADMIN_CLIENT, explicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    ],
  },
  // Usernames instead of email sign-in, existence errors not prevented, no challenge triggers.
  {
    id: PLAIN_POOL,
    clients: [{ id: PLAIN_CLIENT, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH'] }],
  },
  {
    id: PORTAL_POOL,
    usernameAttributes: ['email'],
    preventUserExistenceErrors: true,
    clients: [
      { id: PORTAL_CLIENT, explicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
      { id: PORTAL_PASSWORD_CLIENT, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] },
      {
        id: PORTAL_SECRET_CLIENT,
        generateSecret: true,
        explicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
    ],
    triggers: {
      defineAuthChallenge: async (event) => {
        triggerEvents.define.push(event);
        const last = event.request.session.at(-1);
        if (last?.challengeResult) return { ...event, response: { ...event.response, issueTokens: true } };
        if (event.request.session.length >= 3)
          return { ...event, response: { ...event.response, failAuthentication: true } };
        return { ...event, response: { ...event.response, challengeName: 'CUSTOM_CHALLENGE' } };
      },
      createAuthChallenge: async (event) => {
        triggerEvents.create.push(event);
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        codes.set(event.userName, code);
        event.response.publicChallengeParameters = { delivery: 'email' };
        event.response.privateChallengeParameters = { code };
        event.response.challengeMetadata = `CODE-${event.request.session.length + 1}`;
        return event;
      },
      verifyAuthChallengeResponse: async (event) => {
        triggerEvents.verify.push(event);
        if (event.request.clientMetadata?.hold === 'yes') await verifyHook?.();
        event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.code;
        return event;
      },
      postAuthentication: async (event) => {
        triggerEvents.postAuthentication.push(event);
        if (event.request.clientMetadata?.failPostAuthentication === 'yes') throw new Error('no record');
        return event;
      },
    },
  },
  {
    id: BROKEN_POOL,
    preventUserExistenceErrors: true,
    clients: [{ id: BROKEN_CLIENT, explicitAuthFlows: ['ALLOW_CUSTOM_AUTH'] }],
    triggers: {
      defineAuthChallenge: async () => {
        throw new Error('boom');
      },
      createAuthChallenge: async (event) => event,
      verifyAuthChallengeResponse: async (event) => event,
    },
  },
];

// Time the server sees: starts at the real time (so jose's own checks agree) and tests move it.
let now = new Date();
const clock = () => now;

let cognito: LocalCognito;
let client: CognitoIdentityProviderClient;

function sdkClient(endpoint: string) {
  return new CognitoIdentityProviderClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** The last ForgotPassword code sent to each address. */
const resetCodes = new Map<string, string>();
const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;

/** A confirmed user of the email pool with a permanent password; returns its email and sub. */
async function createUser(options: { email?: string; accountId?: string; sdk?: CognitoIdentityProviderClient } = {}) {
  const email = options.email ?? uniqueEmail('user');
  const sdk = options.sdk ?? client;
  const created = await sdk.send(
    new AdminCreateUserCommand({
      UserPoolId: POOL,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email_verified', Value: 'true' },
        { Name: 'given_name', Value: 'Dana' },
        { Name: 'family_name', Value: 'Admin' },
        { Name: 'custom:accountId', Value: options.accountId ?? 'acct-1' },
      ],
    }),
  );
  await sdk.send(
    new AdminSetUserPasswordCommand({ UserPoolId: POOL, Username: email, Password: PASSWORD, Permanent: true }),
  );
  const sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? '';
  return { email, sub };
}

async function signIn(email: string, password = PASSWORD, sdk = client) {
  const result = await sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: CLIENT,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  const tokens = result.AuthenticationResult;
  if (!tokens?.IdToken || !tokens.AccessToken || !tokens.RefreshToken) throw new Error('sign-in returned no tokens');
  return { idToken: tokens.IdToken, accessToken: tokens.AccessToken, refreshToken: tokens.RefreshToken };
}

function refresh(refreshToken: string, clientId = CLIENT) {
  return client.send(
    new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    }),
  );
}

function verify(token: string, options: { audience?: string; issuer?: string; jwksUrl?: string } = {}) {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl ?? cognito.jwksUrl(POOL)));
  return jwtVerify(token, jwks, {
    issuer: options.issuer ?? cognito.issuer(POOL),
    ...(options.audience ? { audience: options.audience } : {}),
    algorithms: ['RS256'],
    currentDate: clock(),
  });
}

beforeAll(async () => {
  cognito = await startLocalCognito({
    port: await freePort(),
    pools,
    clock,
    sendCode: async ({ email, code }) => void resetCodes.set(email, code),
  });
  client = sdkClient(cognito.url);
});

afterAll(async () => {
  client?.destroy();
  await cognito?.stop();
});

describe('sign-in with USER_PASSWORD_AUTH', () => {
  it('returns ID, access and refresh tokens with the access token lifetime', async () => {
    const { email } = await createUser();

    const result = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLIENT,
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );

    expect(result.AuthenticationResult).toMatchObject({
      IdToken: expect.any(String),
      AccessToken: expect.any(String),
      RefreshToken: expect.any(String),
      ExpiresIn: 3600,
      TokenType: 'Bearer',
    });
  });

  it('issues an ID token that verifies against the JWKS with the pool issuer and the client as audience', async () => {
    const { email, sub } = await createUser({ accountId: 'acct-42' });
    const { idToken } = await signIn(email);

    const { payload, protectedHeader } = await verify(idToken, { audience: CLIENT });

    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    expect(payload).toMatchObject({
      sub,
      iss: `${cognito.url}/${POOL}`,
      aud: CLIENT,
      token_use: 'id',
      'cognito:username': sub,
      email,
      email_verified: true,
      given_name: 'Dana',
      family_name: 'Admin',
      'custom:accountId': 'acct-42',
      auth_time: Math.floor(now.getTime() / 1000),
      iat: Math.floor(now.getTime() / 1000),
      exp: Math.floor(now.getTime() / 1000) + 3600,
      jti: expect.any(String),
      origin_jti: expect.any(String),
      event_id: expect.any(String),
    });
  });

  it('issues an access token with client_id, scope and username and no audience', async () => {
    const { email, sub } = await createUser();
    const { accessToken } = await signIn(email);

    const { payload } = await verify(accessToken);

    expect(payload).toMatchObject({
      sub,
      client_id: CLIENT,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      username: sub,
      auth_time: expect.any(Number),
      origin_jti: expect.any(String),
      event_id: expect.any(String),
      jti: expect.any(String),
    });
    expect(payload.aud).toBeUndefined();
    expect(payload['custom:accountId']).toBeUndefined();
  });

  it("puts the user's groups in cognito:groups of both tokens", async () => {
    const { email } = await createUser();
    const group = `admins-${randomUUID().slice(0, 6)}`;
    await client.send(new CreateGroupCommand({ UserPoolId: POOL, GroupName: group }));
    await client.send(new AdminAddUserToGroupCommand({ UserPoolId: POOL, Username: email, GroupName: group }));

    const { idToken, accessToken } = await signIn(email);

    expect(decodeJwt(idToken)['cognito:groups']).toEqual([group]);
    expect(decodeJwt(accessToken)['cognito:groups']).toEqual([group]);
  });

  it('leaves cognito:groups out for a user without groups', async () => {
    const { email } = await createUser();

    const { idToken } = await signIn(email);

    expect(decodeJwt(idToken)).not.toHaveProperty('cognito:groups');
  });

  it('accepts the email in any letter case', async () => {
    const { email } = await createUser();

    await expect(signIn(email.toUpperCase())).resolves.toHaveProperty('idToken');
  });

  it('answers NotAuthorizedException "Incorrect username or password." for a wrong password', async () => {
    const { email } = await createUser();

    await expect(signIn(email, 'Wrong-password-1')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('answers an unknown user exactly like a wrong password when the pool prevents existence errors', async () => {
    await expect(signIn(uniqueEmail('nobody'))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('answers UserNotFoundException for an unknown user when the pool does not prevent existence errors', async () => {
    const attempt = client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: PLAIN_CLIENT,
        AuthParameters: { USERNAME: 'nobody', PASSWORD },
      }),
    );

    await expect(attempt).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('refuses a disabled user with "User is disabled."', async () => {
    const { email } = await createUser();
    await client.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: email }));

    await expect(signIn(email)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
  });

  it('does not tell a caller without the password that a user is disabled', async () => {
    const { email } = await createUser();
    await client.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: email }));

    await expect(signIn(email, 'Wrong-password-1')).rejects.toMatchObject({
      message: 'Incorrect username or password.',
    });
  });

  it('signs a re-enabled user in again', async () => {
    const { email } = await createUser();
    await client.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: email }));
    await client.send(new AdminEnableUserCommand({ UserPoolId: POOL, Username: email }));

    await expect(signIn(email)).resolves.toHaveProperty('idToken');
  });

  it('answers ResourceNotFoundException for an unknown client', async () => {
    const attempt = client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: 'noclient',
        AuthParameters: { USERNAME: 'a', PASSWORD },
      }),
    );

    await expect(attempt).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'User pool client noclient does not exist.',
    });
  });

  it('answers ResourceNotFoundException for an unknown pool', async () => {
    const attempt = client.send(new AdminGetUserCommand({ UserPoolId: 'local_Nowhere', Username: 'a' }));

    await expect(attempt).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'User pool local_Nowhere does not exist.',
    });
  });

  it('answers ResourceNotFoundException for a client of another pool', async () => {
    const attempt = client.send(
      new AdminInitiateAuthCommand({
        UserPoolId: POOL,
        ClientId: PLAIN_CLIENT,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'a', PASSWORD },
      }),
    );

    await expect(attempt).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses USER_PASSWORD_AUTH on a client that does not enable it', async () => {
    const { email } = await createUser();

    const attempt = client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: ADMIN_CLIENT,
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );

    await expect(attempt).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
    });
  });

  it('refuses ADMIN_USER_PASSWORD_AUTH through the public InitiateAuth', async () => {
    const { email } = await createUser();

    const attempt = client.send(
      new InitiateAuthCommand({
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        ClientId: ADMIN_CLIENT,
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );

    await expect(attempt).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Initiate Auth method not supported.',
    });
  });

  it('refuses REFRESH_TOKEN_AUTH on a client without ALLOW_REFRESH_TOKEN_AUTH', async () => {
    const attempt = client.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: PLAIN_CLIENT,
        AuthParameters: { REFRESH_TOKEN: 'x' },
      }),
    );

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('answers InvalidParameterException for CUSTOM_AUTH on a client that does not enable it', async () => {
    const attempt = client.send(
      new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: CLIENT, AuthParameters: { USERNAME: 'a' } }),
    );

    await expect(attempt).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'CUSTOM_AUTH flow not enabled for this client',
    });
  });

  it('answers InvalidParameterException for CUSTOM_AUTH on a pool without challenge triggers', async () => {
    const attempt = client.send(
      new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: PLAIN_CLIENT, AuthParameters: { USERNAME: 'a' } }),
    );

    await expect(attempt).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Custom auth lambda trigger is not configured for the user pool.',
    });
  });

  it('answers "Missing required parameter PASSWORD" when the password is left out', async () => {
    const attempt = client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLIENT,
        AuthParameters: { USERNAME: 'a@example.com' },
      }),
    );

    await expect(attempt).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Missing required parameter PASSWORD',
    });
  });
});

describe('AdminInitiateAuth', () => {
  it('signs in with ADMIN_USER_PASSWORD_AUTH on a client that enables it', async () => {
    const { email, sub } = await createUser();

    const result = await client.send(
      new AdminInitiateAuthCommand({
        UserPoolId: POOL,
        ClientId: ADMIN_CLIENT,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );

    const { payload } = await verify(result.AuthenticationResult?.IdToken ?? '', { audience: ADMIN_CLIENT });
    expect(payload.sub).toBe(sub);
  });

  it('refuses ADMIN_USER_PASSWORD_AUTH on a client that does not enable it', async () => {
    const { email } = await createUser();

    const attempt = client.send(
      new AdminInitiateAuthCommand({
        UserPoolId: POOL,
        ClientId: CLIENT,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );

    await expect(attempt).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Auth flow not enabled for this client',
    });
  });
});

describe('refresh tokens', () => {
  it('keeps the original auth_time and origin_jti when tokens are refreshed hours later', async () => {
    const { email } = await createUser();
    const signedIn = await signIn(email);
    const first = decodeJwt(signedIn.idToken);
    const startedAt = now;
    now = new Date(startedAt.getTime() + 5 * 60 * 60 * 1000);
    try {
      const refreshed = await refresh(signedIn.refreshToken);

      const { payload } = await verify(refreshed.AuthenticationResult?.IdToken ?? '', { audience: CLIENT });
      expect(payload.auth_time).toBe(first.auth_time);
      expect(payload.origin_jti).toBe(first.origin_jti);
      expect(payload.iat).toBe(Math.floor(now.getTime() / 1000));
      expect(payload.jti).not.toBe(first.jti);
    } finally {
      now = startedAt;
    }
  });

  it('returns no new refresh token on refresh', async () => {
    const { email } = await createUser();
    const { refreshToken } = await signIn(email);

    const refreshed = await refresh(refreshToken);

    expect(refreshed.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();
  });

  it('reflects attribute changes in the refreshed ID token', async () => {
    const { email } = await createUser();
    const { refreshToken } = await signIn(email);
    await client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: POOL,
        Username: email,
        UserAttributes: [{ Name: 'given_name', Value: 'Robin' }],
      }),
    );

    const refreshed = await refresh(refreshToken);

    expect(decodeJwt(refreshed.AuthenticationResult?.IdToken ?? '').given_name).toBe('Robin');
  });

  it('refuses a refresh token after AdminUserGlobalSignOut', async () => {
    const { email } = await createUser();
    const { refreshToken } = await signIn(email);

    await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: POOL, Username: email }));

    await expect(refresh(refreshToken)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
  });

  it('keeps ID tokens issued before a global sign-out verifiable until they expire, as Cognito does', async () => {
    const { email } = await createUser();
    const { idToken } = await signIn(email);

    await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: POOL, Username: email }));

    await expect(verify(idToken, { audience: CLIENT })).resolves.toHaveProperty('payload');
  });

  it('accepts a new sign-in after a global sign-out', async () => {
    const { email } = await createUser();
    await signIn(email);
    await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: POOL, Username: email }));

    const { refreshToken } = await signIn(email);

    await expect(refresh(refreshToken)).resolves.toHaveProperty('AuthenticationResult');
  });

  it('refuses a refresh for a disabled user', async () => {
    const { email } = await createUser();
    const { refreshToken } = await signIn(email);
    await client.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: email }));

    await expect(refresh(refreshToken)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User is disabled.',
    });
  });

  it('refuses a refresh token presented by another client', async () => {
    const { email } = await createUser();
    const { refreshToken } = await signIn(email);

    const attempt = client.send(
      new AdminInitiateAuthCommand({
        UserPoolId: POOL,
        ClientId: ADMIN_CLIENT,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );

    await expect(attempt).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
  });

  it('refuses a made-up refresh token', async () => {
    await expect(refresh('not-a-real-refresh-token')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid Refresh Token',
    });
  });

  it('refuses a refresh token after it expires', async () => {
    const { email } = await createUser();
    const { refreshToken } = await signIn(email);
    const startedAt = now;
    now = new Date(startedAt.getTime() + 31 * 24 * 60 * 60 * 1000);
    try {
      await expect(refresh(refreshToken)).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Refresh Token has expired',
      });
    } finally {
      now = startedAt;
    }
  });

  it('refuses the refresh token of a deleted user', async () => {
    const { email } = await createUser();
    const { refreshToken } = await signIn(email);

    await client.send(new AdminDeleteUserCommand({ UserPoolId: POOL, Username: email }));

    await expect(refresh(refreshToken)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe('temporary passwords and NEW_PASSWORD_REQUIRED', () => {
  async function createInvited(temporaryPassword = 'Temporary-pass-1') {
    const email = uniqueEmail('invited');
    const created = await client.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL,
        Username: email,
        TemporaryPassword: temporaryPassword,
        MessageAction: 'SUPPRESS',
      }),
    );
    return { email, created, temporaryPassword };
  }

  it('creates a user in FORCE_CHANGE_PASSWORD with the sub as username and the email as attribute', async () => {
    const { email, created } = await createInvited();

    const sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
    expect(created.User).toMatchObject({ Username: sub, Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD' });
    expect(created.User?.Attributes).toContainEqual({ Name: 'email', Value: email });
    expect(created.User?.UserCreateDate).toBeInstanceOf(Date);
  });

  it('answers a sign-in with the temporary password with a NEW_PASSWORD_REQUIRED challenge', async () => {
    const { email, temporaryPassword } = await createInvited();

    const result = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLIENT,
        AuthParameters: { USERNAME: email, PASSWORD: temporaryPassword },
      }),
    );

    expect(result.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(result.Session).toEqual(expect.any(String));
    expect(result.AuthenticationResult).toBeUndefined();
    expect(JSON.parse(result.ChallengeParameters?.userAttributes ?? '{}')).toMatchObject({ email });
  });

  it('issues tokens and confirms the user once the new password is set', async () => {
    const { email, temporaryPassword } = await createInvited();
    const challenge = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLIENT,
        AuthParameters: { USERNAME: email, PASSWORD: temporaryPassword },
      }),
    );

    const answer = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: CLIENT,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: email, NEW_PASSWORD: 'Brand-new-pass-2' },
      }),
    );

    expect(answer.AuthenticationResult?.IdToken).toEqual(expect.any(String));
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: email }));
    expect(user.UserStatus).toBe('CONFIRMED');
    await expect(signIn(email, 'Brand-new-pass-2')).resolves.toHaveProperty('idToken');
  });

  it('refuses a session answered a second time', async () => {
    const { email, temporaryPassword } = await createInvited();
    const challenge = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLIENT,
        AuthParameters: { USERNAME: email, PASSWORD: temporaryPassword },
      }),
    );
    const answer = {
      ClientId: CLIENT,
      ChallengeName: 'NEW_PASSWORD_REQUIRED' as const,
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: email, NEW_PASSWORD: 'Brand-new-pass-2' },
    };
    await client.send(new RespondToAuthChallengeCommand(answer));

    await expect(client.send(new RespondToAuthChallengeCommand(answer))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
  });

  it("refuses a session presented with another user's name", async () => {
    const { email, temporaryPassword } = await createInvited();
    const other = await createUser();
    const challenge = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLIENT,
        AuthParameters: { USERNAME: email, PASSWORD: temporaryPassword },
      }),
    );

    const attempt = client.send(
      new RespondToAuthChallengeCommand({
        ClientId: CLIENT,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: other.email, NEW_PASSWORD: 'Brand-new-pass-2' },
      }),
    );

    await expect(attempt).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
  });

  it('refuses a session after the auth session validity has passed', async () => {
    const { email, temporaryPassword } = await createInvited();
    const challenge = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLIENT,
        AuthParameters: { USERNAME: email, PASSWORD: temporaryPassword },
      }),
    );
    const startedAt = now;
    now = new Date(startedAt.getTime() + 3 * 60 * 1000 + 1000);
    try {
      const attempt = client.send(
        new RespondToAuthChallengeCommand({
          ClientId: CLIENT,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: email, NEW_PASSWORD: 'Brand-new-pass-2' },
        }),
      );

      await expect(attempt).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid session for the user, session is expired.',
      });
    } finally {
      now = startedAt;
    }
  });

  it('refuses a too-short new password with InvalidPasswordException and keeps the session usable', async () => {
    const { email, temporaryPassword } = await createInvited();
    const challenge = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLIENT,
        AuthParameters: { USERNAME: email, PASSWORD: temporaryPassword },
      }),
    );
    const answer = (password: string) =>
      client.send(
        new RespondToAuthChallengeCommand({
          ClientId: CLIENT,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: email, NEW_PASSWORD: password },
        }),
      );

    await expect(answer('short')).rejects.toMatchObject({ name: 'InvalidPasswordException' });
    await expect(answer('Long-enough-3')).resolves.toHaveProperty('AuthenticationResult');
  });

  it('refuses a temporary password once it has expired', async () => {
    const { email, temporaryPassword } = await createInvited();
    const startedAt = now;
    now = new Date(startedAt.getTime() + 8 * 24 * 60 * 60 * 1000);
    try {
      await expect(signIn(email, temporaryPassword)).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Temporary password has expired and must be reset by an administrator.',
      });
    } finally {
      now = startedAt;
    }
  });

  it('generates a temporary password when none is given', async () => {
    const email = uniqueEmail('generated');

    const created = await client.send(
      new AdminCreateUserCommand({ UserPoolId: POOL, Username: email, MessageAction: 'SUPPRESS' }),
    );

    expect(created.User?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
  });
});

describe('user administration', () => {
  it('answers UsernameExistsException for a second user with the same email, whatever its case', async () => {
    const { email } = await createUser();

    const attempt = client.send(
      new AdminCreateUserCommand({ UserPoolId: POOL, Username: email.toUpperCase(), MessageAction: 'SUPPRESS' }),
    );

    await expect(attempt).rejects.toMatchObject({ name: 'UsernameExistsException' });
  });

  it('creates only one user when the same email is created twice at once', async () => {
    const email = uniqueEmail('race');
    const create = () =>
      client.send(new AdminCreateUserCommand({ UserPoolId: POOL, Username: email, MessageAction: 'SUPPRESS' }));

    const results = await Promise.allSettled([create(), create()]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const listed = await client.send(new ListUsersCommand({ UserPoolId: POOL, Filter: `email = "${email}"` }));
    expect(listed.Users).toHaveLength(1);
  });

  it('refuses a Username that is not an email in a pool that signs in with email', async () => {
    const attempt = client.send(
      new AdminCreateUserCommand({ UserPoolId: POOL, Username: 'dana', MessageAction: 'SUPPRESS' }),
    );

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('refuses to change an immutable attribute', async () => {
    const { email } = await createUser({ accountId: 'acct-a' });

    const attempt = client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: POOL,
        Username: email,
        UserAttributes: [{ Name: 'custom:accountId', Value: 'acct-b' }],
      }),
    );

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: email }));
    expect(user.UserAttributes).toContainEqual({ Name: 'custom:accountId', Value: 'acct-a' });
  });

  it('refuses to set an immutable attribute the user was created without', async () => {
    const email = uniqueEmail('noaccount');
    await client.send(new AdminCreateUserCommand({ UserPoolId: POOL, Username: email, MessageAction: 'SUPPRESS' }));

    const attempt = client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: POOL,
        Username: email,
        UserAttributes: [{ Name: 'custom:accountId', Value: 'acct-b' }],
      }),
    );

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('refuses an attribute that is not in the schema', async () => {
    const { email } = await createUser();

    const attempt = client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: POOL,
        Username: email,
        UserAttributes: [{ Name: 'role', Value: 'admin' }],
      }),
    );

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it("refuses to move a user's email onto another user's email", async () => {
    const first = await createUser();
    const second = await createUser();

    const attempt = client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: POOL,
        Username: second.email,
        UserAttributes: [{ Name: 'email', Value: first.email }],
      }),
    );

    await expect(attempt).rejects.toMatchObject({ name: 'AliasExistsException' });
  });

  it('returns the user with its status and attributes from AdminGetUser, found by email or sub', async () => {
    const { email, sub } = await createUser({ accountId: 'acct-get' });

    const byEmail = await client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: email }));
    const bySub = await client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: sub }));

    expect(byEmail).toMatchObject({ Username: sub, Enabled: true, UserStatus: 'CONFIRMED' });
    expect(byEmail.UserAttributes).toContainEqual({ Name: 'custom:accountId', Value: 'acct-get' });
    expect(bySub.Username).toBe(sub);
  });

  it('shows a disabled user as not enabled', async () => {
    const { email } = await createUser();
    await client.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: email }));

    const user = await client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: email }));

    expect(user.Enabled).toBe(false);
  });

  it('answers UserNotFoundException for an unknown user in AdminGetUser', async () => {
    const attempt = client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: uniqueEmail('ghost') }));

    await expect(attempt).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('deletes a user so it can no longer be found or sign in', async () => {
    const { email } = await createUser();

    await client.send(new AdminDeleteUserCommand({ UserPoolId: POOL, Username: email }));

    await expect(client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: email }))).rejects.toMatchObject({
      name: 'UserNotFoundException',
    });
    await expect(signIn(email)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('refuses a permanent password shorter than 8 characters', async () => {
    const { email } = await createUser();

    const attempt = client.send(
      new AdminSetUserPasswordCommand({ UserPoolId: POOL, Username: email, Password: 'Short1!', Permanent: true }),
    );

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidPasswordException' });
  });

  it('finds a user by email with ListUsers', async () => {
    const { email, sub } = await createUser();
    await createUser();

    const listed = await client.send(new ListUsersCommand({ UserPoolId: POOL, Filter: `email = "${email}"` }));

    expect(listed.Users?.map((u) => u.Username)).toEqual([sub]);
  });

  it('pages through ListUsers without repeating or skipping users', async () => {
    await Promise.all([createUser(), createUser(), createUser(), createUser()]);
    async function listAll(limit: number) {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListUsersCommand({ UserPoolId: POOL, Limit: limit, PaginationToken: token }),
        );
        names.push(...(page.Users ?? []).map((u) => u.Username ?? ''));
        token = page.PaginationToken;
      } while (token);
      return names;
    }

    const inSmallPages = await listAll(3);

    expect(inSmallPages).toEqual(await listAll(60));
    expect(new Set(inSmallPages).size).toBe(inSmallPages.length);
  });

  it('answers InvalidParameterException for a malformed ListUsers filter', async () => {
    const attempt = client.send(new ListUsersCommand({ UserPoolId: POOL, Filter: 'email equals someone' }));

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('answers InvalidParameterException when a required member is missing', async () => {
    const attempt = client.send(new AdminGetUserCommand({ UserPoolId: POOL } as never));

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('signs a user of a username pool in by username', async () => {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: PLAIN_POOL,
        Username: 'robin',
        MessageAction: 'SUPPRESS',
        TemporaryPassword: 'Temporary-pass-1',
      }),
    );
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: PLAIN_POOL,
        Username: 'robin',
        Password: PASSWORD,
        Permanent: true,
      }),
    );

    const result = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: PLAIN_CLIENT,
        AuthParameters: { USERNAME: 'robin', PASSWORD },
      }),
    );

    const { payload } = await verify(result.AuthenticationResult?.IdToken ?? '', {
      audience: PLAIN_CLIENT,
      issuer: cognito.issuer(PLAIN_POOL),
      jwksUrl: cognito.jwksUrl(PLAIN_POOL),
    });
    expect(payload['cognito:username']).toBe('robin');
  });

  it('answers UsernameExistsException "User account already exists" in a username pool', async () => {
    const create = () =>
      client.send(new AdminCreateUserCommand({ UserPoolId: PLAIN_POOL, Username: 'twice', MessageAction: 'SUPPRESS' }));
    await create();

    await expect(create()).rejects.toMatchObject({
      name: 'UsernameExistsException',
      message: 'User account already exists',
    });
  });
});

describe('the wire protocol', () => {
  it('answers UnknownOperationException naming an operation it does not speak', async () => {
    const attempt = client.send(
      new SignUpCommand({ ClientId: CLIENT, Username: uniqueEmail('signup'), Password: PASSWORD }),
    );

    await expect(attempt).rejects.toMatchObject({
      name: 'UnknownOperationException',
      message: expect.stringContaining('SignUp'),
    });
  });

  it('answers SerializationException for a body that is not JSON, without echoing it', async () => {
    const response = await fetch(cognito.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: '{"AuthParameters":{"PASSWORD":"Secret-123"',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ __type: 'SerializationException' });
    expect(body).not.toContain('Secret-123');
  });

  it('serves an openid-configuration naming the issuer and the JWKS URL', async () => {
    const response = await fetch(`${cognito.issuer(POOL)}/.well-known/openid-configuration`);

    expect(await response.json()).toMatchObject({ issuer: cognito.issuer(POOL), jwks_uri: cognito.jwksUrl(POOL) });
  });

  it('answers 404 for the JWKS of an unknown pool', async () => {
    const response = await fetch(`${cognito.url}/local_Nowhere/.well-known/jwks.json`);

    expect(response.status).toBe(404);
  });
});

describe('token verification against the JWKS', () => {
  it('rejects a token signed by another key, even with the same kid and claims', async () => {
    const { email } = await createUser();
    const { idToken } = await signIn(email);
    const { kid } = decodeProtectedHeader(idToken);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(decodeJwt(idToken)).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);

    await expect(verify(forged, { audience: CLIENT })).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it('rejects a genuine token whose claims were altered', async () => {
    const { email } = await createUser({ accountId: 'acct-mine' });
    const { idToken } = await signIn(email);
    const [header, payload, signature] = idToken.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    const altered = Buffer.from(JSON.stringify({ ...claims, 'custom:accountId': 'acct-theirs' })).toString('base64url');

    await expect(verify(`${header}.${altered}.${signature}`, { audience: CLIENT })).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it("rejects a token of one pool checked against another pool's issuer", async () => {
    const { email } = await createUser();
    const { idToken } = await signIn(email);

    await expect(
      verify(idToken, { issuer: cognito.issuer(PLAIN_POOL), jwksUrl: cognito.jwksUrl(PLAIN_POOL) }),
    ).rejects.toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    });
  });

  it('rejects an ID token after it expires', async () => {
    const { email } = await createUser();
    const { idToken } = await signIn(email);
    const startedAt = now;
    now = new Date(startedAt.getTime() + 61 * 60 * 1000);
    try {
      await expect(verify(idToken, { audience: CLIENT })).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
    } finally {
      now = startedAt;
    }
  });
});

describe('CUSTOM_AUTH with challenge triggers', () => {
  async function createPortalUser() {
    const email = uniqueEmail('guest');
    const created = await client.send(
      new AdminCreateUserCommand({
        UserPoolId: PORTAL_POOL,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'custom:externalUserId', Value: 'ext-1' }],
      }),
    );
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: PORTAL_POOL,
        Username: email,
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    return { email, username: created.User?.Username ?? '' };
  }

  function startCustomAuth(email: string, clientMetadata?: Record<string, string>) {
    return client.send(
      new InitiateAuthCommand({
        AuthFlow: 'CUSTOM_AUTH',
        ClientId: PORTAL_CLIENT,
        AuthParameters: { USERNAME: email },
        ClientMetadata: clientMetadata,
      }),
    );
  }

  function answer(email: string, session: string | undefined, value: string, clientMetadata?: Record<string, string>) {
    return client.send(
      new RespondToAuthChallengeCommand({
        ClientId: PORTAL_CLIENT,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: session,
        ChallengeResponses: { USERNAME: email, ANSWER: value },
        ClientMetadata: clientMetadata,
      }),
    );
  }

  it('asks a CUSTOM_CHALLENGE with the public parameters of CreateAuthChallenge and the username', async () => {
    const { email, username } = await createPortalUser();

    const challenge = await startCustomAuth(email);

    expect(challenge.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(challenge.ChallengeParameters).toEqual({ delivery: 'email', USERNAME: username });
    expect(challenge.Session).toEqual(expect.any(String));
  });

  it('never sends the private challenge parameters to the client', async () => {
    const { email, username } = await createPortalUser();

    const challenge = await startCustomAuth(email);

    expect(JSON.stringify(challenge)).not.toContain(codes.get(username));
  });

  it('issues tokens for the right answer', async () => {
    const { email, username } = await createPortalUser();
    const challenge = await startCustomAuth(email);

    const result = await answer(email, challenge.Session, codes.get(username) ?? '');

    const { payload } = await verify(result.AuthenticationResult?.IdToken ?? '', {
      audience: PORTAL_CLIENT,
      issuer: cognito.issuer(PORTAL_POOL),
      jwksUrl: cognito.jwksUrl(PORTAL_POOL),
    });
    expect(payload).toMatchObject({ 'cognito:username': username, 'custom:externalUserId': 'ext-1' });
    expect(result.AuthenticationResult?.RefreshToken).toEqual(expect.any(String));
  });

  it('sends DefineAuthChallenge a Cognito event with the user attributes, client and ClientMetadata', async () => {
    const { email, username } = await createPortalUser();

    await startCustomAuth(email, { purpose: 'portal' });

    expect(triggerEvents.define.at(-1)).toMatchObject({
      version: '1',
      userPoolId: PORTAL_POOL,
      userName: username,
      triggerSource: 'DefineAuthChallenge_Authentication',
      callerContext: { clientId: PORTAL_CLIENT },
      request: {
        userAttributes: { sub: username, email, 'custom:externalUserId': 'ext-1', 'cognito:user_status': 'CONFIRMED' },
        session: [],
        clientMetadata: { purpose: 'portal' },
      },
      response: { issueTokens: false, failAuthentication: false },
    });
    expect(triggerEvents.define.at(-1)?.request).not.toHaveProperty('userNotFound');
  });

  it('passes VerifyAuthChallengeResponse the answer and the private parameters, and Define the history', async () => {
    const { email, username } = await createPortalUser();
    const challenge = await startCustomAuth(email);
    const code = codes.get(username) ?? '';

    await answer(email, challenge.Session, code);

    expect(triggerEvents.verify.at(-1)).toMatchObject({
      triggerSource: 'VerifyAuthChallengeResponse_Authentication',
      request: { challengeAnswer: code, privateChallengeParameters: { code } },
    });
    expect(triggerEvents.define.at(-1)?.request.session).toEqual([
      { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'CODE-1' },
    ]);
  });

  it('asks again with a new session after a wrong answer', async () => {
    const { email, username } = await createPortalUser();
    const challenge = await startCustomAuth(email);

    const retry = await answer(email, challenge.Session, 'wrong');

    expect(retry.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(retry.Session).not.toBe(challenge.Session);
    const result = await answer(email, retry.Session, codes.get(username) ?? '');
    expect(result.AuthenticationResult?.IdToken).toEqual(expect.any(String));
  });

  it('refuses the earlier session once an answer has moved the sign-in on', async () => {
    const { email, username } = await createPortalUser();
    const challenge = await startCustomAuth(email);
    await answer(email, challenge.Session, 'wrong');

    const attempt = answer(email, challenge.Session, codes.get(username) ?? '');

    await expect(attempt).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
  });

  it('accepts only one of two concurrent answers to one session', async () => {
    const { email, username } = await createPortalUser();
    const challenge = await startCustomAuth(email);
    const code = codes.get(username) ?? '';
    const held = holdVerify();
    const first = answer(email, challenge.Session, code, { hold: 'yes' });
    await held.entered(1);

    // The second answer arrives while the first is still being verified.
    const second = answer(email, challenge.Session, code, { hold: 'yes' });
    await Promise.race([second.catch(() => undefined), held.entered(2)]);
    held.release();
    const results = await Promise.allSettled([first, second]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
  });

  it('fails with "Incorrect username or password." when DefineAuthChallenge fails the sign-in', async () => {
    const { email } = await createPortalUser();
    let session = (await startCustomAuth(email)).Session;
    session = (await answer(email, session, 'wrong-1')).Session;
    session = (await answer(email, session, 'wrong-2')).Session;

    await expect(answer(email, session, 'wrong-3')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('refuses the session of a failed sign-in, so it gives no further guesses', async () => {
    const { email, username } = await createPortalUser();
    let session = (await startCustomAuth(email)).Session;
    session = (await answer(email, session, 'wrong-1')).Session;
    session = (await answer(email, session, 'wrong-2')).Session;
    await answer(email, session, 'wrong-3').catch(() => undefined);

    const attempt = answer(email, session, codes.get(username) ?? '');

    await expect(attempt).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
  });

  it('runs the triggers with userNotFound for an unknown user, just like for a known one', async () => {
    const email = uniqueEmail('stranger');

    const challenge = await startCustomAuth(email);

    expect(challenge.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(triggerEvents.define.at(-1)?.request).toMatchObject({ userNotFound: true, userAttributes: {} });
  });

  it('never issues tokens for an unknown user, even for the answer the triggers accept', async () => {
    const email = uniqueEmail('stranger');
    const challenge = await startCustomAuth(email);

    const attempt = answer(email, challenge.Session, codes.get(email) ?? '');

    await expect(attempt).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('refuses a disabled user before any trigger runs', async () => {
    const { email } = await createPortalUser();
    await client.send(new AdminDisableUserCommand({ UserPoolId: PORTAL_POOL, Username: email }));
    const defineCalls = triggerEvents.define.length;

    await expect(startCustomAuth(email)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User is disabled.',
    });
    expect(triggerEvents.define.length).toBe(defineCalls);
  });

  it('answers UserLambdaValidationException when a trigger throws', async () => {
    const attempt = client.send(
      new InitiateAuthCommand({
        AuthFlow: 'CUSTOM_AUTH',
        ClientId: BROKEN_CLIENT,
        AuthParameters: { USERNAME: 'anyone' },
      }),
    );

    await expect(attempt).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'DefineAuthChallenge failed with error boom.',
    });
  });

  it('refuses a CUSTOM_CHALLENGE answer without ANSWER', async () => {
    const { email } = await createPortalUser();
    const challenge = await startCustomAuth(email);

    const attempt = client.send(
      new RespondToAuthChallengeCommand({
        ClientId: PORTAL_CLIENT,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: email },
      }),
    );

    await expect(attempt).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Missing required parameter ANSWER',
    });
  });

  describe('on a client with a secret', () => {
    let secret: string;
    const hashFor = (username: string) => secretHash(secret, username, PORTAL_SECRET_CLIENT);
    const start = (email: string, parameters: Record<string, string> = { SECRET_HASH: hashFor(email) }) =>
      client.send(
        new InitiateAuthCommand({
          AuthFlow: 'CUSTOM_AUTH',
          ClientId: PORTAL_SECRET_CLIENT,
          AuthParameters: { USERNAME: email, ...parameters },
        }),
      );
    const respond = (email: string, session: string | undefined, value: string, extra: Record<string, string>) =>
      client.send(
        new RespondToAuthChallengeCommand({
          ClientId: PORTAL_SECRET_CLIENT,
          ChallengeName: 'CUSTOM_CHALLENGE',
          Session: session,
          ChallengeResponses: { USERNAME: email, ANSWER: value, ...extra },
        }),
      );

    beforeAll(async () => {
      const described = await client.send(
        new DescribeUserPoolClientCommand({ UserPoolId: PORTAL_POOL, ClientId: PORTAL_SECRET_CLIENT }),
      );
      secret = described.UserPoolClient?.ClientSecret ?? '';
    });

    it('gives the secret only through DescribeUserPoolClient, and a client without one none', async () => {
      expect(secret).toMatch(/^[\w-]{32,}$/);
      const plain = await client.send(
        new DescribeUserPoolClientCommand({ UserPoolId: PORTAL_POOL, ClientId: PORTAL_CLIENT }),
      );
      expect(plain.UserPoolClient).toMatchObject({ ClientId: PORTAL_CLIENT, UserPoolId: PORTAL_POOL });
      expect(plain.UserPoolClient?.ClientSecret).toBeUndefined();
    });

    it('refuses a sign-in without SECRET_HASH, or with one made for another user, as Cognito words it', async () => {
      const { email } = await createPortalUser();
      const creates = triggerEvents.create.length;

      await expect(start(email, {})).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: `Client ${PORTAL_SECRET_CLIENT} is configured with secret but SECRET_HASH was not received`,
      });
      await expect(start(email, { SECRET_HASH: hashFor('someone-else@example.com') })).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: `Unable to verify secret hash for client ${PORTAL_SECRET_CLIENT}`,
      });
      expect(triggerEvents.create.length).toBe(creates);
    });

    it('refuses an answer without SECRET_HASH and leaves the session to the holder of the secret', async () => {
      const { email, username } = await createPortalUser();
      const challenge = await start(email);
      const code = codes.get(username) ?? '';

      await expect(respond(email, challenge.Session, code, {})).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: `Client ${PORTAL_SECRET_CLIENT} is configured with secret but SECRET_HASH was not received`,
      });
      await expect(respond(email, challenge.Session, code, { SECRET_HASH: 'bm90IHRoZSBoYXNo' })).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: `Unable to verify secret hash for client ${PORTAL_SECRET_CLIENT}`,
      });
      const result = await respond(email, challenge.Session, code, { SECRET_HASH: hashFor(email) });
      expect(result.AuthenticationResult?.IdToken).toEqual(expect.any(String));
    });

    it("refreshes only with SECRET_HASH made from the user's internal username", async () => {
      const { email, username } = await createPortalUser();
      const challenge = await start(email);
      const signedIn = await respond(email, challenge.Session, codes.get(username) ?? '', {
        SECRET_HASH: hashFor(email),
      });
      const refreshWith = (parameters: Record<string, string>) =>
        client.send(
          new InitiateAuthCommand({
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            ClientId: PORTAL_SECRET_CLIENT,
            AuthParameters: { REFRESH_TOKEN: signedIn.AuthenticationResult?.RefreshToken ?? '', ...parameters },
          }),
        );

      await expect(refreshWith({})).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      await expect(refreshWith({ SECRET_HASH: hashFor(email) })).rejects.toMatchObject({
        message: `Unable to verify secret hash for client ${PORTAL_SECRET_CLIENT}`,
      });
      const refreshed = await refreshWith({ SECRET_HASH: hashFor(username) });
      expect(refreshed.AuthenticationResult?.IdToken).toEqual(expect.any(String));
    });
  });

  describe('PostAuthentication', () => {
    it('runs once per sign-in, with the user, the client and ClientMetadata, and not after a wrong answer', async () => {
      const { email, username } = await createPortalUser();
      const before = triggerEvents.postAuthentication.length;
      const challenge = await startCustomAuth(email);
      const wrong = await answer(email, challenge.Session, 'wrong');
      expect(triggerEvents.postAuthentication.length).toBe(before);

      await answer(email, wrong.Session, codes.get(username) ?? '', { purpose: 'portal' });

      expect(triggerEvents.postAuthentication.slice(before)).toEqual([
        expect.objectContaining({
          triggerSource: 'PostAuthentication_Authentication',
          userPoolId: PORTAL_POOL,
          userName: username,
          callerContext: expect.objectContaining({ clientId: PORTAL_CLIENT }),
          request: expect.objectContaining({
            userAttributes: expect.objectContaining({ 'custom:externalUserId': 'ext-1', sub: expect.any(String) }),
            clientMetadata: { purpose: 'portal' },
          }),
        }),
      ]);
    });

    it('does not run on a refresh, which is no new sign-in', async () => {
      const { email, username } = await createPortalUser();
      const challenge = await startCustomAuth(email);
      const signedIn = await answer(email, challenge.Session, codes.get(username) ?? '');
      const before = triggerEvents.postAuthentication.length;

      await refresh(signedIn.AuthenticationResult?.RefreshToken ?? '', PORTAL_CLIENT);

      expect(triggerEvents.postAuthentication.length).toBe(before);
    });

    it('fails the sign-in, with no tokens, when it throws', async () => {
      const { email, username } = await createPortalUser();
      const challenge = await startCustomAuth(email);

      const attempt = answer(email, challenge.Session, codes.get(username) ?? '', { failPostAuthentication: 'yes' });

      await expect(attempt).rejects.toMatchObject({
        name: 'UserLambdaValidationException',
        message: 'PostAuthentication failed with error no record.',
      });
    });
  });
});

describe('persistence with a data file', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'local-cognito-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function withServer<T>(
    dataFile: string,
    run: (server: LocalCognito, sdk: CognitoIdentityProviderClient) => Promise<T>,
  ) {
    const server = await startLocalCognito({ port: await freePort(), pools, dataFile, clock });
    const sdk = sdkClient(server.url);
    try {
      return await run(server, sdk);
    } finally {
      sdk.destroy();
      await server.stop();
    }
  }

  it('keeps users, the signing key and refresh tokens across a restart', async () => {
    const dataFile = join(dir, 'restart', 'cognito.json');
    const before = await withServer(dataFile, async (server, sdk) => {
      const { email } = await createUser({ sdk, accountId: 'acct-kept' });
      return { email, issuer: server.issuer(POOL), tokens: await signIn(email, PASSWORD, sdk) };
    });

    await withServer(dataFile, async (server, sdk) => {
      const again = await signIn(before.email, PASSWORD, sdk);
      expect(decodeJwt(again.idToken)['custom:accountId']).toBe('acct-kept');
      // Tokens issued before the restart still verify against the restarted server's JWKS.
      await expect(
        verify(before.tokens.idToken, { audience: CLIENT, issuer: before.issuer, jwksUrl: server.jwksUrl(POOL) }),
      ).resolves.toHaveProperty('payload');
      const refreshed = await sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: CLIENT,
          AuthParameters: { REFRESH_TOKEN: before.tokens.refreshToken },
        }),
      );
      expect(refreshed.AuthenticationResult?.IdToken).toEqual(expect.any(String));
    });
  });

  it('keeps a global sign-out across a restart', async () => {
    const dataFile = join(dir, 'signout', 'cognito.json');
    const refreshToken = await withServer(dataFile, async (_server, sdk) => {
      const { email } = await createUser({ sdk });
      const tokens = await signIn(email, PASSWORD, sdk);
      await sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId: POOL, Username: email }));
      return tokens.refreshToken;
    });

    await withServer(dataFile, async (_server, sdk) => {
      const attempt = sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: CLIENT,
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      );
      await expect(attempt).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Refresh Token has been revoked',
      });
    });
  });

  it('never writes a password or a refresh token to the data file', async () => {
    const dataFile = join(dir, 'secrets', 'cognito.json');
    const refreshToken = await withServer(dataFile, async (_server, sdk) => {
      const { email } = await createUser({ sdk });
      return (await signIn(email, PASSWORD, sdk)).refreshToken;
    });

    const content = await readFile(dataFile, 'utf8');

    expect(content).not.toContain(PASSWORD);
    expect(content).not.toContain(refreshToken);
  });

  it('refuses to start on a data file that is not local Cognito state', async () => {
    const dataFile = join(dir, 'foreign.json');
    await writeFile(dataFile, '{"hello":"world"}');

    await expect(startLocalCognito({ port: await freePort(), pools, dataFile })).rejects.toThrow(
      /not local Cognito state/,
    );
  });
});

describe('a forgotten password', () => {
  const forgot = (email: string) => client.send(new ForgotPasswordCommand({ ClientId: CLIENT, Username: email }));
  const confirm = (email: string, code: string, password: string) =>
    client.send(
      new ConfirmForgotPasswordCommand({
        ClientId: CLIENT,
        Username: email,
        ConfirmationCode: code,
        Password: password,
      }),
    );

  it('e-mails a code that sets a new password once, refusing a wrong code and ending the old sessions', async () => {
    const { email } = await createUser();
    const before = await signIn(email);
    const sent = await forgot(email);
    expect(sent.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    expect(sent.CodeDeliveryDetails?.Destination).not.toContain(email);
    const code = resetCodes.get(email) as string;
    expect(code).toMatch(/^\d{6}$/);

    const wrong = code === '000000' ? '111111' : '000000';
    await expect(confirm(email, wrong, 'New-password-1')).rejects.toMatchObject({ name: 'CodeMismatchException' });
    await expect(confirm(email, code, 'short')).rejects.toMatchObject({ name: 'InvalidPasswordException' });
    await expect(confirm(email, code, 'New-password-1')).resolves.toBeDefined();

    await expect(signIn(email)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(signIn(email, 'New-password-1')).resolves.toMatchObject({ idToken: expect.any(String) });
    await expect(refresh(before.refreshToken)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    // The code is used up.
    await expect(confirm(email, code, 'Another-password-2')).rejects.toMatchObject({ name: 'ExpiredCodeException' });
  });

  it('answers an unknown address as a known one, sending nothing, and refuses an expired code', async () => {
    const unknown = uniqueEmail('nobody');
    await expect(forgot(unknown)).resolves.toMatchObject({ CodeDeliveryDetails: { DeliveryMedium: 'EMAIL' } });
    expect(resetCodes.has(unknown)).toBe(false);

    const { email } = await createUser();
    await forgot(email);
    const code = resetCodes.get(email) as string;
    const started = now;
    now = new Date(started.getTime() + 61 * 60 * 1000);
    try {
      await expect(confirm(email, code, 'New-password-1')).rejects.toMatchObject({ name: 'ExpiredCodeException' });
    } finally {
      now = started;
    }
  });
});
