import { describe, expect, it } from 'vitest';
import { auditEventOf } from '../../functions/audit/audit-event';
import { importRecord } from '../../functions/shared/data/keys';
import { streamChange as change } from '../support/events';

describe('audit events of imports', () => {
  const previewed = {
    entity: 'Import',
    id: 'imp-1',
    kind: 'jobs',
    format: 'xlsx',
    createdBy: 'u-1',
    status: 'previewed',
    preview: { rows: 3, create: 2, update: 0, skip: 0, invalid: 1 },
  };
  const modify = (oldImage: Record<string, unknown>, newImage: Record<string, unknown>) =>
    auditEventOf(
      change({
        eventName: 'MODIFY',
        entity: 'Import',
        keys: { ...importRecord('acc-1', 'imp-1') },
        oldImage,
        newImage,
      }),
    );

  it('records a commit that left out the rows with errors: how many and which rows', () => {
    const event = modify(previewed, {
      ...previewed,
      status: 'committing',
      skipInvalidRows: true,
      summary: {
        created: 0,
        updated: 0,
        skipped: 0,
        failed: 0,
        failures: [],
        invalidSkipped: 1,
        invalidRows: [{ row: 3, problems: [{ column: 'Due Date', problem: 'is required' }] }],
      },
    });
    expect(event).toEqual({
      accountId: 'acc-1',
      subject: { type: 'import', id: 'imp-1' },
      actor: { kind: 'staff', id: 'u-1' },
      action: 'import_committed',
      details: {
        kind: 'jobs',
        format: 'xlsx',
        rows: 3,
        create: 2,
        update: 0,
        skipInvalidRows: true,
        invalidSkipped: 1,
        invalidRows: [3],
      },
    });
  });

  it('records a whole commit as skipping no rows', () => {
    const clean = { ...previewed, preview: { ...previewed.preview, invalid: 0 } };
    expect(modify(clean, { ...clean, status: 'committing' })?.details).toMatchObject({ skipInvalidRows: false });
  });

  it('files no entry for a chunk of a commit under way, nor for validation', () => {
    const committing = { ...previewed, status: 'committing' };
    expect(modify(committing, { ...committing, progress: { rowsApplied: 25, rowsTotal: 50 } })).toBeUndefined();
    expect(modify({ ...previewed, status: 'validating' }, previewed)).toBeUndefined();
  });
});
