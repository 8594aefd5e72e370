import type { RouteBinding } from '#shared/routing';
import {
  archiveCustomer,
  createCustomer,
  deleteCustomer,
  getCustomer,
  listCustomers,
  restoreCustomer,
  updateCustomer,
} from './customer.contract';
import {
  archiveSite,
  createSite,
  deleteSite,
  getSite,
  listSites,
  listSubSites,
  restoreSite,
  updateSite,
} from './site.contract';

/** The HTTP routes of functions/customers/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: listCustomers, entry: 'functions/customers/list-customers.handler.ts' },
  { contract: createCustomer, entry: 'functions/customers/create-customer.handler.ts' },
  { contract: getCustomer, entry: 'functions/customers/get-customer.handler.ts' },
  { contract: updateCustomer, entry: 'functions/customers/update-customer.handler.ts' },
  { contract: archiveCustomer, entry: 'functions/customers/archive-customer.handler.ts' },
  { contract: restoreCustomer, entry: 'functions/customers/restore-customer.handler.ts' },
  { contract: deleteCustomer, entry: 'functions/customers/delete-customer.handler.ts' },
  { contract: listSites, entry: 'functions/customers/list-sites.handler.ts' },
  { contract: createSite, entry: 'functions/customers/create-site.handler.ts' },
  { contract: getSite, entry: 'functions/customers/get-site.handler.ts' },
  { contract: listSubSites, entry: 'functions/customers/list-sub-sites.handler.ts' },
  { contract: updateSite, entry: 'functions/customers/update-site.handler.ts' },
  { contract: archiveSite, entry: 'functions/customers/archive-site.handler.ts' },
  { contract: restoreSite, entry: 'functions/customers/restore-site.handler.ts' },
  { contract: deleteSite, entry: 'functions/customers/delete-site.handler.ts' },
];
