import { created, httpHandler } from '#shared/http';
import { promoteExternalUser as route } from './external-user.contract';
import { promoteExternalUser } from './external-user-promotion';
import { signOutPortalUser } from './portal-sign-out';

export const handler = httpHandler(route, async ({ caller, params, body }) => {
  const promoted = await promoteExternalUser(caller, params.externalUserId, body);
  // A promoted person signs in as staff from now on; their portal sessions end (R13).
  await signOutPortalUser(params.externalUserId);
  return created(promoted);
});
