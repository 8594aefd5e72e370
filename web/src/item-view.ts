import { call, NetworkError, tokenUser } from './api';
import { commentBox } from './comments';
import { type Control, controlFor, describeValue, isInvalid } from './controls';
import { h, show, uid } from './dom';
import { fileField } from './files';
import { loadPending, type PendingAnswer, savePending } from './store';
import type { Attachment, ChecklistItem, Comment, PortalItem } from './types';

/** What the item view asks of the page around it. */
export interface ItemViewHost {
  /** A 401, ACCESS_REVOKED or TERMS_NOT_ACCEPTED: answers true once the page has shown what follows. */
  accessEnded(failure: { code: string; status: number }): boolean;
  /** Reads the item again (it became read-only meanwhile). */
  reload(): void;
  /** Set: the item is read-only whatever its state, and the banner says why (a staff user viewing as the person). */
  readOnlyReason?: string;
}

type SaveState = 'saved' | 'saving' | 'unsaved' | 'conflict' | 'invalid' | 'idle';

/** One answerable item: its control, the answer version read, and what is being saved. */
interface Entry {
  key: string;
  checklistId: string;
  item: ChecklistItem;
  control?: Control;
  /** The answer's value and version as the server has it. */
  value: unknown;
  version: number;
  /** The edit being saved, kept in localStorage until it lands. */
  pending?: PendingAnswer;
  inFlight: boolean;
  /** An edit made while another was in flight: sent once that one has landed. */
  next?: { value: unknown };
  state: SaveState;
  status: HTMLElement;
  /** What "Retry", "Retry now" and coming back online do for this item while it is not saved. */
  retry?: () => void;
}

const retryDelays = [2_000, 5_000, 10_000, 30_000];

const isAnswered = (value: unknown) =>
  value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);

const newRequestId = () => crypto.randomUUID();

/**
 * The item read-only (title, description, due date, location), its checklists with a control per
 * response type, comments and attachments, the progress of required items and the save state.
 * Each answer is saved on its own as soon as it changes; one that cannot be saved is kept in
 * localStorage and sent again, with the same request id, until it lands once.
 */
export class ItemView {
  private readonly entries = new Map<string, Entry>();
  readonly readOnly: boolean;
  /** The signed-in external user (their own comments and files can be changed). */
  readonly me: string | undefined;
  private progress = h('progress', { id: 'progress', max: 1, value: 0 });
  private progressText = h('p', { className: 'progress-text', id: 'progress-text' });
  private saveSummary = h('p', { className: 'save-summary', attrs: { role: 'status', 'aria-live': 'polite' } });
  private retryAll = h('button', { type: 'button', className: 'secondary', hidden: true }, 'Retry now');
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryAttempt = 0;
  private ended = false;

  constructor(
    private readonly link: { verification?: { idToken: string } },
    private readonly path: string,
    private readonly data: PortalItem,
    private readonly host: ItemViewHost,
  ) {
    this.readOnly = data.access.state !== 'open' || host.readOnlyReason !== undefined;
    this.me = tokenUser(link.verification?.idToken);
    this.retryAll.addEventListener('click', () => this.retryUnsaved());
    window.addEventListener('online', this.onOnline);
  }

  private readonly onOnline = () => this.retryUnsaved();

  render(): void {
    const item = this.data;
    const noun = item.type === 'incident' ? 'incident' : 'job';
    const details = h('dl', { className: 'details' });
    const addDetail = (term: string, value: string | undefined) => {
      if (value) details.append(h('dt', {}, term), h('dd', {}, value));
    };
    addDetail('Description', item.description);
    addDetail(item.dueAt ? 'Due' : 'Raised', formatDate(item.dueAt ?? item.raisedAt));
    addDetail('Location', item.location?.text);
    addDetail(item.owners.length > 1 ? 'Owners' : 'Owner', item.owners.join(', '));
    const banner = this.host.readOnlyReason
      ? h('p', { className: 'access access-impersonation', attrs: { role: 'status' } }, this.host.readOnlyReason)
      : this.readOnly
        ? h(
            'p',
            { className: `access access-${item.access.state}`, attrs: { role: 'status' } },
            h('strong', {}, item.access.message),
            ` — this ${noun} is read-only.`,
          )
        : null;
    const checklists = item.checklists.map((c) => this.renderChecklist(c));
    show(
      h('h1', {}, item.title),
      banner,
      details,
      item.checklists.length
        ? h(
            'div',
            { className: 'sticky' },
            h('label', { htmlFor: 'progress' }, 'Required items answered'),
            this.progress,
            this.progressText,
            h('div', { className: 'save-row' }, this.saveSummary, this.retryAll),
          )
        : h('p', {}, `This ${noun} has no checklist for you.`),
      ...checklists,
    );
    this.progress.setAttribute('aria-describedby', 'progress-text');
    this.resumePending();
    this.refresh();
  }

