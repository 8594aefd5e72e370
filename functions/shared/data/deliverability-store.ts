import * as z from 'zod/mini';
import { lazySchema } from '../lazy-schema';
import { type AssignableType, externalUser, staffUser } from './keys';
import { getItem } from './table';

/**
 * Whom an e-mail goes to, as FieldPass knows them: an external user or a staff user of an account,
 * and for a link's e-mail the job or incident whose assignment it delivers.
 */
export interface Recipient {
  accountId: string;
  kind: 'external' | 'staff';
  id: string;
  item?: { type: AssignableType; id: string };
}

/** What the deliverability handler last learnt of a recipient's address (docs/data-model.md, DLV-1). */
const deliverabilityOnly = /* @__PURE__ */ lazySchema(() =>
  z.object({
    deliverability: z.optional(z.object({ status: z.string() })),
  }),
);

/**
 * DLV-2: the recipient record's `deliverability` (undefined when none is stored or the record is
 * gone): one GetItem of the external or staff user, the shared send path's check before SES.
 */
export async function findDeliverability(recipient: Recipient): Promise<{ status: string } | undefined> {
  const key =
    recipient.kind === 'external'
      ? externalUser(recipient.accountId, recipient.id)
      : staffUser(recipient.accountId, recipient.id);
  return (await getItem(key, deliverabilityOnly))?.deliverability;
}
