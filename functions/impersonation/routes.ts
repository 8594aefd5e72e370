import type { RouteBinding } from '#shared/routing';
import { startImpersonation, stopImpersonation } from './impersonation.contract';

/** The HTTP routes of functions/impersonation/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  {
    contract: startImpersonation,
    entry: 'functions/impersonation/start-impersonation.handler.ts',
    // CUSTOM_AUTH on the portal pool's impersonation client, creating the portal user if need be.
    uses: ['portalImpersonation'],
  },
  { contract: stopImpersonation, entry: 'functions/impersonation/stop-impersonation.handler.ts' },
];
