import { describe, expect, it } from 'vitest';
import { auditEventOf } from '../../functions/audit/audit-event';
import { exportDownload, exportRecord } from '../../functions/shared/data/keys';
import { streamChange as change } from '../support/events';

describe('audit events of exports', () => {
  const record = {
    entity: 'Export',
    id: 'exp-1',
    report: 'jobs',
    format: 'csv',
    query: { status: 'open', columns: 'title' },
    requestedBy: 'u-1',
    status: 'queued',
  };

  it('records an export started: who, which report, its filters and columns, the format', () => {
    const event = auditEventOf(
      change({ eventName: 'INSERT', entity: 'Export', keys: { ...exportRecord('acc-1', 'exp-1') }, newImage: record }),
    );
    expect(event).toEqual({
      accountId: 'acc-1',
      subject: { type: 'export', id: 'exp-1' },
      actor: { kind: 'staff', id: 'u-1' },
      action: 'export_started',
      details: { report: 'jobs', format: 'csv', query: { status: 'open', columns: 'title' } },
    });
  });

  it('names the template layout of an export started in it', () => {
    const event = auditEventOf(
      change({
        eventName: 'INSERT',
        entity: 'Export',
        keys: { ...exportRecord('acc-1', 'exp-1') },
        newImage: { ...record, layout: 'template', query: {} },
      }),
    );
    expect(event?.details).toEqual({ report: 'jobs', format: 'csv', layout: 'template', query: {} });
  });

  it('records nothing for the worker’s progress on the export (a MODIFY)', () => {
    const keys = { ...exportRecord('acc-1', 'exp-1') };
    const running = { ...record, status: 'running', rowsWritten: 1000 };
    expect(auditEventOf(change({ entity: 'Export', keys, oldImage: record, newImage: running }))).toBeUndefined();
  });

  it('records a download link issued, by the requester it was issued to', () => {
    const event = auditEventOf(
      change({
        eventName: 'INSERT',
        entity: 'ExportDownload',
        keys: { ...exportDownload('acc-1', 'exp-1', '2026-12-06T10:00:00.000Z', 'r-1') },
        newImage: {
          entity: 'ExportDownload',
          exportId: 'exp-1',
          report: 'audit',
          format: 'xlsx',
          downloadedBy: 'u-1',
          downloadedAt: '2026-12-06T10:00:00.000Z',
        },
      }),
    );
    expect(event).toEqual({
      accountId: 'acc-1',
      subject: { type: 'export', id: 'exp-1' },
      actor: { kind: 'staff', id: 'u-1' },
      action: 'export_downloaded',
      details: { report: 'audit', format: 'xlsx' },
    });
  });
});
