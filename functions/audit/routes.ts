import { itemBindings, type RouteBinding } from '#shared/routing';
import { listExternalActivity, listItemAudit } from './audit.contract';

/** The HTTP routes of functions/audit/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  ...itemBindings(listItemAudit, 'functions/audit/list-item-audit.handler.ts'),
  { contract: listExternalActivity, entry: 'functions/audit/list-external-activity.handler.ts' },
];
