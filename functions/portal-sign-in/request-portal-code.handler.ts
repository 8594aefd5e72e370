import { httpHandler, ok } from '#shared/http';
import { requestPortalCode } from './portal-sign-in.contract';
import { requestCode } from './portal-sign-in-service';

export const handler = httpHandler(requestPortalCode, async ({ headers }) =>
  ok(await requestCode(headers['x-link-token'])),
);
