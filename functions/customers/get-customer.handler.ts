import { httpHandler, ok } from '#shared/http';
import { getCustomer as route } from './customer.contract';
import { getCustomer } from './customer-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await getCustomer(caller, params.customerId)),
);
