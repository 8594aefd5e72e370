import type { RouteBinding } from '#shared/routing';
import { addClientAccess, changeClientAccess, deleteClientAccess, getClientAccess } from './client-access.contract';
import {
  createExternalRole,
  deleteExternalRole,
  getExternalRole,
  listExternalRoles,
  updateExternalRole,
} from './external-role.contract';
import {
  createExternalView,
  deleteExternalView,
  getExternalView,
  listExternalViews,
  updateExternalView,
} from './external-view.contract';

/** The HTTP routes of functions/clients/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: listExternalViews, entry: 'functions/clients/list-external-views.handler.ts' },
  { contract: createExternalView, entry: 'functions/clients/create-external-view.handler.ts' },
  { contract: getExternalView, entry: 'functions/clients/get-external-view.handler.ts' },
  { contract: updateExternalView, entry: 'functions/clients/update-external-view.handler.ts' },
  { contract: deleteExternalView, entry: 'functions/clients/delete-external-view.handler.ts' },
  { contract: listExternalRoles, entry: 'functions/clients/list-external-roles.handler.ts' },
  { contract: createExternalRole, entry: 'functions/clients/create-external-role.handler.ts' },
  { contract: getExternalRole, entry: 'functions/clients/get-external-role.handler.ts' },
  { contract: updateExternalRole, entry: 'functions/clients/update-external-role.handler.ts' },
  { contract: deleteExternalRole, entry: 'functions/clients/delete-external-role.handler.ts' },
  { contract: getClientAccess, entry: 'functions/clients/get-client-access.handler.ts' },
  { contract: addClientAccess, entry: 'functions/clients/add-client-access.handler.ts' },
  { contract: changeClientAccess, entry: 'functions/clients/change-client-access.handler.ts' },
  { contract: deleteClientAccess, entry: 'functions/clients/delete-client-access.handler.ts' },
];
