import type { RouteBinding } from '#shared/routing';
import {
  createExternalUser,
  disableExternalUser,
  enableExternalUser,
  getExternalUser,
  listExternalUsers,
  promoteExternalUser,
  updateExternalUser,
} from './external-user.contract';

/** The HTTP routes of functions/external-users/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: listExternalUsers, entry: 'functions/external-users/list-external-users.handler.ts' },
  { contract: createExternalUser, entry: 'functions/external-users/create-external-user.handler.ts' },
  { contract: getExternalUser, entry: 'functions/external-users/get-external-user.handler.ts' },
  { contract: updateExternalUser, entry: 'functions/external-users/update-external-user.handler.ts' },
  {
    contract: disableExternalUser,
    entry: 'functions/external-users/disable-external-user.handler.ts',
    uses: ['portalSignOut'],
  },
  { contract: enableExternalUser, entry: 'functions/external-users/enable-external-user.handler.ts' },
  {
    contract: promoteExternalUser,
    entry: 'functions/external-users/promote-external-user.handler.ts',
    uses: ['staffDirectory', 'portalSignOut'],
  },
];