  private renderChecklist(data: PortalItem['checklists'][number]): HTMLElement {
    const { checklist } = data;
    const answers = new Map(data.answers.map((a) => [a.checklistItemId, a]));
    return h(
      'section',
      { className: 'checklist', attrs: { 'aria-labelledby': `checklist-${checklist.id}` } },
      h('h2', { id: `checklist-${checklist.id}` }, checklist.title),
      ...checklist.sections.map((section) =>
        h(
          'section',
          { className: 'checklist-section' },
          h('h3', {}, section.title),
          ...section.items.map((item) =>
            this.renderItem(
              checklist.id,
              item,
              answers.get(item.id),
              data.comments.filter((c) => c.checklistItemId === item.id),
              data.attachments.filter((a) => a.checklistItemId === item.id),
            ),
          ),
        ),
      ),
    );
  }

  private renderItem(
    checklistId: string,
    item: ChecklistItem,
    answer: { value: unknown; version: number } | undefined,
    comments: Comment[],
    attachments: Attachment[],
  ): HTMLElement {
    const help = item.help ? h('p', { className: 'help', id: uid('help') }, item.help) : null;
    if (item.response.type === 'instruction') {
      return h('div', { className: 'item instruction' }, h('p', { className: 'instruction-label' }, item.label), help);
    }
    const key = `${checklistId}/${item.id}`;
    const status = h('p', { className: 'item-status', attrs: { 'aria-live': 'polite' } });
    const entry: Entry = {
      key,
      checklistId,
      item,
      value: answer?.value ?? null,
      version: answer?.version ?? 0,
      inFlight: false,
      state: 'idle',
      status,
      retry: () => void this.send(entry),
    };
    this.entries.set(key, entry);
    const wrapper = h('div', { className: 'item', attrs: { 'data-item': item.label } });
    const itemPath = `${this.path}/checklists/${checklistId}/items/${item.id}`;
    let fileSection: HTMLElement | null = null;
    if (item.response.type === 'photo' || item.response.type === 'signature') {
      fileSection = fileField(
        {
          readOnly: this.readOnly,
          me: this.me,
          call: (method, path, body) => this.call(method, path, body),
          answered: (value) => {
            entry.value = value;
            this.refresh();
          },
          setState: (state, message, retry) => {
            entry.retry = retry;
            this.setState(entry, state, message);
            if (state === 'unsaved') this.scheduleRetry();
            if (state === 'saved') this.retryAttempt = 0;
          },
        },
        `${itemPath}/attachments`,
        item,
        attachments,
      );
    } else {
      let typingTimer: ReturnType<typeof setTimeout> | undefined;
      entry.control = controlFor(item, {
        disabled: this.readOnly,
        ...(help ? { describedBy: help.id } : {}),
        onChange: (immediate) => {
          clearTimeout(typingTimer);
          if (immediate) this.edit(entry);
          else typingTimer = setTimeout(() => this.edit(entry), 800);
        },
      });
      entry.control?.show(entry.value);
    }
    wrapper.append(
      ...[
        entry.control?.element,
        fileSection,
        help,
        status,
        commentBox(this, `${itemPath}/comments`, item, comments),
      ].filter((n): n is HTMLElement => n !== null && n !== undefined),
    );
    return wrapper;
  }

