import { itemHandler } from '#shared/http';
import { changePortalItem } from './portal.contract';
import { refuseItemChange } from './refused-changes';

export const handler = itemHandler(changePortalItem, async ({ caller, item, body }) =>
  refuseItemChange(caller, item.type, item.id, body),
);
