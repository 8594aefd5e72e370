import { created, httpHandler } from '#shared/http';
import { createFeedKey as route } from './feed-key.contract';
import { createFeedKey } from './feed-key-service';

export const handler = httpHandler(route, async ({ caller, body }) => created(await createFeedKey(caller, body)));
