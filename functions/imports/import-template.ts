import type * as z from 'zod/mini';
import { type CreateIncidentBody, createIncidentBody } from '../work/incidents/incident.contract';
import { type CreateJobBody, createJobBody } from '../work/jobs/job.contract';

// The import and export template of jobs and incidents: its columns, an item as a row (for an
// export in template format) and a row as the body `POST /jobs` or `POST /incidents` validates
// (with that route's own zod schema, so an import follows the same rules). Pure: what a row names
// by e-mail address or name is resolved through the lookups the caller gives.

/** The kinds of item a template describes. */
export const importKinds = ['jobs', 'incidents'] as const;
export type ImportKind = (typeof importKinds)[number];

/** A template row: cell text by column header. */
export type TemplateRow = Record<string, string>;

/** A problem with one cell of a row (`row` is the spreadsheet's row number: the header is row 1). */
export interface RowError {
  row: number;
  column: string;
  problem: string;
}

/** The column headers, in order. `ID` empty: a new item; an item's id: an update of that item. */
export const templateColumns: Record<ImportKind, readonly string[]> = {
  jobs: [
    'ID',
    'Title',
    'Description',
    'Status',
    'Due Date',
    'Category',
    'Owners',
    'Location',
    'Privacy Status',
    'Department',
    'Customer ID',
    'Site ID',
    'External Users',
  ],
  incidents: [
    'ID',
    'Title',
    'Description',
    'Status',
    'Raised At',
    'Severity',
    'Owners',
    'Location',
    'Privacy Status',
    'Department',
    'Customer ID',
    'Site ID',
    'External Users',
  ],
};

/** The columns a file must have (the others may be left out: empty). */
export const requiredColumns: Record<ImportKind, readonly string[]> = {
  jobs: ['Title', 'Due Date', 'Location'],
  incidents: ['Title', 'Raised At', 'Severity', 'Owners', 'Location'],
};

/** The body field each column fills (ID is the row's item, not a field). */
const fieldOfColumn: Record<string, string> = {
  Title: 'title',
  Description: 'description',
  Status: 'status',
  'Due Date': 'dueAt',
  'Raised At': 'raisedAt',
  Category: 'categoryId',
  Severity: 'severity',
  Owners: 'ownerIds',
  Location: 'location',
  'Privacy Status': 'privacyStatusId',
  Department: 'departmentId',
  'Customer ID': 'customerId',
  'Site ID': 'siteId',
  'External Users': 'externalUsers',
};
const columnOfField = Object.fromEntries(Object.entries(fieldOfColumn).map(([column, field]) => [field, column]));

/** The separator of the lists in a cell (owners, external users); `,` is accepted too. */
export const listSeparator = '; ';

/** The characters a spreadsheet may read as the start of a formula (OWASP "CSV Injection"). */
const formulaStarts = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * A cell as imported: an export puts a single quote before text that starts like a formula (see
 * reports/report-csv.ts); that quote is taken off again so a round trip is exact. Nothing is ever
 * evaluated: `=cmd|' /C calc'!A0` is stored as that text.
 */
export function importedCell(text: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith("'") && formulaStarts.has(trimmed.charAt(1)) ? trimmed.slice(1) : trimmed;
}

/** A named setting (category, department, privacy status). */
export interface Named {
  id: string;
  name: string;
}

/** What a row names, resolved by the importer's reads (addresses in lower case). */
export interface TemplateLookups {
  /** Staff users' ids by e-mail address. */
  staffByEmail: ReadonlyMap<string, string>;
  /** External users' ids by e-mail address. */
  externalUsersByEmail: ReadonlyMap<string, string>;
  categories: readonly Named[];
  departments: readonly Named[];
  privacyStatuses: readonly Named[];
  /** An unknown external user's address creates them (named after the address) instead of a row error. */
  createExternalUsers: boolean;
}

/** The names an item's ids have in a row (for an export in template format). */
export interface TemplateDirectory {
  staffEmail(id: string): string | undefined;
  externalUserEmail(id: string): string | undefined;
  categories: readonly Named[];
  departments: readonly Named[];
  privacyStatuses: readonly Named[];
}

/** A job or incident as stored, as far as the template shows it. */
export interface TemplateItem {
  id: string;
  title: string;
  description?: string;
  status: string;
  dueAt?: string;
  raisedAt?: string;
  categoryId?: string;
  severity?: string | number;
  ownerIds: readonly string[];
  location: { text: string };
  privacyStatusId?: string;
  departmentId?: string;
  customerId?: string;
  siteId?: string;
  externalUsers?: readonly string[];
}

