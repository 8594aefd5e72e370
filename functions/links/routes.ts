import type { RouteBinding } from '#shared/routing';
import { getLinkState, headLinkState } from './link.contract';
import { getLinkItem } from './link-item.contract';

/** The HTTP routes of functions/links/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: getLinkState, entry: 'functions/links/get-link-state.handler.ts' },
  { contract: headLinkState, entry: 'functions/links/head-link-state.handler.ts' },
  { contract: getLinkItem, entry: 'functions/links/get-link-item.handler.ts' },
];
