import type { RouteBinding } from '#shared/routing';
import { requestPortalCode, verifyPortalCode } from './portal-sign-in.contract';

/** The HTTP routes of functions/portal-sign-in/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  {
    contract: requestPortalCode,
    entry: 'functions/portal-sign-in/request-portal-code.handler.ts',
    uses: ['portalDirectory'],
  },
  {
    contract: verifyPortalCode,
    entry: 'functions/portal-sign-in/verify-portal-code.handler.ts',
    uses: ['portalDirectory'],
  },
];
