import { httpHandler, ok } from '#shared/http';
import { resetStaffUserDeliverability as route } from './deliverability.contract';
import { resetStaffUserDeliverability } from './deliverability-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await resetStaffUserDeliverability(caller, params.userId)),
);
