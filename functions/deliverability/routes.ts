import type { RouteBinding } from '#shared/routing';
import { resetDeliverability, resetStaffUserDeliverability } from './deliverability.contract';

/** The HTTP routes of functions/deliverability/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: resetDeliverability, entry: 'functions/deliverability/reset-deliverability.handler.ts' },
  {
    contract: resetStaffUserDeliverability,
    entry: 'functions/deliverability/reset-staff-deliverability.handler.ts',
  },
];
