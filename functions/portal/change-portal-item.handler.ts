import { itemHandler } from '#shared/http';
import { portalCaller } from '#shared/portal-caller';
import { changePortalItem } from './portal.contract';
import { refuseItemChange } from './refused-changes';

export const handler = itemHandler(
  changePortalItem,
  async ({ caller, item, body }) => refuseItemChange(caller, item.type, item.id, body),
  { portal: portalCaller },
);
