import { httpHandler, ok } from '#shared/http';
import { verifyPortalCode } from './portal-sign-in.contract';
import { verifyCode } from './portal-sign-in-service';

export const handler = httpHandler(verifyPortalCode, async ({ headers, body }) =>
  ok(await verifyCode(headers['x-link-token'], body)),
);
