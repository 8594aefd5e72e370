import { httpHandler, ok } from '#shared/http';
import { getLinkItem } from './link-item.contract';
import { linkItemFor } from './link-state';

export const handler = httpHandler(getLinkItem, async ({ caller, headers }) =>
  ok(await linkItemFor(caller, headers['x-link-token'])),
);
