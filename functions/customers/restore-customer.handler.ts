import { httpHandler, ok } from '#shared/http';
import { restoreCustomer as route } from './customer.contract';
import { archiveCustomer } from './customer-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await archiveCustomer(caller, params.customerId, false)),
);
