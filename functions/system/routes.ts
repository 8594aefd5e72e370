import type { RouteBinding } from '#shared/routing';
import { getHealth, getOpenApi } from './system.contract';

/** The HTTP routes of functions/system/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: getHealth, entry: 'functions/system/health.handler.ts' },
  { contract: getOpenApi, entry: 'functions/system/openapi.handler.ts' },
];
