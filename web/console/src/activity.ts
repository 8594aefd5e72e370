import { h, show } from '../../src/dom';
import { call, query } from './api';
import type { AuditEntry, ExternalUser, Me, Page } from './types';
import { card, field, link, messageArea, select, when } from './ui';

/*
 * External activity (admin roles): every external user's actions across jobs and incidents, and
 * the staff's changes of customers and sites, newest first (GET /external-activity), filtered by
 * external user, item type and a date range, 20 a page with "Show more".
 */

/** `answer_saved` → "Answer saved". */
const actionName = (action: string) => action.charAt(0).toUpperCase() + action.slice(1).replaceAll('_', ' ');

export async function activityScreen(_me: Me): Promise<void> {
  const message = messageArea();
  const externals = await call<Page<ExternalUser>>('GET', '/external-users?limit=100');
  const names = new Map(externals.items.map((x) => [x.id, `${x.givenName} ${x.familyName}`]));
  const external = select('externalUserId', [
    ['', 'Any external user'],
    ...externals.items.map((x): [string, string] => [x.id, `${x.givenName} ${x.familyName}`]),
  ]);
  const itemType = select('itemType', [
    ['', 'Jobs and incidents'],
    ['job', 'Jobs'],
    ['incident', 'Incidents'],
  ]);
  const from = h('input', { type: 'date', name: 'from' });
  const to = h('input', { type: 'date', name: 'to' });
  const filters = h(
    'form',
    { className: 'filters', attrs: { role: 'search', 'aria-label': 'External activity' } },
    field('External user', external),
    field('Item type', itemType),
    field('From', from),
    field('To', to),
    h('button', { type: 'submit', className: 'button' }, 'Apply filters'),
  );
  const list = h('ul', { className: 'cards', attrs: { 'aria-label': 'Activity' } });
  const more = h('button', { type: 'button', className: 'button', hidden: true }, 'Show more activity');
  const count = h('p', { className: 'count', attrs: { role: 'status' } });
  let cursor: string | undefined;

  const entryCard = (entry: AuditEntry) => {
    const who =
      entry.actor.kind === 'system'
        ? 'FieldPass'
        : entry.actor.kind === 'external'
          ? (names.get(entry.actor.id ?? '') ?? 'External user')
          : 'Staff';
    const about = entry.externalUserId && entry.externalUserId !== entry.actor.id;
    return card(
      h('h2', { className: 'card-title' }, actionName(entry.action)),
      h(
        'p',
        { className: 'meta' },
        `${when(entry.at)} · ${who}${about ? ` · about ${names.get(entry.externalUserId as string) ?? 'an external user'}` : ''}`,
      ),
      entry.itemType && entry.itemId
        ? h('p', { className: 'meta' }, link(`/${entry.itemType}s/${entry.itemId}`, `Open the ${entry.itemType}`))
        : entry.subject
          ? h('p', { className: 'meta' }, `${entry.subject.type} ${entry.subject.id}`)
          : null,
    );
  };

  const load = async (reset: boolean) => {
    if (reset) {
      list.replaceChildren();
      cursor = undefined;
    }
    message.clear();
    try {
      const page = await call<Page<AuditEntry>>(
        'GET',
        `/external-activity${query({
          limit: 20,
          externalUserId: external.value,
          itemType: itemType.value,
          from: from.value ? `${from.value}T00:00:00Z` : undefined,
          to: to.value ? `${to.value}T23:59:59Z` : undefined,
          cursor,
        })}`,
      );
      for (const entry of page.items) list.append(entryCard(entry));
      cursor = page.cursor;
      more.hidden = !cursor;
      count.textContent = list.children.length
        ? `${list.children.length} shown${cursor ? ', more to show' : ''}.`
        : 'No activity matches.';
    } catch (error) {
      message.fail(error);
    }
  };
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(true);
  });
  more.addEventListener('click', () => void load(false));
  show(h('h1', {}, 'External activity'), filters, message.element, count, list, more);
  await load(true);
}
