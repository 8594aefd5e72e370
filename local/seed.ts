/** The demo tenant `npm start` creates on first run, and its Account Admin's sign-in. */
export const demoAccount = {
  accountId: 'demo',
  name: 'Demo Venue Operations',
  admin: { email: 'admin@demo.fieldpass.local', givenName: 'Dana', familyName: 'Admin' },
  password: 'FieldPass-demo-2026!',
} as const;

/**
 * Creates the demo account and its Account Admin unless they exist already, through the same
 * provisioning use case ops would run. Imported after the local environment is set, because
 * the modules it loads read their configuration at load.
 */
export async function seedDemoAccount(): Promise<'created' | 'kept'> {
  const { findAccount } = await import('../functions/accounts/account-repository');
  if (await findAccount(demoAccount.accountId)) return 'kept';
  const { provisionAccount } = await import('../functions/staff/provision-account');
  await provisionAccount({
    accountId: demoAccount.accountId,
    name: demoAccount.name,
    admin: { ...demoAccount.admin },
    password: demoAccount.password,
  });
  return 'created';
}

/** The demo Account Admin's ID token, signed in through the local staff pool as the web client does. */
export async function demoAdminToken(cognitoUrl: string): Promise<string> {
  const { CognitoIdentityProviderClient, InitiateAuthCommand } = await import(
    '@aws-sdk/client-cognito-identity-provider'
  );
  const { localCredentials, localRegion } = await import('./dynamodb-local');
  const { localStaffPool } = await import('./stack');
  const cognito = new CognitoIdentityProviderClient({
    endpoint: cognitoUrl,
    region: localRegion,
    credentials: localCredentials,
  });
  const result = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: localStaffPool.clientId,
      AuthParameters: { USERNAME: demoAccount.admin.email, PASSWORD: demoAccount.password },
    }),
  );
  const token = result.AuthenticationResult?.IdToken;
  if (!token) throw new Error('demo data: the Account Admin could not sign in');
  return token;
}
