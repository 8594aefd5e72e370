import { httpHandler, ok } from '#shared/http';
import { getLinkState } from './link.contract';
import { readLinkState } from './link-state';

export const handler = httpHandler(getLinkState, async ({ headers }) =>
  ok(await readLinkState(headers['x-link-token'])),
);
