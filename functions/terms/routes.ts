import type { RouteBinding } from '#shared/routing';
import { acceptTerms, listTerms, publishTerms } from './terms.contract';

/** The HTTP routes of functions/terms/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: acceptTerms, entry: 'functions/terms/accept-terms.handler.ts' },
  { contract: listTerms, entry: 'functions/terms/list-terms.handler.ts' },
  { contract: publishTerms, entry: 'functions/terms/publish-terms.handler.ts' },
];
