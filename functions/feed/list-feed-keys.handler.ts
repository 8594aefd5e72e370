import { httpHandler, ok } from '#shared/http';
import { listFeedKeys as route } from './feed-key.contract';
import { listFeedKeys } from './feed-key-service';

export const handler = httpHandler(route, async ({ caller }) => ok(await listFeedKeys(caller)));
