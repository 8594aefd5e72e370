import { httpHandler, ok } from '#shared/http';
import { revokeFeedKey as route } from './feed-key.contract';
import { revokeFeedKey } from './feed-key-service';

export const handler = httpHandler(route, async ({ caller, params }) =>
  ok(await revokeFeedKey(caller, params.feedKeyId)),
);
