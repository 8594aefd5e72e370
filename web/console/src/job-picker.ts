import { h, uid } from '../../src/dom';
import { call } from './api';
import type { Page, WorkItem } from './types';
import { field } from './ui';

/*
 * A client access's specific jobs: the jobs chosen, each with a Remove button, and the server's
 * search of the account's jobs (GET /jobs?q=: every word starts a word of the title, or a job's
 * id), whose matches each have an Add button. These jobs only: a job added later is not in the
 * access (the API warns so).
 */

/** The titles of `ids`, read one by one (an access names at most 100 jobs); an unreadable one keeps its id. */
export async function jobTitles(ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const read = await Promise.all(
    unique.map((id) =>
      call<WorkItem>('GET', `/jobs/${encodeURIComponent(id)}`)
        .then((job) => [id, job.title] as const)
        .catch(() => [id, id] as const),
    ),
  );
  return new Map(read);
}

export function jobPicker(chosen: string[], titles: Map<string, string>, max = 100) {
  const picked = [...chosen];
  const hintId = uid('hint');
  const selected = h('ul', { className: 'picked', attrs: { 'aria-label': 'Chosen jobs' } });
  const search = h('input', { type: 'search', name: 'job-search', maxLength: 200, autocomplete: 'off' });
  const found = h('ul', { className: 'picked', attrs: { 'aria-label': 'Jobs found' } });
  const status = h('p', { className: 'hint', attrs: { role: 'status' } });
  let jobs: WorkItem[] = [];
  let searched = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const titleOf = (id: string) => titles.get(id) ?? id;

  const drawChosen = () => {
    selected.replaceChildren(
      ...picked.map((id) => {
        const remove = h('button', { type: 'button', className: 'button' }, `Remove ${titleOf(id)}`);
        remove.addEventListener('click', () => {
          picked.splice(picked.indexOf(id), 1);
          drawChosen();
          drawFound();
          search.focus();
        });
        return h('li', {}, h('span', {}, titleOf(id)), remove);
      }),
    );
    if (!picked.length) selected.append(h('li', {}, 'No specific jobs.'));
  };
  const drawFound = () => {
    if (!searched) {
      found.replaceChildren();
      status.textContent = '';
      return;
    }
    const matches = jobs.filter((j) => !picked.includes(j.id)).slice(0, 10);
    found.replaceChildren(
      ...matches.map((job) => {
        const add = h(
          'button',
          { type: 'button', className: 'button', disabled: picked.length >= max },
          `Add ${job.title}`,
        );
        add.addEventListener('click', () => {
          picked.push(job.id);
          titles.set(job.id, job.title);
          drawChosen();
          drawFound();
          search.focus();
        });
        return h('li', {}, h('span', {}, `${job.title} · ${job.location.text}`), add);
      }),
    );
    status.textContent = matches.length
      ? `${matches.length} job${matches.length === 1 ? '' : 's'} found.`
      : 'No jobs match.';
  };
  // After 300 ms without typing, one page of the server's matches; a slower answer to an older
  // search is dropped.
  const find = async () => {
    const words = search.value.trim();
    searched = words;
    if (!words) {
      jobs = [];
      drawFound();
      return;
    }
    status.textContent = 'Searching…';
    try {
      const page = await call<Page<WorkItem>>('GET', `/jobs?limit=20&q=${encodeURIComponent(words)}`);
      if (search.value.trim() !== words) return;
      jobs = page.items;
      for (const job of jobs) titles.set(job.id, job.title);
      drawFound();
    } catch (error) {
      if (search.value.trim() !== words) return;
      jobs = [];
      found.replaceChildren();
      status.textContent = error instanceof Error ? error.message : 'The jobs could not be searched.';
    }
  };
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void find(), 300);
  });
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') event.preventDefault();
  });
  drawChosen();
  const element = h(
    'fieldset',
    { className: 'job-picker', attrs: { 'aria-describedby': hintId } },
    h('legend', {}, 'Specific jobs'),
    h(
      'p',
      { id: hintId, className: 'hint' },
      `These jobs only, at most ${max}: a job added later is not in the access.`,
    ),
    selected,
    field('Find a job by title', search),
    status,
    found,
  );
  return { element, values: () => [...picked] };
}
