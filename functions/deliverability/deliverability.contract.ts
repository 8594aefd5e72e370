import * as z from 'zod/mini';
import { defineRoute, idSchema } from '#shared/contract';
import { externalUserViewSchema } from '../external-users/external-user.schema';
import { staffUserSchema } from '../staff/staff-user.schema';

export const resetDeliverability = defineRoute({
  method: 'POST',
  path: '/external-users/{externalUserId}/deliverability/reset',
  auth: 'staff',
  operationId: 'resetExternalUserDeliverability',
  summary:
    "Clear an external user's bounced or complained address (admin roles), for a mailbox known to be fixed: e-mail to it is sent again, and SES reports anew; audited as deliverability_reset",
  tags: ['external users'],
  params: z.strictObject({ externalUserId: idSchema }),
  responses: {
    200: { description: 'The external user, deliverability `deliverable`', schema: externalUserViewSchema },
    409: { description: 'NOT_UNDELIVERABLE: the address is not marked bounced or complained' },
  },
});

export const resetStaffUserDeliverability = defineRoute({
  method: 'POST',
  path: '/users/{userId}/deliverability/reset',
  auth: 'staff',
  operationId: 'resetStaffUserDeliverability',
  summary:
    "Clear a staff user's bounced or complained address (user settings access; an Account Admin's only by an Account Admin), for a mailbox known to be fixed: e-mail to it is sent again; audited as deliverability_reset",
  tags: ['staff'],
  params: z.strictObject({ userId: idSchema }),
  responses: {
    200: { description: 'The staff user, deliverability `deliverable`', schema: staffUserSchema },
    409: { description: 'NOT_UNDELIVERABLE: the address is not marked bounced or complained; USER_DELETED' },
  },
});
