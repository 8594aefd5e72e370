import { assignableOf } from '#shared/data/keys';
import type { StreamChange } from '#shared/stream-change';
import { type CompletionDeps, noticeAnswerChange, noticeChecklistChange } from '../checklists/checklist-completion';
import type { StreamRecordProcessor } from './process-stream-batch';

/** The item whose checklists a change touched: an answer's or a checklist's (not a TTL expiry). */
function itemOf(change: StreamChange) {
  if (change.entity !== 'ChecklistAnswer' && change.entity !== 'Checklist') return undefined;
  return assignableOf(change.keys.pk);
}

/**
 * Owner review (issue 6): after an answer or checklist change, e-mails the item's owners once
 * when every required checklist item has become answered. An answer that stays answered (or
 * unanswered) costs nothing; one that changes is one write to the item's completion record; a
 * checklist change recomputes that record. Idempotent (R19): the record notes each answer's
 * version and which completion was e-mailed, so a replay changes and sends nothing.
 */
export function checklistCompletionEmails(deps: CompletionDeps): StreamRecordProcessor {
  return {
    name: 'checklistCompletionEmails',
    handles: (change) => itemOf(change) !== undefined,
    async process(change) {
      const item = itemOf(change);
      if (!item) return;
      if (change.entity === 'Checklist') await noticeChecklistChange(item, change.eventId, deps);
      else await noticeAnswerChange(item, change, deps);
    },
  };
}
