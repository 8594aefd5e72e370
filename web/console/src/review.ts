import { type Child, h, show } from '../../src/dom';
import { ApiError, call } from './api';
import { checklistBuilder, contentOf } from './checklist-builder';
import { whyNot } from './permissions';
import { go } from './router';
import type {
  Account,
  Actor,
  Assignment,
  AuditEntry,
  ChecklistItem,
  ChecklistRecord,
  ChecklistWithAnswers,
  Me,
  Page,
  StaffUser,
  WorkItem,
} from './types';
import { actionButton, busy, link, messageArea, statusNames, when } from './ui';

/*
 * The review screen the owner's e-mail opens: the item, its external users (resend a link,
 * revoke with a reason), every checklist with its progress, and per checklist item the answer
 * with who and when, comments, photos (thumbnails linking to full size) and the item's audit
 * trail; Complete, Reopen and Archive as the user's permissions allow.
 */

const answerText: Record<string, string> = { yes: 'Yes', no: 'No', na: 'N/A', pass: 'Pass', fail: 'Fail' };

function formatValue(item: ChecklistItem, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  // A photo's or signature's answer names its files, shown below as thumbnails.
  if (item.response.type === 'photo' || item.response.type === 'signature') {
    const count = Array.isArray(value) ? value.length : 1;
    return `${count} ${count === 1 ? 'file' : 'files'}`;
  }
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (item.response.type === 'datetime' && typeof value === 'string') return when(value);
  if (item.response.type === 'number') return `${value}${item.response.unit ? ` ${item.response.unit}` : ''}`;
  if (typeof value === 'string') return answerText[value] ?? value;
  return JSON.stringify(value);
}

const actionNames: Record<string, string> = {
  answer_saved: 'Answer saved',
  comment_added: 'Comment added',
  comment_edited: 'Comment edited',
  comment_deleted: 'Comment deleted',
  attachment_added: 'File added',
  attachment_removed: 'File removed',
  item_viewed: 'Viewed',
};

