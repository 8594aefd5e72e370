import { h, show } from '../../src/dom';
import { ApiError, call } from './api';
import type { Me, Page } from './types';
import { busy, field, messageArea, when } from './ui';

/*
 * Terms & Conditions (admin roles): the current version (GET /account/terms, newest first) and a
 * new one to publish (POST /account/terms with the version read as current: a stale one answers
 * 409 and nothing is published). External users accept the new version before they see their
 * items again.
 */

interface Terms {
  version: number;
  text: string;
  publishedAt: string;
}

export async function termsScreen(_me: Me): Promise<void> {
  const message = messageArea();
  const current = (await call<Page<Terms>>('GET', '/account/terms?limit=1')).items[0];
  const text = h('textarea', { name: 'terms', required: true, maxLength: 20000, rows: 12 });
  text.value = current?.text ?? '';
  const submit = h('button', { type: 'submit', className: 'button primary' }, 'Publish new version');
  const form = h(
    'form',
    { className: 'form' },
    field('New terms', text, 'Plain text; separate paragraphs with a blank line.'),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, async () => {
      message.clear();
      try {
        const published = await call<Terms>('POST', '/account/terms', {
          text: text.value.trim(),
          currentVersion: current?.version ?? 0,
        });
        await termsScreen(_me);
        document
          .getElementById('outcome')
          ?.replaceChildren(
            `Version ${published.version} published: external users accept it before they see their items again.`,
          );
      } catch (error) {
        message.fail(error);
        if (error instanceof ApiError && error.status === 409)
          message.element.textContent = 'The terms were changed by someone else — reload to see the current version.';
      }
    });
  });
  show(
    h('h1', {}, 'Terms & Conditions'),
    h('p', { id: 'outcome', className: 'message ok', attrs: { role: 'status' } }),
    message.element,
    h('h2', {}, 'Current version'),
    current
      ? h(
          'div',
          { className: 'terms' },
          h('p', { className: 'meta' }, `Version ${current.version}, published ${when(current.publishedAt)}`),
          ...current.text.split(/\n\s*\n/).map((paragraph) => h('p', {}, paragraph)),
        )
      : h('p', {}, 'No terms published yet: external users see their items without accepting any.'),
    form,
  );
}