const nameOf = (list: readonly Named[], id: string | undefined) =>
  id === undefined ? '' : (list.find((entry) => entry.id === id)?.name ?? id);

/** An item as a template row: settings by name, people by e-mail address (ids where unknown). */
export function templateRow(kind: ImportKind, item: TemplateItem, directory: TemplateDirectory): TemplateRow {
  const row: TemplateRow = {
    ID: item.id,
    Title: item.title,
    Description: item.description ?? '',
    Status: item.status,
    Owners: item.ownerIds.map((id) => directory.staffEmail(id) ?? id).join(listSeparator),
    Location: item.location.text,
    'Privacy Status': nameOf(directory.privacyStatuses, item.privacyStatusId),
    Department: nameOf(directory.departments, item.departmentId),
    'Customer ID': item.customerId ?? '',
    'Site ID': item.siteId ?? '',
    'External Users': (item.externalUsers ?? []).map((id) => directory.externalUserEmail(id) ?? id).join(listSeparator),
  };
  if (kind === 'jobs') {
    row['Due Date'] = item.dueAt ?? '';
    row.Category = nameOf(directory.categories, item.categoryId);
  } else {
    row['Raised At'] = item.raisedAt ?? '';
    row.Severity = item.severity === undefined ? '' : String(item.severity);
  }
  return row;
}

/** A list cell's entries: separated by `;` (or `,`), blanks dropped, in lower case. */
const entries = (cell: string) =>
  cell
    .split(/[;,]/)
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry.length > 0);

/** A date cell as ISO 8601: a date alone is midnight UTC; anything else is left to the schema. */
const dateCell = (cell: string) => (/^\d{4}-\d{2}-\d{2}$/.test(cell) ? `${cell}T00:00:00Z` : cell);

/** The local part of an address as a name (for an external user the import creates). */
const nameFromAddress = (address: string) => address.split('@')[0] || address;

/** The body a valid row gives: a create body (the ID column empty) or the whole item's fields to update it to. */
export type RowBody<K extends ImportKind> = K extends 'jobs' ? CreateJobBody : CreateIncidentBody;

/** A row read: its item id (an update) or none (a new item), its body, or its errors. */
export type ReadRow<K extends ImportKind> =
  | { ok: true; id?: string; body: RowBody<K>; newExternalUsers: string[] }
  | { ok: false; errors: RowError[] };

const schemas = { jobs: createJobBody, incidents: createIncidentBody } as const;

/**
 * A template row as the body `POST /jobs` (or `POST /incidents`) takes, validated by that route's
 * own schema: settings by name (any case) or id, owners by staff e-mail address, external users by
 * address (known ones by id; an unknown one is created when `createExternalUsers`, a row error
 * otherwise). Empty cells are left out. Errors name the row, the column and the problem.
 */
export function readTemplateRow<K extends ImportKind>(
  kind: K,
  rowNumber: number,
  row: TemplateRow,
  lookups: TemplateLookups,
): ReadRow<K> {
  const errors: RowError[] = [];
  const fail = (column: string, problem: string) => errors.push({ row: rowNumber, column, problem });
  const cell = (column: string) => importedCell(row[column] ?? '');
  const body: Record<string, unknown> = {};
  const text = (column: string) => {
    const value = cell(column);
    if (value !== '') body[fieldOfColumn[column] as string] = value;
  };
  const setting = (column: string, list: readonly Named[]) => {
    const value = cell(column);
    if (value === '') return;
    const found = list.find((entry) => entry.id === value || entry.name.toLowerCase() === value.toLowerCase());
    if (found) body[fieldOfColumn[column] as string] = found.id;
    else fail(column, `no ${column.toLowerCase()} named "${value}" in this account`);
  };
  text('Title');
  text('Description');
  text('Status');
  text('Customer ID');
  text('Site ID');
  const location = cell('Location');
  if (location !== '') body.location = { text: location };
  if (kind === 'jobs') {
    if (cell('Due Date') !== '') body.dueAt = dateCell(cell('Due Date'));
    setting('Category', lookups.categories);
  } else {
    if (cell('Raised At') !== '') body.raisedAt = dateCell(cell('Raised At'));
    const severity = cell('Severity');
    if (severity !== '') body.severity = /^\d+$/.test(severity) ? Number(severity) : severity.toLowerCase();
  }
  setting('Privacy Status', lookups.privacyStatuses);
  setting('Department', lookups.departments);
  const owners = entries(cell('Owners'));
  if (owners.length > 0) {
    const ids = owners.map((address) => {
      const id = lookups.staffByEmail.get(address);
      if (id === undefined) fail('Owners', `no staff user with the address ${address}`);
      return id ?? '';
    });
    body.ownerIds = ids;
  }
  const newExternalUsers: string[] = [];
  const assignees = entries(cell('External Users'));
  if (assignees.length > 0) {
    body.externalUsers = assignees.map((address) => {
      const id = lookups.externalUsersByEmail.get(address);
      if (id !== undefined) return { id };
      if (!lookups.createExternalUsers) {
        fail('External Users', `no external user with the address ${address} (the import does not create them)`);
        return { id: '' };
      }
      newExternalUsers.push(address);
      const name = nameFromAddress(address);
      return { givenName: name, familyName: name, email: address };
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  const parsed = (schemas[kind] as z.ZodMiniType).safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => {
        const field = issue.path[0];
        const column = typeof field === 'string' ? (columnOfField[field] ?? field) : '';
        const missing = issue.code === 'invalid_type' && issue.input === undefined;
        return { row: rowNumber, column, problem: missing ? 'is required' : issue.message };
      }),
    };
  }
  const id = cell('ID');
  return {
    ok: true,
    ...(id !== '' ? { id } : {}),
    body: parsed.data as RowBody<K>,
    newExternalUsers,
  };
}

