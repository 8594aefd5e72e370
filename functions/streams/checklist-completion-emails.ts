import { checklistKeys } from '#shared/data/keys';
import type { StreamChange } from '#shared/stream-change';
import { type CompletionDeps, noticeCompletion } from '../checklists/checklist-completion';
import type { StreamRecordProcessor } from './process-stream-batch';

/** The item whose checklists a change touched: an answer's or a checklist's (not a TTL expiry). */
function itemOf(change: StreamChange) {
  if (change.entity !== 'ChecklistAnswer' && change.entity !== 'Checklist') return undefined;
  return checklistKeys.assignableOf(change.keys.pk);
}

/**
 * Owner review (issue 6): after any answer or checklist change, e-mails the item's owners once
 * when every required checklist item has become answered. Idempotent (R19): the completion
 * notice on the item records which completion was e-mailed, so a replay sends nothing.
 */
export function checklistCompletionEmails(deps: CompletionDeps): StreamRecordProcessor {
  return {
    name: 'checklistCompletionEmails',
    handles: (change) => itemOf(change) !== undefined,
    async process(change) {
      const item = itemOf(change);
      if (item) await noticeCompletion(item.type, item.accountId, item.itemId, deps);
    },
  };
}
