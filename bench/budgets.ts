import type { OperationResult } from './measure';
import type { BenchResults, BudgetStatus } from './results';

/*
 * The performance budget (docs/performance.md, "PERFORMANCE.md") as the bench checks it: every
 * budget in one place, each with whether `npm run bench -- --check` enforces it. A budget is
 * enforced once it is met; issue 17's changes turn the others on as they land (set `enforced`
 * and commit the new bench/results.json). Timing budgets are reported, never enforced.
 */

export interface Budget {
  id: string;
  measure: string;
  limit: string;
  /** --check fails when this budget is not met. */
  enforced: boolean;
  /** Measured by timing: reported only, never enforced. */
  timing?: boolean;
  /** Where it stood when it was last reviewed, in words. */
  status: string;
  /** The measured value and whether it is within the limit; undefined when the run did not measure it. */
  evaluate(results: Omit<BenchResults, 'budgets'>): { measured: string; met: boolean } | undefined;
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const op = (results: Omit<BenchResults, 'budgets'>, name: string) => {
  const found = results.operations.find((o) => o.name === name && o.status === 'measured');
  return found?.requestPath ? found : undefined;
};

/** Queries of a list page, and items read per item returned (1 when it read and returned nothing). */
function listPage(operation: OperationResult) {
  const queries = (operation.requestPath?.lines ?? []).filter((l) => l.operation === 'Query');
  const read = queries.reduce((sum, l) => sum + l.itemsRead, 0);
  const returned = queries.reduce((sum, l) => sum + l.itemsReturned, 0);
  return {
    queries: queries.length,
    ratio: read === 0 ? 1 : returned === 0 ? Number.POSITIVE_INFINITY : read / returned,
  };
}

/**
 * The list pages the bench measures, and whether each meets the list budget today (then enforced);
 * a page that can miss it by design says why (`reason`).
 */
export const listPages: { name: string; enforced: boolean; reason?: string }[] = [
  ...[
    'no filter',
    'status',
    'archived',
    'owner',
    'department',
    'privacy status',
    'no privacy status',
    'external user',
    'due dates',
    'owner + department',
    'own items only (scope)',
    // A just-owned viewer filtering by another owner reads the (owner, co-owner) rows the stream
    // consumer keeps (WRK-8): the items both own, and no others.
    'own items only, by another owner',
  ].map((filter) => ({ name: `staff job list: ${filter}`, enforced: true })),
  { name: 'audit page', enforced: true },
  { name: 'activity page: no filter', enforced: true },
  { name: 'activity page: external user', enforced: true },
  // An audit entry is written to two indexes (≤ 3 WRU): the item type is a FilterExpression on the
  // account's or the external user's activity (docs/performance.md). Where the other type's
  // entries are many, a page reads them too (read/returned = 1 / the type's share of the
  // entries) and may take more than one Query to fill.
  // A report page is a staff list page (docs/performance.md): its rows' Query, then the names,
  // links and progress its columns need by key (BatchGetItem, not Query).
  { name: 'report page: jobs, external-user columns, status', enforced: true },
  { name: 'report page: audit', enforced: true },
  ...['activity page: item type', 'activity page: external user + item type'].map((name) => ({
    name,
    enforced: false,
    reason: 'the item type is a FilterExpression: read/returned is 1 / that type’s share of the activity',
  })),
];

export const budgets: Budget[] = [
  {
    id: 'portal-load',
    measure: 'Portal item load (first of a visit)',
    limit: '1 round of ≤ 3 requests, 1 Query, 0 Scan',
    enforced: true,
    status:
      'met: the access record, the item and the terms (BatchGetItem) ∥ the checklists (Query) ∥ the view (UpdateItem)',
    evaluate: (r) => {
      const load = op(r, 'portal load (first of a visit)')?.requestPath;
      if (!load) return undefined;
      const queries = load.lines.filter((l) => l.operation === 'Query').length;
      return {
        measured: `${load.requests} requests in ${load.rounds} rounds, ${queries} Query, ${load.scans} Scan`,
        met: load.rounds <= 1 && load.requests <= 3 && queries === 1 && load.scans === 0,
      };
    },
  },
  {
    id: 'autosave-round-trip',
    measure: 'Autosave: one round trip once the checklist is known',
    limit: '1 request',
    enforced: true,
    status: 'met: one TransactWriteItems',
    evaluate: (r) => {
      const save = op(r, 'autosave (changed answer)')?.requestPath;
      return save && { measured: `${save.requests} (${save.sequence})`, met: save.requests === 1 && save.rounds === 1 };
    },
  },
  {
    id: 'autosave-wru',
    measure: 'Autosave of one answer, request path',
    limit: '≤ 4 WRU',
    enforced: true,
    status: 'met: one conditional Update of the item access record (noting the answer) + the Put',
    evaluate: (r) => {
      const save = op(r, 'autosave (new answer)')?.requestPath;
      return save && { measured: `${save.wru} WRU`, met: save.wru <= 4 };
    },
  },
  {
    id: 'audit-entry-wru',
    measure: 'Audit entry (stream consumer), indexes included',
    limit: '≤ 3 WRU',
    enforced: true,
    status: 'met: the entry within 1 KB, in the table and two indexes',
    evaluate: (r) => {
      const perEntry = r.operations.flatMap((o) =>
        o.audit && o.audit.entries > 0 ? [o.audit.wru / o.audit.entries] : [],
      );
      if (perEntry.length === 0) return undefined;
      const worst = Math.max(...perEntry);
      return { measured: `${Math.min(...perEntry)}–${worst} WRU`, met: worst <= 3 };
    },
  },
  {
    id: 'completion-rru',
    measure:
      'Completion check per answer (stream consumer reads per autosave, session average; the feed log’s reads of the item apart)',
    limit: '≤ 1 RRU',
    enforced: true,
    status: 'met: one UpdateItem of the progress record when an item becomes answered or cleared, no read',
    evaluate: (r) => {
      const saves = r.session.steps.filter((s) => s.name.startsWith('session: autosave'));
      if (saves.length === 0) return undefined;
      const average = saves.reduce((sum, s) => sum + s.stream.rru - (s.feedLog?.rru ?? 0), 0) / saves.length;
      return { measured: `${average.toFixed(2)} RRU`, met: average <= 1 };
    },
  },
  ...listPages.map(
    (page): Budget => ({
      id: `list-page: ${page.name}`,
      measure: `List page, ${page.name}`,
      limit: '1 Query per page, items read / returned ≤ 1.25',
      enforced: page.enforced,
      status: page.enforced ? 'met' : `can be missed: ${page.reason ?? 'not enforced'}`,
      evaluate: (r) => {
        const found = op(r, page.name);
        if (!found) return undefined;
        const { queries, ratio } = listPage(found);
        return {
          measured: `${queries} Query, read/returned ${Number.isFinite(ratio) ? ratio.toFixed(2) : '∞'}`,
          met: queries === 1 && ratio <= 1.25,
        };
      },
    }),
  ),
  {
    id: 'no-scan',
    measure: 'Scan on a request path',
    limit: '0',
    enforced: true,
    status: 'met',
    evaluate: (r) => {
      const scans = r.operations.reduce((sum, o) => sum + (o.requestPath?.scans ?? 0), 0);
      return { measured: String(scans), met: scans === 0 };
    },
  },
  {
    id: 'bundle-size',
    measure:
      'Function bundles (every function on a request path or the stream; the feed’s six entity sets, over by their $filter parser, held to their own ceilings in test/infra/bundle-size.test.ts)',
    limit: '≤ 250 kB, own code ≤ 40 kB',
    enforced: true,
    status:
      'met: every route function and both stream consumers (records 235.0 kB, reactions 247.1 kB); the feed’s entity sets 298–310 kB by @odata/parser (docs/feed.md, "Function size")',
    evaluate: (r) => bundleBudget(r, 250, 40),
  },
  {
    id: 'module-load',
    measure: 'Module load of the measured functions, over a DynamoDB-client-only bundle',
    limit: '≤ 1.3×',
    enforced: false,
    timing: true,
    status: 'met on CPU time: 1.04–1.15× after schemas built on first use (timing: reported only)',
    evaluate: (r) => {
      if (!r.moduleLoad || r.moduleLoad.length === 0) return undefined;
      const worst = Math.max(...r.moduleLoad.map((m) => m.ratio));
      return { measured: `${Math.min(...r.moduleLoad.map((m) => m.ratio))}–${worst}×`, met: worst <= 1.3 };
    },
  },
  {
    id: 'session-cost',
    measure: 'Cost per 1,000 portal sessions (1 load + 20 autosaves), request path and stream',
    limit: '≤ $0.10',
    // Not reachable while the other budgets hold as they are: see docs/performance.md, "Cost".
    enforced: false,
    status:
      'not met: $0.2089 (the feed’s log of answers, by time and by their external user, $0.055 of it); under the other budgets and issue 19’s feed the floor is $0.1396 (docs/performance.md, "Cost")',
    evaluate: (r) => ({ measured: `$${r.cost.total.toFixed(4)}`, met: r.cost.total <= 0.1 }),
  },
];

/**
 * Functions held to a ceiling of their own in test/infra/bundle-size.test.ts with the reason
 * written there, not to the cap: the feed's entity sets, which carry @odata/parser (issue 19).
 */
const ownCeiling = new Set(
  ['jobs', 'incidents', 'external-users', 'assignments', 'checklist-answers', 'audit-events'].map(
    (set) => `functions/feed/odata-${set}.handler.ts`,
  ),
);

function bundleBudget(results: Omit<BenchResults, 'budgets'>, totalKb: number, ownKb: number) {
  const r = { ...results, bundles: results.bundles.filter((b) => ![...ownCeiling].some((e) => b.entry.endsWith(e))) };
  if (r.bundles.length === 0) return undefined;
  const largest = r.bundles.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const largestOwn = r.bundles.reduce((a, b) => (b.ownBytes > a.ownBytes ? b : a));
  return {
    measured: `largest ${kB(largest.bytes)}, own code up to ${kB(largestOwn.ownBytes)}`,
    met: largest.bytes <= totalKb * 1024 && largestOwn.ownBytes <= ownKb * 1024,
  };
}

/** Every budget with its measured value; budgets the run did not measure are left out. */
export function evaluateBudgets(results: Omit<BenchResults, 'budgets'>): BudgetStatus[] {
  return budgets.flatMap((budget) => {
    const outcome = budget.evaluate(results);
    if (!outcome) return [];
    return [
      {
        id: budget.id,
        measure: budget.measure,
        limit: budget.limit,
        measured: outcome.measured,
        met: outcome.met,
        enforced: budget.enforced && !budget.timing,
        timing: budget.timing === true,
      },
    ];
  });
}
