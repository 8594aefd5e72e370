import { httpHandler, noContent } from '#shared/http';
import { deleteCustomer as route } from './customer.contract';
import { deleteCustomer } from './customer-service';

export const handler = httpHandler(route, async ({ caller, params }) => {
  await deleteCustomer(caller, params.customerId);
  return noContent();
});
