import * as z from 'zod/mini';
import { accountIdOf } from '#shared/data/keys';
import { lazySchema } from '#shared/lazy-schema';
import type { StreamChange } from '#shared/stream-change';
import { deliverAssignmentLink, type LinkDeliveryDeps } from '../links/link-delivery';
import type { StreamRecordProcessor } from './process-stream-batch';

/** The fields of an assignment's new image this processor acts on. */
const linkRequest = /* @__PURE__ */ lazySchema(() =>
  z.object({
    itemType: z.enum(['job', 'incident']),
    itemId: z.string(),
    externalUserId: z.string(),
    assignedBy: z.string(),
    status: z.literal('active'),
    linkRequestId: z.string(),
  }),
);

/** A change that asks for a link: an active assignment whose link request is new in this change. */
function requestIn(change: StreamChange) {
  if (change.entity !== 'Assignment' || !change.newImage) return undefined;
  const requestId = change.newImage.linkRequestId;
  if (requestId === undefined || requestId === change.oldImage?.linkRequestId) return undefined;
  const accountId = accountIdOf(change.keys.pk);
  const parsed = z.safeParse(linkRequest, change.newImage);
  return parsed.success && accountId ? { ...parsed.data, accountId } : undefined;
}

/**
 * E-mails an external user their link when an assignment becomes active or a resend asks for a
 * new link (SES, through `deliverAssignmentLink`). Idempotent (R19): a replayed record finds its
 * request marked sent or failed, or overtaken by a later one, and sends nothing. An address SES
 * refuses for good is recorded on the assignment and does not fail the record (R22).
 */
export function assignmentLinkEmails(deps: LinkDeliveryDeps): StreamRecordProcessor {
  return {
    name: 'assignmentLinkEmails',
    handles: (change) => requestIn(change) !== undefined,
    async process(change) {
      const request = requestIn(change);
      if (!request) return;
      await deliverAssignmentLink(
        {
          type: request.itemType,
          accountId: request.accountId,
          itemId: request.itemId,
          externalUserId: request.externalUserId,
        },
        request.linkRequestId,
        request.assignedBy,
        deps,
      );
    },
  };
}
