import {
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { requireEnv } from '#shared/env';
import { logger } from '#shared/logger';

/*
 * Signing external users out of the portal pool: apart from the sign-in (portal-directory.ts), so
 * the functions that disable or promote an external user may call this one action and nothing
 * else of the pool, and never read its client secret.
 */
const cognito = new CognitoIdentityProviderClient({});
const userPoolId = requireEnv('PORTAL_USER_POOL_ID');

/**
 * Signs the external user out everywhere (R13): Cognito revokes their refresh tokens. One who
 * never signed in is fine. A failure is logged, not thrown: the change that called for it is
 * written already, and every portal request refuses them from then on anyway (R12).
 */
export async function signOutPortalUser(externalUserId: string): Promise<void> {
  try {
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: externalUserId }));
  } catch (error) {
    if (error instanceof UserNotFoundException) return;
    logger.error('Global sign-out of an external user failed', { externalUserId, error: (error as Error).name });
  }
}
