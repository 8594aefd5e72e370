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
