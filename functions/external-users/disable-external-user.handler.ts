import { httpHandler, ok } from '#shared/http';
import { disableExternalUser as route } from './external-user.contract';
import { setExternalUserStatus } from './external-user-service';
import { signOutPortalUser } from './portal-sign-out';

export const handler = httpHandler(route, async ({ caller, params, body }) => {
  const disabled = await setExternalUserStatus(caller, params.externalUserId, 'disabled', body.version);
  // Their portal sessions end too (R13); each portal request already refuses them (R12).
  await signOutPortalUser(params.externalUserId);
  return ok(disabled);
});
