import { httpHandler, ok } from '#shared/http';
import { verifyPortalCode } from './portal-sign-in.contract';
import { signInBy, verifyCode } from './portal-sign-in-service';

export const handler = httpHandler(verifyPortalCode, async ({ headers, body }) =>
  ok(await verifyCode(signInBy(headers['x-link-token'], body), { session: body.session, code: body.code })),
);
