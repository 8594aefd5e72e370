import { type AssignableType, inCollection, SAFE_ID_CHARS, segment, startingWith, workCollection } from './segments';
import type { PrefixTarget, PrimaryKey, QueryTarget } from './table-definition';

// A pure arrow called at once, as `ACCOUNT_OF_KEY` in accounts.ts: left out of bundles that do not read keys back.
const ASSIGNABLE_COLLECTION = /* @__PURE__ */ (() =>
  new RegExp(`^ACC#(${SAFE_ID_CHARS})#(JOB|INCIDENT)#(${SAFE_ID_CHARS})$`))();

/** A checklist's part of its item's collection: "CL#<checklistId>" and what follows. */
const inChecklist = (checklistId: string, rest = '') => `CL#${segment(checklistId)}${rest}`;

/**
 * CHK-7, CHK-8, AUD-1: the job or incident whose collection a key is in (stream consumers read
 * keys back); undefined for others.
 */
export const assignableOf = (pk: unknown): { accountId: string; type: AssignableType; itemId: string } | undefined => {
  const match = typeof pk === 'string' ? ASSIGNABLE_COLLECTION.exec(pk) : null;
  if (!match?.[1] || !match[3]) return undefined;
  return { accountId: match[1], type: match[2] === 'JOB' ? 'job' : 'incident', itemId: match[3] };
};

/**
 * CHK-8, RPT-2: whether an item's required checklist items were all answered when last looked at, and
 * which completion its owners were told of: so each completion is e-mailed once.
 */
export const completionNotice = (type: AssignableType, accountId: string, itemId: string): PrimaryKey =>
  inCollection(type, accountId, itemId, 'COMPLETION');

/** CHK-2, CHK-3: a checklist of a job or incident, in the item's collection. */
export const checklist = (type: AssignableType, accountId: string, itemId: string, checklistId: string): PrimaryKey =>
  inCollection(type, accountId, itemId, inChecklist(checklistId));

/**
 * CHK-2, CHK-3: a checklist's version alone, written with every version of the checklist:
 * what a portal write checks (a ConditionCheck is billed by the checked item's size, and a
 * checklist can be 40 KB).
 */
export const checklistVersion = (
  type: AssignableType,
  accountId: string,
  itemId: string,
  checklistId: string,
): PrimaryKey => inCollection(type, accountId, itemId, inChecklist(checklistId, '#VERSION'));

/** CHK-3, CHK-6, CHK-7: the answer to one checklist item (one table item per answer, so each write stays small). */
export const checklistAnswer = (
  type: AssignableType,
  accountId: string,
  itemId: string,
  checklistId: string,
  checklistItemId: string,
): PrimaryKey => inCollection(type, accountId, itemId, inChecklist(checklistId, `#ANSWER#${segment(checklistItemId)}`));

/** CHK-4: a comment on a checklist item (sorted after its answers, within the checklist's part of the collection). */
export const checklistComment = (
  type: AssignableType,
  accountId: string,
  itemId: string,
  checklistId: string,
  checklistItemId: string,
  commentId: string,
): PrimaryKey =>
  inCollection(
    type,
    accountId,
    itemId,
    inChecklist(checklistId, `#COMMENT#${segment(checklistItemId)}#${segment(commentId)}`),
  );

/** CHK-5, CHK-6, CHK-7: a file attached to a checklist item (a signature or a photo), sorted after its comments. */
export const checklistAttachment = (
  type: AssignableType,
  accountId: string,
  itemId: string,
  checklistId: string,
  checklistItemId: string,
  attachmentId: string,
): PrimaryKey =>
  inCollection(
    type,
    accountId,
    itemId,
    inChecklist(checklistId, `#FILE#${segment(checklistItemId)}#${segment(attachmentId)}`),
  );

/** CHK-5: one checklist item's attachments: one Query of the item's collection. */
export const checklistItemAttachments = (
  type: AssignableType,
  accountId: string,
  itemId: string,
  checklistId: string,
  checklistItemId: string,
): QueryTarget =>
  startingWith(workCollection(type, accountId, itemId), inChecklist(checklistId, `#FILE#${segment(checklistItemId)}#`));

/**
 * CHK-5, CHK-6, CHK-7, PTL-1: where an attachment's bytes are in the attachments bucket (an
 * object key, not a table key): the account first, like every key.
 */
export const attachmentObject = (
  type: AssignableType,
  accountId: string,
  itemId: string,
  checklistId: string,
  checklistItemId: string,
  attachmentId: string,
): string =>
  [accountId, type, itemId, checklistId, checklistItemId, attachmentId].map((part) => segment(part)).join('/');

/**
 * CHK-1, FEED-6: an item's checklists, their answers, comments and attachments ("CL#…"):
 * one Query of its collection, nothing else.
 */
export const itemChecklists = (type: AssignableType, accountId: string, itemId: string): PrefixTarget =>
  startingWith(workCollection(type, accountId, itemId), 'CL#');

/** CHK-2: one checklist's answers: one Query of the item's collection. */
export const checklistAnswers = (
  type: AssignableType,
  accountId: string,
  itemId: string,
  checklistId: string,
): QueryTarget => startingWith(workCollection(type, accountId, itemId), inChecklist(checklistId, '#ANSWER#'));
