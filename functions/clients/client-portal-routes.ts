import type { RouteBinding } from '#shared/routing';
import { getClientSiteDashboard } from './client-dashboard.contract';
import { getClientMe, getClientSiteActivity, getClientViewCalendar, getClientViewJobs } from './client-portal.contract';
import { getMyAssignments } from './my-assignments.contract';

/**
 * The client's read-only routes of functions/clients/ (see functions/routes.ts), apart from the
 * staff routes of client access in `routes.ts`.
 */
export const clientPortalRoutes: RouteBinding[] = [
  { contract: getClientMe, entry: 'functions/clients/client-portal-me.handler.ts' },
  { contract: getClientViewJobs, entry: 'functions/clients/client-portal-view-jobs.handler.ts' },
  { contract: getClientViewCalendar, entry: 'functions/clients/client-portal-calendar.handler.ts' },
  { contract: getClientSiteActivity, entry: 'functions/clients/client-portal-site-activity.handler.ts' },
  { contract: getClientSiteDashboard, entry: 'functions/clients/client-portal-site-dashboard.handler.ts' },
  { contract: getMyAssignments, entry: 'functions/clients/my-assignments.handler.ts' },
];