/**
 * What is wrong with a file's header row: an unknown or repeated column, or a required one
 * missing (headers compare trimmed and in any case). Undefined when nothing; otherwise the
 * headers as the template spells them, by position.
 */
export function readHeader(
  kind: ImportKind,
  header: readonly string[],
): { columns: string[] } | { problems: { column: string; problem: string }[] } {
  const known = new Map(templateColumns[kind].map((column) => [column.toLowerCase(), column]));
  const problems: { column: string; problem: string }[] = [];
  const columns: string[] = [];
  for (const raw of header) {
    const name = raw.trim();
    const column = known.get(name.toLowerCase());
    if (!column) problems.push({ column: name, problem: 'is not a column of the template' });
    else if (columns.includes(column)) problems.push({ column: name, problem: 'appears twice' });
    else columns.push(column);
  }
  for (const column of requiredColumns[kind]) {
    if (!columns.includes(column)) problems.push({ column, problem: 'is missing' });
  }
  return problems.length > 0 ? { problems } : { columns };
}

const sameTime = (a: string | undefined, b: string | undefined) =>
  a === b || (a !== undefined && b !== undefined && new Date(a).getTime() === new Date(b).getTime());

const sameList = (a: readonly string[] = [], b: readonly string[] = []) =>
  a.length === b.length && a.every((entry, i) => entry === b[i]);

/**
 * What an update row changes on the item as it is now, as the fields of `PATCH /jobs/{id}` (or
 * incidents) without `version`: the row is the item's whole template state, so an empty optional
 * cell removes that setting (null) and an empty Status, Owners or Description keeps it. Nothing
 * changed: an empty object (the row is skipped).
 */
export function rowChanges(
  kind: ImportKind,
  current: TemplateItem,
  body: RowBody<ImportKind>,
): Record<string, unknown> {
  const next = body as RowBody<ImportKind> & Partial<Record<'dueAt' | 'raisedAt' | 'categoryId' | 'severity', unknown>>;
  const changes: Record<string, unknown> = {};
  if (next.title !== current.title) changes.title = next.title;
  if (next.description !== undefined && next.description !== (current.description ?? '')) {
    changes.description = next.description;
  }
  if (next.status !== undefined && next.status !== current.status) changes.status = next.status;
  if (next.location.text !== current.location.text) changes.location = next.location;
  if (next.ownerIds !== undefined && !sameList(next.ownerIds, current.ownerIds)) changes.ownerIds = next.ownerIds;
  const optional = [
    'departmentId',
    'privacyStatusId',
    'customerId',
    'siteId',
    ...(kind === 'jobs' ? ['categoryId'] : []),
  ];
  for (const field of optional) {
    const wanted = (next as Record<string, unknown>)[field];
    const now = (current as unknown as Record<string, unknown>)[field];
    if (wanted !== now) changes[field] = wanted ?? null;
  }
  if (kind === 'jobs') {
    if (!sameTime(next.dueAt as string, current.dueAt)) changes.dueAt = next.dueAt;
  } else {
    if (!sameTime(next.raisedAt as string, current.raisedAt)) changes.raisedAt = next.raisedAt;
    if (next.severity !== current.severity) changes.severity = next.severity;
  }
  const assignees = next.externalUsers ?? [];
  const known = assignees.every((ref) => 'id' in ref);
  const wantedIds = assignees.flatMap((ref) => ('id' in ref ? [ref.id] : []));
  if (!known || !sameList([...wantedIds].sort(), [...(current.externalUsers ?? [])].sort())) {
    changes.externalUsers = assignees;
  }
  return changes;
}