export async function reviewScreen(me: Me, kind: 'job' | 'incident', id: string): Promise<void> {
  const base = `/${kind}s/${encodeURIComponent(id)}`;
  let item: WorkItem;
  try {
    item = await call<WorkItem>('GET', base);
  } catch {
    show(
      h('h1', {}, `${kind === 'job' ? 'Job' : 'Incident'} not found`),
      h('p', {}, `It does not exist, or you may not see it. `, link(`/${kind}s`, `Back to ${kind}s`)),
    );
    return;
  }
  // The names of what the item refers to (category, department, customer, site), when it does.
  const nameOf = <T = { name: string }>(
    path: string | undefined,
    pick: (body: T) => string | undefined = (body) => (body as { name: string }).name,
  ) => (path ? call<T>('GET', path).then(pick, () => undefined) : undefined);
  const [checklists, assignments, audit, users, category, department, customer, site] = await Promise.all([
    call<Page<ChecklistWithAnswers>>('GET', `${base}/checklists`),
    call<{ items: Assignment[] }>('GET', `${base}/assignments`),
    call<Page<AuditEntry>>('GET', `${base}/audit?limit=100`),
    call<Page<StaffUser>>('GET', '/users?limit=100'),
    nameOf(item.categoryId && `/job-categories/${item.categoryId}`),
    nameOf<Account>(
      item.departmentId && '/account',
      (a) => a.departments.find((d) => d.id === item.departmentId)?.name,
    ),
    nameOf(item.customerId && `/customers/${item.customerId}`),
    nameOf(item.siteId && `/sites/${item.siteId}`),
  ]);
  const names = new Map<string, string>();
  for (const u of users.items) names.set(`staff:${u.id}`, `${u.givenName} ${u.familyName}`);
  for (const a of assignments.items) names.set(`external:${a.externalUserId}`, `${a.givenName} ${a.familyName}`);
  const who = (actor: Actor) =>
    actor.kind === 'system' ? 'FieldPass' : (names.get(`${actor.kind}:${actor.id}`) ?? `${actor.kind} user`);

  const message = messageArea();
  const done = kind === 'job' ? 'completed' : 'closed';
  const statusReason = whyNot.changeStatus(me, kind, item);
  const setStatus = (status: string) => async () => {
    try {
      await call('PATCH', base, { version: item.version, status });
      await reviewScreen(me, kind, id);
      document
        .getElementById('outcome')
        ?.replaceChildren(`${kind === 'job' ? 'Job' : 'Incident'} ${statusNames[status]?.toLowerCase()}.`);
    } catch (error) {
      message.fail(error);
    }
  };
  const archive = async () => {
    try {
      await call('POST', `${base}/archive`);
      await reviewScreen(me, kind, id);
      document.getElementById('outcome')?.replaceChildren(`${kind === 'job' ? 'Job' : 'Incident'} archived.`);
    } catch (error) {
      message.fail(error);
    }
  };
  const actions = h(
    'div',
    { className: 'actions' },
    item.status === done
      ? actionButton('Reopen', statusReason, setStatus('open'))
      : actionButton(kind === 'job' ? 'Complete' : 'Close', statusReason, setStatus(done), 'button primary'),
    item.archived ? null : actionButton('Archive', whyNot.archive(me, kind, item), archive),
    item.archived ? null : actionButton('Edit', whyNot.edit(me, kind, item), () => go(`${base}/edit`)),
  );

  const total = checklists.items.reduce(
    (sum, c) => ({ done: sum.done + c.progress.requiredAnswered, of: sum.of + c.progress.requiredTotal }),
    { done: 0, of: 0 },
  );

  show(
    h('p', { className: 'crumbs' }, link(`/${kind}s`, kind === 'job' ? 'Jobs' : 'Incidents')),
    h('h1', {}, item.title),
    h('p', { id: 'outcome', className: 'message ok', attrs: { role: 'status' } }),
    message.element,
    h(
      'dl',
      { className: 'facts' },
      fact('Status', `${statusNames[item.status] ?? item.status}${item.archived ? ' (archived)' : ''}`),
      item.dueAt ? fact('Due', when(item.dueAt)) : null,
      item.raisedAt ? fact('Raised', when(item.raisedAt)) : null,
      fact('Location', item.location.text),
      category ? fact('Category', category) : null,
      department ? fact('Department', department) : null,
      customer ? fact('Customer', customer) : null,
      site ? fact('Site', site) : null,
      fact('Owners', (item.ownerNames ?? item.ownerIds.map((o) => names.get(`staff:${o}`) ?? o)).join(', ')),
      fact('Required items', `${total.done} of ${total.of} answered`),
    ),
    item.description ? h('p', { className: 'description' }, item.description) : null,
    actions,
    assignmentsSection(me, kind, item, base, assignments.items),
    ...checklists.items.map((c) =>
      checklistSection(c, audit.items, who, {
        reason: item.archived ? `This ${kind} is archived.` : whyNot.edit(me, kind, item),
        save: async (body) => {
          await call('PUT', `${base}/checklists/${encodeURIComponent(c.checklist.id)}`, body);
          await reviewScreen(me, kind, id);
          document.getElementById('outcome')?.replaceChildren(`Checklist ${body.title} saved.`);
        },
      }),
    ),
    checklists.items.length ? null : h('p', {}, 'No checklists yet.'),
    item.archived
      ? null
      : newChecklistSection(whyNot.edit(me, kind, item), async (body) => {
          await call('POST', `${base}/checklists`, body);
          await reviewScreen(me, kind, id);
          document.getElementById('outcome')?.replaceChildren('Checklist added.');
        }),
  );
}

const fact = (term: string, value: string) => h('div', {}, h('dt', {}, term), h('dd', {}, value));

/** Whether the checklist may be edited (the reason when not), and how an edit is saved. */
interface ChecklistEdit {
  reason: string | undefined;
  save(body: { version: number; title: string; sections: unknown[] }): Promise<void>;
}

/**
 * The checklist's editor in place of its answers: the same builder as a new item's, holding the
 * items' ids so their answers stay (an item removed loses its answer). Sent with the version read:
 * a 409 says someone else changed it first.
 */
