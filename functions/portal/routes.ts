import { itemBindings, type RouteBinding } from '#shared/routing';
import { changePortalItem, getPortalItem } from './portal.contract';

/** The HTTP routes of functions/portal/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  ...itemBindings(getPortalItem, 'functions/portal/get-portal-item.handler.ts', ['attachmentLinks', 'viewRecords']),
  ...itemBindings(changePortalItem, 'functions/portal/change-portal-item.handler.ts'),
];
