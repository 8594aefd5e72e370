import type { RouteBinding } from '#shared/routing';
import { createFeedKey, listFeedKeys, revokeFeedKey } from './feed-key.contract';
import { getODataResource, getServiceDocument } from './odata.contract';

/** The HTTP routes of functions/feed/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: createFeedKey, entry: 'functions/feed/create-feed-key.handler.ts' },
  { contract: listFeedKeys, entry: 'functions/feed/list-feed-keys.handler.ts' },
  { contract: revokeFeedKey, entry: 'functions/feed/revoke-feed-key.handler.ts' },
  { contract: getServiceDocument, entry: 'functions/feed/odata-service-document.handler.ts', uses: ['feedKeyUse'] },
  { contract: getODataResource, entry: 'functions/feed/odata-resource.handler.ts', uses: ['feedKeyUse'] },
];
