import * as z from 'zod/mini';
import { type Clock, systemClock } from '#shared/clock';
import type { AssignableType } from '#shared/data/keys';
import type { PortalCaller } from '#shared/http';
import type { PortalItem } from './portal.contract';
import { openPortalItem } from './portal-access';

const itemDetails = z.object({
  id: z.string(),
  title: z.string(),
  description: z.optional(z.string()),
  dueAt: z.optional(z.string()),
  raisedAt: z.optional(z.string()),
  location: z.object({ text: z.string(), lat: z.optional(z.number()), lng: z.optional(z.number()) }),
});

/** The item for its external user: one BatchGetItem that also checks access and terms (R12). */
export async function readPortalItem(
  caller: PortalCaller,
  type: AssignableType,
  itemId: string,
  clock: Clock = systemClock,
): Promise<PortalItem> {
  const { access, item } = await openPortalItem(caller, type, itemId, clock());
  const details = z.parse(itemDetails, item);
  return {
    type,
    id: details.id,
    title: details.title,
    description: details.description ?? '',
    ...(details.dueAt ? { dueAt: details.dueAt } : {}),
    ...(details.raisedAt ? { raisedAt: details.raisedAt } : {}),
    location: details.location,
    access,
  };
}
