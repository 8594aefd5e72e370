import { httpHandler, ok } from '#shared/http';
import { resetDeliverability as route } from './deliverability.contract';
import { resetExternalUserDeliverability } from './deliverability-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await resetExternalUserDeliverability(caller, params.externalUserId)),
);
