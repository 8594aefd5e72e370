import { httpHandler, ok } from '#shared/http';
import { getAccount } from '../accounts/account.contract';
import { readAccount } from './account-settings';

export const handler = httpHandler(getAccount, async ({ caller }) => ok(await readAccount(caller)));
