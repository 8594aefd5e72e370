import { type Clock, systemClock } from '#shared/clock';
import { ForbiddenError } from '#shared/errors';
import type { PortalCaller } from '#shared/http';
import { accessRevoked, hasAccess } from '../external-users/external-user-access';
import { termsOf } from '../terms/terms-repository';
import { findClientContext, findMyAssignments } from './client-portal-repository';

/**
 * The signed-in person's own assignments across jobs and incidents (PTL-3), for any external user:
 * 403 ACCESS_REVOKED unless they are active and before their auto-disable date (no client access
 * needed: a person with assignments only has none), 403 TERMS_NOT_ACCEPTED until they accept the
 * current terms, as the item routes. Revoked assignments, and items archived or deleted, are left
 * out; a page may then be shorter than `limit`, with a cursor to go on. Each item's progress is its
 * required checklist items answered (by anyone assigned), from its completion record, when it has
 * one. Reading this list notes no view of any item.
 */
export async function readMyAssignments(
  caller: PortalCaller,
  page: { limit?: number | undefined; cursor?: string | undefined },
  clock: Clock = systemClock,
) {
  const now = clock();
  const [context, found] = await Promise.all([
    findClientContext(caller.accountId, caller.externalUserId),
    findMyAssignments(caller.accountId, caller.externalUserId, {
      limit: page.limit ?? 25,
      ...(page.cursor !== undefined ? { cursor: page.cursor } : {}),
    }),
  ]);
  if (!context.user || !hasAccess(context.user, now)) throw accessRevoked(caller, 'the external user has no access');
  const current = context.currentTerms;
  if (current && context.acceptedTermsVersion !== current.termsVersion) {
    throw new ForbiddenError('Accept the Terms & Conditions to continue', 'TERMS_NOT_ACCEPTED', {
      terms: termsOf(current),
    });
  }
  return {
    items: found.items.flatMap(({ type, id, item, progress }) =>
      item && !item.archived
        ? [
            {
              type,
              id,
              title: item.title,
              status: item.status,
              ...(type === 'job' && item.dueAt !== undefined ? { dueAt: item.dueAt } : {}),
              ...(type === 'incident' && item.raisedAt !== undefined ? { raisedAt: item.raisedAt } : {}),
              ...(progress ? { progress } : {}),
            },
          ]
        : [],
    ),
    ...(found.cursor !== undefined ? { cursor: found.cursor } : {}),
  };
}
