import { findAccount } from '../accounts/account-repository';
import type { TemplateLayout } from '../exports/export-template';
import type { Cell } from '../reports/report-csv';
import { allJobCategories, descriptionsById, staffEmailsById } from './import-repository';
import { type ImportKind, type TemplateItem, templateColumns, templateRow } from './import-template';

/** The report columns a template row is made from (a list row has no description: it is read with the page's names, EXP-4). */
const sourceColumns: Record<ImportKind, readonly string[]> = {
  jobs: ['id', 'title', 'status', 'dueAt', 'categoryId'],
  incidents: ['id', 'title', 'status', 'raisedAt', 'severity'],
};
const shared = [
  'location',
  'ownerIds',
  'departmentId',
  'privacyStatusId',
  'customerId',
  'siteId',
  'externalUserIds',
  'externalUserEmails',
];

const text = (cell: Cell | undefined) => (typeof cell === 'string' ? cell : undefined);
const list = (cell: Cell | undefined) => (Array.isArray(cell) ? cell : []);

/** A report row as the template's item (nothing for an empty cell), with its description if it has one. */
function itemOf(row: Readonly<Record<string, Cell>>, description: string | undefined): TemplateItem {
  const optional = (name: string) => {
    const value = text(row[name]);
    return value === undefined ? {} : { [name]: value };
  };
  return {
    id: String(row.id),
    title: String(row.title),
    status: String(row.status),
    ownerIds: list(row.ownerIds),
    location: { text: text(row.location) ?? '' },
    externalUsers: list(row.externalUserIds),
    ...(description ? { description } : {}),
    ...optional('dueAt'),
    ...optional('raisedAt'),
    ...optional('categoryId'),
    ...optional('departmentId'),
    ...optional('privacyStatusId'),
    ...optional('customerId'),
    ...optional('siteId'),
    ...(typeof row.severity === 'number' || typeof row.severity === 'string' ? { severity: row.severity } : {}),
  };
}

/**
 * The import template's layout of an export (exports/export-template.ts): each page's rows through
 * `templateRow`, with what it needs read once per page (EXP-4): the items' descriptions and the
 * owners' addresses (one BatchGetItem per 100 each), the account's departments and privacy
 * statuses (its GetItem) and, for jobs, the job categories (CAT-1's Query pages). An external user's address is the one their
 * assignment's link went to, which the report row carries.
 */
export const templateLayout: TemplateLayout = {
  columns: (report) => templateColumns[report],
  sourceColumns: (report) => [...sourceColumns[report], ...shared],
  async rows(report, accountId, rows) {
    const addresses = new Map<string, string>();
    for (const row of rows) {
      const emails = list(row.externalUserEmails);
      list(row.externalUserIds).forEach((id, i) => {
        if (emails[i]) addresses.set(id, emails[i]);
      });
    }
    const [descriptions, owners, account, categories] = await Promise.all([
      descriptionsById(
        report === 'jobs' ? 'job' : 'incident',
        accountId,
        rows.map((row) => String(row.id)),
      ),
      staffEmailsById(
        accountId,
        rows.flatMap((row) => list(row.ownerIds)),
      ),
      findAccount(accountId),
      report === 'jobs' ? allJobCategories(accountId) : Promise.resolve([]),
    ]);
    const directory = {
      staffEmail: (id: string) => owners.get(id),
      externalUserEmail: (id: string) => addresses.get(id),
      categories,
      departments: account?.departments ?? [],
      privacyStatuses: account?.privacyStatuses ?? [],
    };
    return rows.map((row) => {
      const cells = templateRow(report, itemOf(row, descriptions.get(String(row.id))), directory);
      return templateColumns[report].map((column) => cells[column] ?? '');
    });
  },
};
