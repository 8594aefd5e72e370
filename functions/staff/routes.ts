import type { RouteBinding } from '#shared/routing';
import { getAccount, updateAccount } from '../accounts/account.contract';
import {
  createUser,
  deleteUser,
  disableUser,
  enableUser,
  getMe,
  getUser,
  listUsers,
  updateMe,
  updateUser,
} from './staff.contract';

/** The HTTP routes of functions/staff/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: getMe, entry: 'functions/staff/me.handler.ts' },
  { contract: updateMe, entry: 'functions/staff/update-me.handler.ts' },
  { contract: getAccount, entry: 'functions/staff/get-account.handler.ts' },
  { contract: updateAccount, entry: 'functions/staff/update-account.handler.ts' },
  { contract: listUsers, entry: 'functions/staff/list-users.handler.ts' },
  { contract: createUser, entry: 'functions/staff/create-user.handler.ts', uses: ['staffDirectory'] },
  { contract: getUser, entry: 'functions/staff/get-user.handler.ts' },
  { contract: updateUser, entry: 'functions/staff/update-user.handler.ts' },
  { contract: disableUser, entry: 'functions/staff/disable-user.handler.ts', uses: ['staffDirectory'] },
  { contract: enableUser, entry: 'functions/staff/enable-user.handler.ts', uses: ['staffDirectory'] },
  { contract: deleteUser, entry: 'functions/staff/delete-user.handler.ts', uses: ['staffDirectory'] },
];
