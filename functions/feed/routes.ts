import type { RouteBinding } from '#shared/routing';
import { createFeedKey, listFeedKeys, revokeFeedKey } from './feed-key.contract';
import { entitySetRoute, getODataResource, getServiceDocument } from './odata.contract';
import { feedEntitySets } from './odata-model';

/** An entity set's handler module: `ExternalUsers` → `functions/feed/odata-external-users.handler.ts`. */
const entitySetEntry = (set: string) =>
  `functions/feed/odata-${set.replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase()}.handler.ts`;

/** The HTTP routes of functions/feed/ (see functions/routes.ts). */
export const routes: RouteBinding[] = [
  { contract: createFeedKey, entry: 'functions/feed/create-feed-key.handler.ts' },
  { contract: listFeedKeys, entry: 'functions/feed/list-feed-keys.handler.ts' },
  { contract: revokeFeedKey, entry: 'functions/feed/revoke-feed-key.handler.ts' },
  { contract: getServiceDocument, entry: 'functions/feed/odata-service-document.handler.ts', uses: ['feedKeyUse'] },
  { contract: getODataResource, entry: 'functions/feed/odata-resource.handler.ts', uses: ['feedKeyUse'] },
  // One route and function per entity set (decision 0001), so each bundles only its own reads.
  ...Object.keys(feedEntitySets).map(
    (set): RouteBinding => ({ contract: entitySetRoute(set), entry: entitySetEntry(set), uses: ['feedKeyUse'] }),
  ),
];