function checklistEditor(
  record: ChecklistRecord | undefined,
  save: (body: { title: string; sections: unknown[] }) => Promise<void>,
  section: HTMLElement,
  headingId: string,
) {
  const builder = checklistBuilder();
  if (record) builder.fill(contentOf(record), true);
  const name = record ? `Edit ${record.title}` : 'New checklist';
  const message = messageArea();
  message.element.tabIndex = -1;
  const submit = h('button', { type: 'submit', className: 'button primary' }, 'Save checklist');
  const cancel = h('button', { type: 'button', className: 'button' }, 'Cancel');
  const form = h(
    'form',
    { className: 'form', attrs: { 'aria-label': name } },
    message.element,
    builder.element,
    h('div', { className: 'actions' }, submit, cancel),
  );
  const before = [...section.childNodes];
  cancel.addEventListener('click', () => {
    section.replaceChildren(...before);
    section.querySelector<HTMLButtonElement>('button')?.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      try {
        await save(builder.read());
      } catch (error) {
        message.fail(error);
        if (error instanceof ApiError && error.status === 409)
          message.element.textContent = 'This checklist was changed by someone else — reload to see their changes.';
        message.element.focus();
      }
    });
  });
  section.replaceChildren(h('h2', { id: headingId }, name), form);
  section.querySelector('input')?.focus();
}

/** Another checklist for the item, built in place (`POST …/checklists`). */
function newChecklistSection(reason: string | undefined, save: (body: object) => Promise<void>) {
  const section: HTMLElement = h(
    'section',
    { className: 'checklist', attrs: { 'aria-labelledby': 'new-checklist' } },
    h('h2', { id: 'new-checklist' }, 'Another checklist'),
    h(
      'div',
      { className: 'actions' },
      actionButton('Add a checklist', reason, () => checklistEditor(undefined, save, section, 'new-checklist')),
    ),
  );
  return section;
}

function checklistSection(
  c: ChecklistWithAnswers,
  audit: AuditEntry[],
  who: (a: Actor) => string,
  edit: ChecklistEdit,
) {
  const { requiredAnswered, requiredTotal } = c.progress;
  const progressId = `progress-${c.checklist.id}`;
  const section: HTMLElement = h(
    'section',
    { className: 'checklist', attrs: { 'aria-labelledby': `cl-${c.checklist.id}` } },
    h('h2', { id: `cl-${c.checklist.id}` }, c.checklist.title),
    h(
      'div',
      { className: 'actions' },
      actionButton(`Edit checklist ${c.checklist.title}`, edit.reason, () =>
        checklistEditor(
          c.checklist as ChecklistRecord,
          (body) => edit.save({ version: (c.checklist as ChecklistRecord).version, ...body }),
          section,
          `cl-${c.checklist.id}`,
        ),
      ),
    ),
    h('p', { id: progressId }, `${requiredAnswered} of ${requiredTotal} required items answered.`),
    h('progress', {
      max: Math.max(requiredTotal, 1),
      value: requiredAnswered,
      attrs: { 'aria-labelledby': progressId },
    }),
    ...c.checklist.sections.map((section) =>
      h(
        'div',
        { className: 'section' },
        h('h3', {}, section.title),
        h('ol', { className: 'items' }, ...section.items.map((i) => itemRow(c, i, audit, who))),
      ),
    ),
  );
  return section;
}

