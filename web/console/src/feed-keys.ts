import { h, show } from '../../src/dom';
import { call } from './api';
import type { FeedKey, Me } from './types';
import { busy, card, field, messageArea, when } from './ui';

/*
 * Feed keys (admin roles; docs/feed.md): the keys Power BI reads the OData feed with. The list
 * (GET /feed-keys), a new key (POST /feed-keys) whose secret is shown this once with a copy
 * button and how to connect Power BI, and revoking one after a confirmation (DELETE).
 */

const apiUrl = ((globalThis as { FIELDPASS_CONFIG?: { apiUrl?: string } }).FIELDPASS_CONFIG?.apiUrl ?? '').replace(
  /\/$/,
  '',
);

export async function feedKeysScreen(_me: Me): Promise<void> {
  const message = messageArea();
  const feedUrl = `${apiUrl || location.origin}/odata`;
  const name = h('input', { type: 'text', name: 'name', required: true, maxLength: 100, autocomplete: 'off' });
  const until = h('input', { type: 'date', name: 'validUntil' });
  const submit = h('button', { type: 'submit', className: 'button primary' }, 'Create key');
  const form = h(
    'form',
    { className: 'form narrow', attrs: { 'aria-label': 'New feed key' } },
    field('Name', name, 'What reads with it, e.g. "Finance dashboard".'),
    field('Valid until', until, 'Optional: the key stops working at the end of this day (UTC).'),
    submit,
  );
  const secret = h('section', { attrs: { 'aria-label': 'New key' } });
  const list = h('ul', { className: 'cards', attrs: { 'aria-label': 'Feed keys' } });

  const keyCard = (key: FeedKey) => {
    const facts = [
      key.status === 'revoked' ? `Revoked ${when(key.revokedAt)}` : 'Active',
      `created ${when(key.createdAt)}`,
      key.validUntil ? `valid until ${when(key.validUntil)}` : 'never expires',
      key.usedHour ? `last used ${when(key.usedHour)}` : 'not used yet',
    ];
    const actions = h('div', { className: 'actions' });
    const item = card(
      h('h2', { className: 'card-title' }, key.name),
      h('p', { className: 'meta' }, facts.join(' · ')),
      actions,
    );
    if (key.status === 'active') {
      const revoke = h('button', { type: 'button', className: 'button' }, `Revoke ${key.name}`);
      revoke.addEventListener('click', () => {
        const yes = h('button', { type: 'button', className: 'button primary' }, 'Yes, revoke');
        const no = h('button', { type: 'button', className: 'button' }, 'Cancel');
        const ask = h(
          'div',
          { className: 'confirm', attrs: { role: 'group', 'aria-label': `Revoke ${key.name}?` } },
          h('p', {}, `Revoke ${key.name}? Power BI refreshes that use it are refused from the next request on.`),
          h('div', { className: 'actions' }, yes, no),
        );
        no.addEventListener('click', () => {
          actions.replaceChildren(revoke);
          revoke.focus();
        });
        yes.addEventListener('click', () =>
          busy(yes, async () => {
            try {
              await call('DELETE', `/feed-keys/${encodeURIComponent(key.id)}`);
              await load();
              message.say(`${key.name} is revoked.`);
            } catch (error) {
              message.fail(error);
            }
          }),
        );
        actions.replaceChildren(ask);
        yes.focus();
      });
      actions.append(revoke);
    }
    return item;
  };

  const load = async () => {
    const keys = await call<{ items: FeedKey[] }>('GET', '/feed-keys');
    list.replaceChildren(...keys.items.map(keyCard));
    if (!keys.items.length) list.append(h('li', {}, 'No feed keys yet.'));
  };

  const shown = (key: FeedKey) => {
    const value = h('input', { type: 'text', readOnly: true, value: key.key ?? '', name: 'key', className: 'secret' });
    const copy = h('button', { type: 'button', className: 'button' }, 'Copy key');
    const copied = h('span', { attrs: { role: 'status' } });
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(value.value);
        copied.textContent = 'Copied.';
      } catch {
        value.select();
        copied.textContent = 'Select the key and copy it yourself.';
      }
    });
    secret.replaceChildren(
      h('h2', {}, `Key for ${key.name}`),
      h(
        'p',
        { className: 'message ok' },
        'Copy the key now: it is shown this once. FieldPass keeps only a hash of it.',
      ),
      field('Feed key', value),
      h('div', { className: 'actions' }, copy, copied),
      h('h3', {}, 'Connect Power BI'),
      h(
        'ol',
        {},
        h('li', {}, 'Power BI Desktop: Get data → OData feed, or a blank query in the Advanced editor:'),
        h(
          'li',
          { className: 'code' },
          h('code', {}, `OData.Feed("${feedUrl}", null, [ApiKeyName = "key", Implementation = "2.0"])`),
        ),
        h('li', {}, 'When asked for credentials choose Web API and paste the key.'),
        h(
          'li',
          {},
          'Power BI service: in the dataset’s settings, Data source credentials → Edit → Key (Web API), and paste the key. No gateway is needed.',
        ),
      ),
      h('p', {}, 'Feed URL: ', h('code', {}, feedUrl)),
      h(
        'p',
        { className: 'hint' },
        'The key reads what you may see, as your permissions are at each refresh. Scripts may send it as the x-api-key header.',
      ),
    );
    value.focus();
    value.select();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      message.clear();
      try {
        const created = await call<FeedKey>('POST', '/feed-keys', {
          name: name.value.trim(),
          ...(until.value ? { validUntil: `${until.value}T23:59:59Z` } : {}),
        });
        form.reset();
        shown(created);
        await load();
      } catch (error) {
        message.fail(error);
      }
    });
  });

  show(
    h('h1', {}, 'Feed keys'),
    h(
      'p',
      {},
      'Keys for the Power BI (OData) feed of jobs, incidents, external users, assignments, answers and activity. Each key reads what its maker may see.',
    ),
    message.element,
    form,
    secret,
    h('h2', {}, 'Keys'),
    list,
  );
  await load().catch((error) => message.fail(error));
}
