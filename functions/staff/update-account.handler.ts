import { httpHandler, ok } from '#shared/http';
import { updateAccount as route } from '../accounts/account.contract';
import { updateAccount } from './account-settings';

export const handler = httpHandler(route, async ({ caller, body }) => ok(await updateAccount(caller, body)));