  /** Calls the API with the verification; a failure that ends the visit (401, revoked) ends the view too. */
  async call<T>(method: string, path: string, body?: unknown) {
    const answer = await call<T>(method, path, {
      idToken: this.link.verification?.idToken ?? '',
      ...(body !== undefined ? { body } : {}),
    });
    if (!answer.ok && this.host.accessEnded(answer)) this.end();
    return answer;
  }

  private end(): void {
    this.ended = true;
    clearTimeout(this.retryTimer);
    window.removeEventListener('online', this.onOnline);
  }

  /** The user changed an answer: keep it, then send it. */
  private edit(entry: Entry): void {
    if (this.ended || this.readOnly || !entry.control) return;
    const value = entry.control.read();
    if (isInvalid(value)) {
      this.setState(entry, 'invalid', value.invalid);
      return;
    }
    if (entry.inFlight) {
      entry.next = { value };
      return;
    }
    if (!entry.pending && JSON.stringify(value) === JSON.stringify(entry.value)) {
      if (entry.state === 'invalid') this.setState(entry, 'saved');
      return;
    }
    entry.pending = {
      checklistId: entry.checklistId,
      itemId: entry.item.id,
      value,
      version: entry.version,
      requestId: newRequestId(),
    };
    savePending(this.data.type, this.data.id, entry.key, entry.pending);
    void this.send(entry);
  }

  private async send(entry: Entry): Promise<void> {
    const pending = entry.pending;
    if (!pending || entry.inFlight || this.ended) return;
    entry.inFlight = true;
    this.setState(entry, 'saving');
    let answer: Awaited<ReturnType<ItemView['call']>> | undefined;
    try {
      answer = await this.call<{ value: unknown; version: number }>(
        'PUT',
        `${this.path}/checklists/${pending.checklistId}/items/${pending.itemId}/answer`,
        { value: pending.value, version: pending.version, requestId: pending.requestId },
      );
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
    } finally {
      entry.inFlight = false;
    }
    if (this.ended) return;
    if (!answer) {
      // No answer at all: maybe saved, maybe not. The same request id makes a retry land once.
      this.setState(entry, 'unsaved');
      return this.scheduleRetry();
    }
    if (answer.ok) {
      const saved = answer.body as { value: unknown; version: number };
      entry.value = saved.value;
      entry.version = saved.version;
      entry.pending = undefined;
      savePending(this.data.type, this.data.id, entry.key, undefined);
      this.setState(entry, 'saved');
      this.retryAttempt = 0;
      const next = entry.next;
      entry.next = undefined;
      if (next && JSON.stringify(next.value) !== JSON.stringify(entry.value)) this.edit(entry);
      this.refresh();
      return;
    }
    if (answer.code === 'ANSWER_CONFLICT') return this.showConflict(entry, answer.details?.current);
    if (answer.code === 'ITEM_READ_ONLY') {
      this.end();
      this.host.reload();
      return;
    }
    if (answer.status === 400) {
      // The API will never take this value: say why, and do not retry it.
      entry.pending = undefined;
      savePending(this.data.type, this.data.id, entry.key, undefined);
      this.setState(entry, 'invalid', answer.message);
      return;
    }
    this.setState(entry, 'unsaved');
    this.scheduleRetry();
  }

  /** Someone else's answer landed first: show it, and let the user choose; nothing is overwritten. */
  private showConflict(entry: Entry, current: { value: unknown; version: number } | null | undefined): void {
    const theirs = current?.value ?? null;
    const mine = entry.pending?.value;
    entry.version = current?.version ?? entry.version;
    entry.value = theirs;
    this.setState(entry, 'conflict');
    const keepTheirs = h('button', { type: 'button', className: 'secondary' }, 'Use the saved answer');
    const keepMine = h('button', { type: 'button', className: 'secondary' }, 'Replace it with mine');
    keepTheirs.addEventListener('click', () => {
      entry.pending = undefined;
      savePending(this.data.type, this.data.id, entry.key, undefined);
      entry.control?.show(theirs);
      this.setState(entry, 'saved');
      this.refresh();
    });
    keepMine.addEventListener('click', () => {
      entry.pending = {
        checklistId: entry.checklistId,
        itemId: entry.item.id,
        value: mine,
        version: entry.version,
        requestId: newRequestId(),
      };
      savePending(this.data.type, this.data.id, entry.key, entry.pending);
      void this.send(entry);
    });
    entry.status.replaceChildren(
      h(
        'span',
        { className: 'conflict', attrs: { role: 'alert' } },
        `Changed elsewhere meanwhile: the saved answer is “${describeValue(entry.item, theirs)}”, yours is “${describeValue(entry.item, mine)}”. `,
      ),
      keepTheirs,
      ' ',
      keepMine,
    );
    this.refresh();
  }

