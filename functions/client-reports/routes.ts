import type { RouteBinding } from '#shared/routing';
import { unsubscribeClientReports } from './unsubscribe.contract';

/** The HTTP routes of functions/client-reports/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: unsubscribeClientReports, entry: 'functions/client-reports/unsubscribe.handler.ts' },
];
