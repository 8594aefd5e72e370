import { isAwsError } from '#shared/aws-request';
import { cognito } from '#shared/cognito';
import { requireEnv } from '#shared/env';
import { logger } from '#shared/logger';

/*
 * Signing external users out of the portal pool: apart from the sign-in (portal-directory.ts), so
 * the functions that disable or promote an external user may call this one action and nothing
 * else of the pool, and never read its client secret.
 */
const userPoolId = requireEnv('PORTAL_USER_POOL_ID');

/**
 * Signs the external user out everywhere (R13): Cognito revokes their refresh tokens. One who
 * never signed in is fine. A failure is logged, not thrown: the change that called for it is
 * written already, and every portal request refuses them from then on anyway (R12).
 */
export async function signOutPortalUser(externalUserId: string): Promise<void> {
  try {
    await cognito('AdminUserGlobalSignOut', { UserPoolId: userPoolId, Username: externalUserId });
  } catch (error) {
    if (isAwsError(error, 'UserNotFoundException')) return;
    logger.error('Global sign-out of an external user failed', { externalUserId, error: (error as Error).name });
  }
}