  /** Answers kept from an earlier visit: shown, and sent again unless they landed already. */
  private resumePending(): void {
    if (this.readOnly) return;
    for (const [key, pending] of Object.entries(loadPending(this.data.type, this.data.id))) {
      const entry = this.entries.get(key);
      if (!entry) {
        savePending(this.data.type, this.data.id, key, undefined);
        continue;
      }
      const stored = this.data.checklists
        .find((c) => c.checklist.id === pending.checklistId)
        ?.answers.find((a) => a.checklistItemId === pending.itemId);
      if (stored?.requestId === pending.requestId) {
        savePending(this.data.type, this.data.id, key, undefined);
        continue;
      }
      entry.pending = pending;
      entry.control?.show(pending.value);
      void this.send(entry);
    }
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    const delay = retryDelays[Math.min(this.retryAttempt, retryDelays.length - 1)] ?? 30_000;
    this.retryAttempt += 1;
    this.retryTimer = setTimeout(() => this.retryUnsaved(), delay);
  }

  private retryUnsaved(): void {
    clearTimeout(this.retryTimer);
    for (const entry of this.entries.values()) {
      if (entry.state === 'unsaved') entry.retry?.();
    }
  }

  private setState(entry: Entry, state: SaveState, message?: string): void {
    entry.state = state;
    const text: Record<SaveState, string> = {
      idle: '',
      saving: 'Saving…',
      saved: 'Saved',
      unsaved: message ? `Not saved: ${message}` : 'Not saved — will retry',
      conflict: 'Changed elsewhere',
      invalid: `Not saved: ${message ?? 'check this answer'}`,
    };
    entry.status.className = `item-status state-${state}`;
    const again = entry.retry;
    if (state === 'unsaved' && again && (entry.pending || !entry.control)) {
      const retry = h('button', { type: 'button', className: 'link' }, 'Retry');
      retry.addEventListener('click', again);
      entry.status.replaceChildren(text[state], ' ', retry);
    } else entry.status.replaceChildren(text[state]);
    this.refresh();
  }

  /** The progress bar and the summary of what is saved. */
  private refresh(): void {
    let total = 0;
    let answered = 0;
    const counts: Record<SaveState, number> = { idle: 0, saving: 0, saved: 0, unsaved: 0, conflict: 0, invalid: 0 };
    for (const entry of this.entries.values()) {
      counts[entry.state] += 1;
      if (!entry.item.required) continue;
      total += 1;
      const value = entry.pending ? entry.pending.value : entry.value;
      if (isAnswered(value)) answered += 1;
    }
    this.progress.max = Math.max(total, 1);
    this.progress.value = total ? answered : 1;
    this.progressText.textContent =
      total === 0
        ? 'No item is required.'
        : answered === total
          ? `All required items answered (${answered} of ${total}).`
          : `${answered} of ${total} required items answered.`;
    const problems = counts.unsaved + counts.conflict + counts.invalid;
    this.retryAll.hidden = counts.unsaved === 0;
    this.saveSummary.className = `save-summary ${problems ? 'state-unsaved' : counts.saving ? 'state-saving' : 'state-saved'}`;
    this.saveSummary.textContent = this.readOnly
      ? 'Read-only'
      : counts.saving
        ? 'Saving…'
        : problems
          ? `${problems} ${problems === 1 ? 'answer' : 'answers'} not saved${counts.unsaved ? ' — kept on this device and retried' : ''}`
          : 'All changes saved';
  }
}

function formatDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
