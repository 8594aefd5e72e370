import { httpHandler, ok } from '#shared/http';
import { requestPortalCode } from './portal-sign-in.contract';
import { requestCode, signInBy } from './portal-sign-in-service';

export const handler = httpHandler(requestPortalCode, async ({ headers, body }) =>
  ok(await requestCode(signInBy(headers['x-link-token'], body))),
);
