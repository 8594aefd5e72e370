import type { RouteBinding } from '#shared/routing';
import { getAccount, updateAccount } from './account.contract';

/** The HTTP routes of functions/accounts/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: getAccount, entry: 'functions/accounts/get-account.handler.ts' },
  { contract: updateAccount, entry: 'functions/accounts/update-account.handler.ts' },
];
