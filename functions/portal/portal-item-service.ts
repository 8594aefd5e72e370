import * as z from 'zod/mini';
import { type Clock, systemClock } from '#shared/clock';
import type { AssignableType } from '#shared/data/keys';
import type { PortalCaller } from '#shared/http';
import { lazySchema } from '#shared/lazy-schema';
import { checklistViews } from '../checklists/attachment-links';
import type { Answer } from '../checklists/checklist.schema';
import { isFor } from '../checklists/checklist-progress';
import { readItemChecklists } from '../checklists/checklist-repository';
import { openPortalItem } from '../links/portal-access';
import { recordItemView, rememberVisit } from './item-views';
import { ownerNames } from './owner-names';
import type { PortalAnswer, PortalItem } from './portal.contract';

const itemDetails = lazySchema(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    description: z.optional(z.string()),
    dueAt: z.optional(z.string()),
    raisedAt: z.optional(z.string()),
    location: z.object({ text: z.string(), lat: z.optional(z.number()), lng: z.optional(z.number()) }),
    ownerIds: z.array(z.string()),
    ownerNames: z.optional(z.array(z.string())),
  }),
);

/**
 * An answer as an external user sees it: their own whole, with the proof it carries (position,
 * browser); another's with what was answered, by whom and when, and nothing of where or how.
 */
function answerAsSeenBy(caller: PortalCaller, answer: Answer): PortalAnswer {
  if (answer.answeredBy.kind === 'external' && answer.answeredBy.id === caller.externalUserId) return answer;
  const { gps: _gps, userAgent: _userAgent, requestId: _requestId, ...seen } = answer;
  return seen;
}

/**
 * The item for its external user, with the checklists they fill, their answers and progress, in
 * one round of three requests: one BatchGetItem that checks access and terms (R12: the user's
 * access record, the item, the current terms), one Query of the item's checklists and answers,
 * whose result is dropped when the check refuses, and, once per visit, the conditional UpdateItem
 * of the access record's `viewedAt` that the audit trail's "item viewed" comes from (it lands only
 * while the record allows access; the trail leaves out a view refused for unaccepted terms). The
 * owners' names are on the item (kept by its writers); only an item written before they were, and
 * not read by this function in the last five minutes, takes a second round: one BatchGetItem of
 * the names. A record made whole from its sources during the check (missing or partial) gets the
 * view after it.
 */
export async function readPortalItem(
  caller: PortalCaller,
  type: AssignableType,
  itemId: string,
  clock: Clock = systemClock,
): Promise<PortalItem> {
  const now = clock();
  const [{ access, item, rebuilt }, read, viewed] = await Promise.all([
    openPortalItem(caller, type, itemId, now),
    readItemChecklists(type, caller.accountId, itemId),
    recordItemView(caller, type, itemId, now),
  ]);
  const details = z.parse(itemDetails, item);
  const [owners] = await Promise.all([
    details.ownerNames ?? ownerNames(caller.accountId, details.ownerIds, now),
    rebuilt && viewed === false ? recordItemView(caller, type, itemId, now) : undefined,
  ]);
  // Only a view that was allowed is one this function need not send again within the visit.
  rememberVisit(caller, type, itemId, now);
  const mine = await checklistViews(type, caller.accountId, itemId, read, (checklist) =>
    isFor(checklist, caller.externalUserId),
  );
  const shown = mine.map((checklist) => ({
    ...checklist,
    answers: checklist.answers.map((answer) => answerAsSeenBy(caller, answer)),
  }));
  return {
    type,
    id: details.id,
    title: details.title,
    description: details.description ?? '',
    ...(details.dueAt ? { dueAt: details.dueAt } : {}),
    ...(details.raisedAt ? { raisedAt: details.raisedAt } : {}),
    location: details.location,
    owners,
    access,
    checklists: shown,
  };
}
