import { type Child, h, show } from '../../src/dom';
import { ApiError, call } from './api';
import { idToken } from './auth';
import { canImport } from './permissions';
import type { Import, Me, StartedImport } from './types';
import { busy, field, messageArea, select } from './ui';

/*
 * Imports (docs/imports.md): the jobs or incidents template (CSV or XLSX), a file uploaded through
 * the presigned PUT of POST /imports, validated (POST /imports/{id}/validate) into a preview read
 * from GET /imports/{id}: rows to create, update and skip, row errors by row, column and problem,
 * external users to be created. With row errors, the API commits an import only when asked to
 * leave those rows out (`skipInvalidRows`), for CSV and XLSX alike: the button says so, and the
 * summary lists the rows left out. Then the commit, its progress and its summary.
 */

const apiUrl = ((globalThis as { FIELDPASS_CONFIG?: { apiUrl?: string } }).FIELDPASS_CONFIG?.apiUrl ?? '').replace(
  /\/$/,
  '',
);

/** Reads `path` (a file answer) with the staff token and saves it under `name`. */
async function download(path: string, name: string): Promise<void> {
  const res = await fetch(`${apiUrl}${path}`, {
    headers: { authorization: `Bearer ${await idToken()}` },
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
  });
  if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, 'The template could not be read.');
  const url = URL.createObjectURL(await res.blob());
  const anchor = h('a', { href: url, download: name, hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads the import again (0.5 s, growing to 5 s) until `done` says so. */
async function follow(id: string, done: (i: Import) => boolean, seen: (i: Import) => void): Promise<Import> {
  let delay = 500;
  for (;;) {
    const record = await call<Import>('GET', `/imports/${encodeURIComponent(id)}`);
    seen(record);
    if (done(record)) return record;
    await sleep(delay);
    delay = Math.min(delay * 1.5, 5000);
  }
}

export function importsScreen(me: Me): void {
  const kinds: [string, string][] = [];
  if (canImport(me, 'job')) kinds.push(['jobs', 'Jobs']);
  if (canImport(me, 'incident')) kinds.push(['incidents', 'Incidents']);
  const message = messageArea();
  const kind = select('kind', kinds);
  const templateCsv = h('button', { type: 'button', className: 'button' }, 'Download CSV template');
  const templateXlsx = h('button', { type: 'button', className: 'button' }, 'Download XLSX template');
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,.xlsx,text/csv', required: true });
  const create = h('input', { type: 'checkbox', name: 'createExternalUsers' });
  const upload = h('button', { type: 'submit', className: 'button primary' }, 'Upload and check');
  const form = h(
    'form',
    { className: 'form', attrs: { 'aria-label': 'Import a file' } },
    field('What to import', kind),
    h('div', { className: 'actions' }, templateCsv, templateXlsx),
    field('File', file, 'CSV (UTF-8) or XLSX in the template’s columns; at most 10,000 rows and 10 MB.'),
    h('label', { className: 'check' }, create, 'Create external users for unknown addresses'),
    upload,
  );
  const result = h('section', { attrs: { 'aria-label': 'Import result' } });
  const fill = (...children: Child[]): void =>
    result.replaceChildren(...children.filter((c): c is Node | string => !!c));

  for (const [button, format] of [
    [templateCsv, 'csv'],
    [templateXlsx, 'xlsx'],
  ] as const) {
    button.addEventListener('click', () =>
      busy(button, async () => {
        message.clear();
        await download(`/imports/templates/${kind.value}?format=${format}`, `${kind.value}-template.${format}`).catch(
          (error) => message.fail(error),
        );
      }),
    );
  }

  /** Starts an import of `body`, uploads it, validates it and shows its preview. */
  const check = async (body: Blob, format: 'csv' | 'xlsx') => {
    message.clear();
    fill(h('p', { attrs: { role: 'status' } }, 'Uploading…'));
    try {
      const started = await call<StartedImport>('POST', '/imports', {
        kind: kind.value,
        format,
        size: body.size,
        createExternalUsers: create.checked,
      });
      const put = await fetch(started.upload.url, { method: 'PUT', headers: started.upload.headers, body });
      if (!put.ok) throw new ApiError(put.status, 'UPLOAD_FAILED', `The upload was refused (${put.status}).`);
      await call('POST', `/imports/${started.import.id}/validate`, {});
      fill(h('p', { attrs: { role: 'status' } }, 'Checking every row…'));
      const record = await follow(
        started.import.id,
        (i) => i.status !== 'validating' && i.status !== 'awaiting_upload',
        () => undefined,
      );
      preview(record);
    } catch (error) {
      fill();
      message.fail(error);
    }
  };

  const preview = (record: Import) => {
    if (record.status === 'rejected' || !record.preview) {
      const details = Array.isArray(record.error?.details)
        ? (record.error?.details as { column?: string; problem?: string }[])
        : [];
      fill(
        h('h2', {}, 'The file was not imported'),
        h(
          'p',
          { className: 'message bad', attrs: { role: 'alert' } },
          record.error?.message ?? 'The file could not be read.',
        ),
        details.length
          ? h(
              'ul',
              {},
              ...details.map((d) => h('li', {}, [d.column, d.problem].filter(Boolean).join(' ') || JSON.stringify(d))),
            )
          : null,
      );
      return;
    }
    const p = record.preview;
    const facts = h(
      'dl',
      { className: 'facts' },
      ...(
        [
          ['Rows', p.rows],
          ['To create', p.create],
          ['To update', p.update],
          ['Unchanged (skipped)', p.skip],
          ['With errors', p.invalid],
          ['New external users', p.externalUsersToCreateCount],
        ] as const
      ).flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, String(value))]),
    );
    const errors = p.errors.length
      ? h(
          'table',
          { className: 'report' },
          h('caption', {}, `Row errors${p.invalid > p.errors.length ? ` (the first ${p.errors.length})` : ''}`),
          h('thead', {}, h('tr', {}, ...['Row', 'Column', 'Problem'].map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            ...p.errors.map((e) =>
              h(
                'tr',
                {},
                h('td', { attrs: { 'data-label': 'Row' } }, String(e.row)),
                h('td', { attrs: { 'data-label': 'Column' } }, e.column || '(the row)'),
                h('td', { attrs: { 'data-label': 'Problem' } }, e.problem),
              ),
            ),
          ),
        )
      : null;
    const people = p.externalUsersToCreate.length
      ? h(
          'div',
          {},
          h('h3', {}, 'External users that will be created'),
          h('ul', {}, ...p.externalUsersToCreate.map((a) => h('li', {}, a))),
          p.externalUsersToCreateCount > p.externalUsersToCreate.length
            ? h('p', { className: 'hint' }, `and ${p.externalUsersToCreateCount - p.externalUsersToCreate.length} more`)
            : null,
        )
      : null;
    const actions = h('div', { className: 'actions' });
    const valid = p.create + p.update;
    if (p.invalid > 0) {
      const id = `why-${record.id}`;
      const commit = h(
        'button',
        { type: 'button', className: 'button', disabled: true, attrs: { 'aria-describedby': id } },
        'Import',
      );
      actions.append(
        h(
          'span',
          { className: 'action' },
          commit,
          h(
            'span',
            { id, className: 'reason' },
            'Rows have errors: correct them and upload the file again, or import the other rows without them.',
          ),
        ),
      );
      if (valid > 0) {
        const leaveOut = h(
          'button',
          { type: 'button', className: 'button primary' },
          `Import ${valid} ${valid === 1 ? 'row' : 'rows'}, leaving out ${
            p.invalid === 1 ? 'the row' : `the ${p.invalid} rows`
          } with errors`,
        );
        leaveOut.addEventListener('click', () => busy(leaveOut, () => apply(record, true)));
        actions.append(leaveOut);
      }
    } else if (valid > 0) {
      const commit = h(
        'button',
        { type: 'button', className: 'button primary' },
        `Import ${valid} ${valid === 1 ? 'row' : 'rows'}`,
      );
      commit.addEventListener('click', () => busy(commit, () => apply(record)));
      actions.append(commit);
    } else {
      actions.append(h('p', {}, 'Nothing to import: every row is unchanged.'));
    }
    fill(h('h2', {}, 'Preview'), h('p', {}, 'Nothing is written until you import.'), facts, errors, people, actions);
  };

  const apply = async (record: Import, skipInvalidRows = false) => {
    message.clear();
    const bar = h('progress', { max: record.preview?.rows ?? 1, value: 0, id: `progress-${record.id}` });
    const state = h('p', { attrs: { role: 'status' } }, 'Importing…');
    fill(h('h2', {}, 'Importing'), h('label', { htmlFor: bar.id }, 'Rows applied'), bar, state);
    try {
      await call('POST', `/imports/${record.id}/commit`, skipInvalidRows ? { skipInvalidRows } : {});
      const done = await follow(
        record.id,
        (i) => i.status === 'committed',
        (i) => {
          if (!i.progress) return;
          bar.max = Math.max(i.progress.rowsTotal, 1);
          bar.value = i.progress.rowsApplied;
          state.textContent = `${i.progress.rowsApplied} of ${i.progress.rowsTotal} rows applied.`;
        },
      );
      const s = done.summary ?? { created: 0, updated: 0, skipped: 0, failed: 0, failures: [] };
      fill(
        h('h2', {}, 'Imported'),
        h(
          'p',
          { className: 'message ok', attrs: { role: 'status' } },
          `${s.created} created, ${s.updated} updated, ${s.skipped} unchanged, ${s.failed} failed.`,
        ),
        s.failures.length
          ? h(
              'ul',
              { attrs: { 'aria-label': 'Rows that failed' } },
              ...s.failures.map((f) => h('li', {}, `Row ${f.row}: ${f.reason}`)),
            )
          : null,
        s.invalidSkipped
          ? h(
              'div',
              {},
              h('p', {}, `${s.invalidSkipped} ${s.invalidSkipped === 1 ? 'row' : 'rows'} with errors left out.`),
              h(
                'ul',
                { attrs: { 'aria-label': 'Rows left out' } },
                ...(s.invalidRows ?? []).map((r) =>
                  h(
                    'li',
                    {},
                    `Row ${r.row}: ${r.problems.map((x) => [x.column, x.problem].filter(Boolean).join(' ')).join('; ')}`,
                  ),
                ),
              ),
            )
          : null,
      );
    } catch (error) {
      message.fail(error);
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return;
    const format = /\.xlsx$/i.test(chosen.name) ? 'xlsx' : 'csv';
    void busy(upload, () => check(chosen, format));
  });

  show(
    h('h1', {}, 'Imports'),
    kinds.length
      ? form
      : h('p', { className: 'message bad' }, 'Your permissions do not allow you to create jobs or incidents.'),
    message.element,
    result,
  );
}
