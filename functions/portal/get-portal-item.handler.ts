import { itemHandler, ok } from '#shared/http';
import { getPortalItem } from './portal.contract';
import { readPortalItem } from './portal-item-service';

export const handler = itemHandler(getPortalItem, async ({ caller, item }) =>
  ok(await readPortalItem(caller, item.type, item.id)),
);
