import { describe, expect, it } from 'vitest';
import {
  importedCell,
  readHeader,
  readTemplateRow,
  rowChanges,
  type TemplateLookups,
  templateColumns,
  templateRow,
} from '../../functions/imports/import-template';
import { neutralisedCell } from '../../functions/reports/report-csv';

const lookups = (over: Partial<TemplateLookups> = {}): TemplateLookups => ({
  staffByEmail: new Map([
    ['ann@example.com', 'staff-ann'],
    ['bob@example.com', 'staff-bob'],
  ]),
  externalUsersByEmail: new Map([['steward@example.com', 'xu-1']]),
  categories: [{ id: 'cat-1', name: 'Stewarding' }],
  departments: [{ id: 'dep-1', name: 'Security' }],
  privacyStatuses: [{ id: 'ps-1', name: 'Secret' }],
  createExternalUsers: false,
  ...over,
});

const jobRow = (over: Record<string, string> = {}) => ({
  ID: '',
  Title: 'Gate checks',
  Description: '',
  Status: 'open',
  'Due Date': '2027-01-31T09:00:00Z',
  Category: 'stewarding',
  Owners: 'Ann@example.com; bob@example.com',
  Location: 'Gate A',
  'Privacy Status': '',
  Department: 'Security',
  'Customer ID': '',
  'Site ID': '',
  'External Users': 'steward@example.com',
  ...over,
});

describe('import template rows', () => {
  it('reads a job row into the body POST /jobs validates, settings by name and people by address', () => {
    const read = readTemplateRow('jobs', 2, jobRow(), lookups());
    expect(read).toEqual({
      ok: true,
      body: {
        title: 'Gate checks',
        status: 'open',
        dueAt: '2027-01-31T09:00:00Z',
        categoryId: 'cat-1',
        ownerIds: ['staff-ann', 'staff-bob'],
        location: { text: 'Gate A' },
        departmentId: 'dep-1',
        externalUsers: [{ id: 'xu-1' }],
      },
      newExternalUsers: [],
    });
  });

  it('names row, column and problem for an unknown owner, category and a bad date', () => {
    const read = readTemplateRow('jobs', 7, jobRow({ Owners: 'nobody@example.com', Category: 'Catering' }), lookups());
    expect(read).toEqual({
      ok: false,
      errors: [
        { row: 7, column: 'Category', problem: 'no category named "Catering" in this account' },
        { row: 7, column: 'Owners', problem: 'no staff user with the address nobody@example.com' },
      ],
    });
    const date = readTemplateRow('jobs', 3, jobRow({ 'Due Date': 'next week' }), lookups());
    expect(date.ok).toBe(false);
    expect(!date.ok && date.errors[0]).toMatchObject({ row: 3, column: 'Due Date' });
  });

  it('uses the route schema: a missing title is required, an unknown status is refused', () => {
    const read = readTemplateRow('jobs', 4, jobRow({ Title: ' ', Status: 'dreaming' }), lookups());
    expect(read.ok).toBe(false);
    const columns = !read.ok ? read.errors.map((error) => error.column).sort() : [];
    expect(columns).toEqual(['Status', 'Title']);
  });

  it('makes an unknown external user a row error, or a new external user when the import creates them', () => {
    const row = jobRow({ 'External Users': 'steward@example.com; new.person@example.com' });
    const refused = readTemplateRow('jobs', 2, row, lookups());
    expect(refused).toMatchObject({
      ok: false,
      errors: [{ row: 2, column: 'External Users', problem: expect.stringContaining('new.person@example.com') }],
    });
    const created = readTemplateRow('jobs', 2, row, lookups({ createExternalUsers: true }));
    expect(created).toMatchObject({
      ok: true,
      body: {
        externalUsers: [
          { id: 'xu-1' },
          { givenName: 'new.person', familyName: 'new.person', email: 'new.person@example.com' },
        ],
      },
      newExternalUsers: ['new.person@example.com'],
    });
  });

  it('keeps an injection payload as text and takes off the quote an export put before it', () => {
    const payload = "=cmd|' /C calc'!A0";
    const plain = readTemplateRow('jobs', 2, jobRow({ Title: payload }), lookups());
    expect(plain.ok && plain.body.title).toBe(payload);
    const exported = readTemplateRow('jobs', 2, jobRow({ Title: neutralisedCell(payload) as string }), lookups());
    expect(exported.ok && exported.body.title).toBe(payload);
    expect(importedCell("'quoted on purpose")).toBe("'quoted on purpose");
  });

  it('reads an incident row with a severity level or number', () => {
    const row = {
      Title: 'Slip',
      'Raised At': '2026-12-01',
      Severity: 'High',
      Owners: 'ann@example.com',
      Location: 'Bar',
    };
    expect(readTemplateRow('incidents', 2, row, lookups())).toMatchObject({
      ok: true,
      body: { severity: 'high', raisedAt: '2026-12-01T00:00:00Z', ownerIds: ['staff-ann'] },
    });
    expect(readTemplateRow('incidents', 2, { ...row, Severity: '4' }, lookups())).toMatchObject({
      ok: true,
      body: { severity: 4 },
    });
  });

  it('turns an item into a row and back into the same fields (round trip): no changes', () => {
    const item = {
      id: 'job-1',
      title: '+SUM(A1) fireworks',
      description: 'Check the gates',
      status: 'open',
      dueAt: '2027-01-31T09:00:00.000Z',
      categoryId: 'cat-1',
      ownerIds: ['staff-ann'],
      location: { text: 'Gate A' },
      departmentId: 'dep-1',
      privacyStatusId: 'ps-1',
      externalUsers: ['xu-1'],
    };
    const directory = {
      staffEmail: (id: string) => (id === 'staff-ann' ? 'ann@example.com' : undefined),
      externalUserEmail: (id: string) => (id === 'xu-1' ? 'steward@example.com' : undefined),
      ...lookups(),
    };
    const row = templateRow('jobs', item, directory);
    expect(Object.keys(row).sort()).toEqual([...templateColumns.jobs].sort());
    expect(row).toMatchObject({ Category: 'Stewarding', 'Privacy Status': 'Secret', Owners: 'ann@example.com' });
    // As an export writes it: every cell neutralised.
    const exported = Object.fromEntries(
      Object.entries(row).map(([key, value]) => [key, neutralisedCell(value) as string]),
    );
    const read = readTemplateRow('jobs', 2, exported, lookups());
    expect(read.ok && read.id).toBe('job-1');
    expect(read.ok && rowChanges('jobs', item, read.body)).toEqual({});
    const edited = readTemplateRow('jobs', 2, { ...exported, Title: 'Renamed', Department: '' }, lookups());
    expect(edited.ok && rowChanges('jobs', item, edited.body)).toEqual({ title: 'Renamed', departmentId: null });
  });

  it('refuses unknown, repeated and missing header columns, in any case and spacing', () => {
    expect(readHeader('jobs', [' title ', 'DUE DATE', 'location'])).toEqual({
      columns: ['Title', 'Due Date', 'Location'],
    });
    expect(readHeader('jobs', ['Title', 'Title', 'Colour'])).toEqual({
      problems: [
        { column: 'Title', problem: 'appears twice' },
        { column: 'Colour', problem: 'is not a column of the template' },
        { column: 'Due Date', problem: 'is missing' },
        { column: 'Location', problem: 'is missing' },
      ],
    });
  });
});
