import { created, httpHandler } from '#shared/http';
import { createCustomer as route } from './customer.contract';
import { createCustomer } from './customer-service';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createCustomer(caller, body)));
