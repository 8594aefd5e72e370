import { httpHandler, ok } from '#shared/http';
import { updateCustomer as route } from './customer.contract';
import { updateCustomer } from './customer-service';

export const handler = httpHandler(route, async ({ caller, params, body }) =>
  ok(await updateCustomer(caller, params.customerId, body)),
);
