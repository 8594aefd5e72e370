import type { ApiResult } from './api';
import { h, uid } from './dom';
import type { ChecklistItem, Comment } from './types';

/** What a comment box needs of the item view: who is signed in, whether the item is open, and its API calls. */
export interface CommentHost {
  readonly readOnly: boolean;
  /** The signed-in external user's id (their comments can be edited and deleted). */
  readonly me: string | undefined;
  call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>>;
}

const maxLength = 2000;
const offline = 'no connection. Try again.';
const quoted = (text: string) => `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;

/**
 * The comments on one checklist item, folded away under "Comments (n)": everyone's, read-only;
 * while the item is open, a box to add one, and Edit / Delete on one's own. An edit is sent with
 * the version read, so a comment changed meanwhile (another tab) is shown, not overwritten.
 */
export function commentBox(host: CommentHost, base: string, item: ChecklistItem, comments: Comment[]): HTMLElement {
  const list = h('ul', { className: 'comments' });
  const summary = h('summary', {});
  const recount = () => {
    summary.textContent = `Comments (${list.children.length})`;
  };
  const authorOf = (comment: Comment) =>
    comment.author.kind === 'staff' ? 'Staff' : comment.author.id === host.me ? 'You' : 'Another assignee';

  const row = (comment: Comment): HTMLLIElement => {
    const li = h('li', {});
    let current = comment;
    const gone = () => {
      li.remove();
      recount();
      summary.focus();
    };

    /** Back to the comment as shown, the keyboard focus on its first button. */
    const restore = () => {
      render();
      li.querySelector('button')?.focus();
    };
    const render = () => {
      const mine = !host.readOnly && current.author.kind === 'external' && current.author.id === host.me;
      li.replaceChildren(
        h('span', { className: 'comment-by' }, authorOf(current)),
        ' ',
        h('span', { className: 'comment-text' }, current.text),
      );
      if (!mine) return;
      const edit = h('button', { type: 'button', className: 'link' }, 'Edit');
      const remove = h('button', { type: 'button', className: 'link' }, 'Delete');
      edit.setAttribute('aria-label', `Edit your comment ${quoted(current.text)}`);
      remove.setAttribute('aria-label', `Delete your comment ${quoted(current.text)}`);
      edit.addEventListener('click', () => editing());
      remove.addEventListener('click', () => confirming());
      li.append(' ', h('span', { className: 'comment-actions' }, edit, remove));
    };

    const editing = () => {
      let sent: { text: string; version: number; requestId: string } | undefined;
      const text = h('textarea', { id: uid('edit'), rows: 2, maxLength, value: current.text });
      const save = h('button', { type: 'button', className: 'secondary' }, 'Save');
      const cancel = h('button', { type: 'button', className: 'link' }, 'Cancel');
      const error = h('p', { className: 'error', attrs: { role: 'alert' } });
      cancel.addEventListener('click', restore);
      save.addEventListener('click', async () => {
        if (!text.value.trim()) {
          error.textContent = 'Write a comment, or delete it instead.';
          return;
        }
        save.disabled = true;
        // The same edit sent again (after a lost answer) keeps its request id, so it lands once.
        if (sent?.text !== text.value || sent.version !== current.version) {
          sent = { text: text.value, version: current.version, requestId: crypto.randomUUID() };
        }
        const answer = await host.call<Comment>('PATCH', `${base}/${current.id}`, sent).catch(() => undefined);
        save.disabled = false;
        if (!answer) error.textContent = `Not saved: ${offline}`;
        else if (answer.ok) {
          sent = undefined;
          current = answer.body;
          restore();
        } else if (answer.code === 'COMMENT_CONFLICT' && answer.details?.current) {
          current = answer.details.current as Comment;
          error.textContent = `Changed elsewhere meanwhile: it now says “${current.text}”. Save again to replace it with yours.`;
        } else if (answer.code === 'COMMENT_NOT_FOUND') gone();
        else error.textContent = answer.message;
      });
      li.replaceChildren(
        h('label', { htmlFor: text.id }, 'Edit your comment'),
        text,
        h('div', { className: 'actions' }, save, cancel),
        error,
      );
      text.focus();
    };

    const confirming = () => {
      const yes = h('button', { type: 'button', className: 'secondary' }, 'Delete comment');
      const no = h('button', { type: 'button', className: 'link' }, 'Keep it');
      const error = h('p', { className: 'error', attrs: { role: 'alert' } });
      no.addEventListener('click', restore);
      yes.addEventListener('click', async () => {
        yes.disabled = true;
        const answer = await host.call('DELETE', `${base}/${current.id}`).catch(() => undefined);
        yes.disabled = false;
        if (!answer) error.textContent = `Not deleted: ${offline}`;
        else if (answer.ok || answer.code === 'COMMENT_NOT_FOUND') gone();
        else error.textContent = answer.message;
      });
      li.replaceChildren(
        h('p', { className: 'confirm' }, `Delete your comment ${quoted(current.text)}?`),
        h('div', { className: 'actions' }, yes, no),
        error,
      );
      yes.focus();
    };

    render();
    return li;
  };

  list.append(...comments.map(row));
  recount();
  const details = h('details', { className: 'comment-box' }, summary, list);
  if (host.readOnly) return details;

  const text = h('textarea', { id: uid('comment'), rows: 2, maxLength });
  const button = h('button', { type: 'button', className: 'secondary' }, 'Add comment');
  let sent: { text: string; requestId: string } | undefined;
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  button.addEventListener('click', async () => {
    if (!text.value.trim()) {
      error.textContent = 'Write a comment first.';
      text.focus();
      return;
    }
    button.disabled = true;
    // The same comment sent again (after a lost answer) keeps its request id, so it is added once.
    if (sent?.text !== text.value) sent = { text: text.value, requestId: crypto.randomUUID() };
    const answer = await host.call<Comment>('POST', base, sent).catch(() => undefined);
    button.disabled = false;
    if (!answer) error.textContent = `Not sent: ${offline}`;
    else if (!answer.ok) error.textContent = answer.message;
    else {
      sent = undefined;
      error.textContent = '';
      text.value = '';
      list.append(row(answer.body));
      recount();
    }
  });
  details.append(h('label', { htmlFor: text.id }, `Comment on “${item.label}”`), text, h('div', {}, button), error);
  return details;
}