function itemRow(c: ChecklistWithAnswers, item: ChecklistItem, audit: AuditEntry[], who: (a: Actor) => string) {
  const answer = c.answers.find((a) => a.checklistItemId === item.id);
  const comments = c.comments.filter((m) => m.checklistItemId === item.id);
  const files = c.attachments.filter((f) => f.checklistItemId === item.id && f.status === 'confirmed');
  const trail = audit.filter((e) => e.details.checklistItemId === item.id);
  const value = answer ? formatValue(item, answer.value) : '';
  const children: Child[] = [
    h(
      'h4',
      { className: 'item-label' },
      item.label,
      item.required ? h('span', { className: 'req' }, ' (required)') : null,
    ),
  ];
  if (item.response.type !== 'instruction') {
    children.push(
      answer
        ? h(
            'p',
            { className: 'answer' },
            value ? h('strong', {}, value) : null,
            h(
              'span',
              { className: 'by' },
              `${value ? ' — ' : ''}${who(answer.answeredBy)}, ${when(answer.answeredAt)}`,
            ),
          )
        : h('p', { className: 'answer none' }, 'Not answered'),
    );
  }
  if (files.length) {
    children.push(
      h(
        'ul',
        { className: 'thumbs', attrs: { 'aria-label': `Files of ${item.label}` } },
        ...files.map((f) =>
          h(
            'li',
            {},
            h(
              'a',
              { href: f.url, target: '_blank', rel: 'noopener noreferrer' },
              f.contentType.startsWith('image/')
                ? h('img', {
                    src: f.url,
                    alt: `${f.fileName} (open full size)`,
                    width: 96,
                    height: 96,
                    loading: 'lazy',
                  })
                : f.fileName,
            ),
            h('span', { className: 'by' }, `${who(f.uploadedBy)}, ${when(f.createdAt)}`),
          ),
        ),
      ),
    );
  }
  if (comments.length) {
    children.push(
      h(
        'ul',
        { className: 'comments', attrs: { 'aria-label': `Comments on ${item.label}` } },
        ...comments.map((m) =>
          h('li', {}, h('span', { className: 'by' }, `${who(m.author)}, ${when(m.createdAt)}: `), m.text),
        ),
      ),
    );
  }
  if (trail.length) {
    children.push(
      h(
        'details',
        { className: 'trail' },
        h('summary', {}, `History (${trail.length})`),
        h(
          'ol',
          {},
          ...trail.map((e) => h('li', {}, `${when(e.at)}: ${actionNames[e.action] ?? e.action} by ${who(e.actor)}`)),
        ),
      ),
    );
  }
  return h('li', { className: 'item', attrs: { 'data-item': item.label } }, ...children);
}

function assignmentsSection(me: Me, kind: 'job' | 'incident', item: WorkItem, base: string, assignments: Assignment[]) {
  const reason = whyNot.edit(me, kind, item);
  const message = messageArea();
  const rows = assignments.map((a) => {
    const name = `${a.givenName} ${a.familyName}`;
    const controls: Child[] = [];
    if (a.status === 'active') {
      controls.push(
        actionButton('Resend link', reason, async () => {
          try {
            await call('POST', `${base}/assignments/${a.externalUserId}/resend-link`);
            message.say(`A new link was e-mailed to ${name}.`);
          } catch (error) {
            message.fail(error);
          }
        }),
      );
      if (!reason) {
        const why = h('input', { type: 'text', name: 'reason', maxLength: 500 });
        const revoke = h('button', { type: 'submit', className: 'button' }, 'Revoke');
        const form = h(
          'form',
          { className: 'inline' },
          h('label', { htmlFor: `why-${a.externalUserId}` }, `Reason to revoke ${name}`),
          why,
          revoke,
        );
        why.id = `why-${a.externalUserId}`;
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          void busy(revoke, async () => {
            try {
              await call(
                'POST',
                `${base}/assignments/${a.externalUserId}/revoke`,
                why.value ? { reason: why.value } : {},
              );
              await reviewScreen(me, kind, item.id);
              document.getElementById('outcome')?.replaceChildren(`${name} no longer has access.`);
            } catch (error) {
              message.fail(error);
            }
          });
        });
        controls.push(form);
      }
    }
    return h(
      'li',
      { className: 'card' },
      h('strong', {}, name),
      ` ${a.email} · ${statusNames[a.status]}${a.revokedReason ? ` (${a.revokedReason})` : ''}`,
      h('div', { className: 'actions' }, ...controls),
    );
  });
  return h(
    'section',
    { attrs: { 'aria-labelledby': 'assigned' } },
    h('h2', { id: 'assigned' }, 'External users'),
    message.element,
    rows.length ? h('ul', { className: 'cards' }, ...rows) : h('p', {}, 'Nobody is assigned.'),
  );
}
