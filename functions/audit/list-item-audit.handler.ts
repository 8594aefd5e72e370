import { itemHandler, ok } from '#shared/http';
import { listItemAudit } from './audit.contract';
import { listItemTrail } from './audit-service';

export const handler = itemHandler(listItemAudit, async ({ caller, item, query }) =>
  ok(await listItemTrail(item.type, caller, item.id, query)),
);
