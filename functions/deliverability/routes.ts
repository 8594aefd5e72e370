import type { RouteBinding } from '#shared/routing';
import { resetDeliverability } from './deliverability.contract';

/** The HTTP routes of functions/deliverability/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: resetDeliverability, entry: 'functions/deliverability/reset-deliverability.handler.ts' },
];
