import { httpHandler, ok } from '#shared/http';
import { listCustomers as route } from './customer.contract';
import { listCustomers } from './customer-service';

export const handler = httpHandler(route, async ({ caller, query }) => ok(await listCustomers(caller, query)));
