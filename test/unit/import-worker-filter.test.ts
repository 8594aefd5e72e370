import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { importWorkStates } from '../../functions/imports/import-worker';
import { workerFilterPatterns, workerRecords } from '../../functions/streams/background-work';
import { reactionsFilterPatterns, recordsFilterPatterns } from '../../functions/streams/stream-interest';
import { passesFilters } from '../../local/streams/event-filter';

const change = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', image: Record<string, unknown>): DynamoDBRecord => ({
  eventID: 'e-1',
  eventName,
  eventSource: 'aws:dynamodb',
  dynamodb: {
    Keys: marshall({ pk: 'ACC#acc-1', sk: 'IMPORT#imp-1' }) as never,
    [eventName === 'REMOVE' ? 'OldImage' : 'NewImage']: marshall({
      pk: 'ACC#acc-1',
      sk: 'IMPORT#imp-1',
      ...image,
    }) as never,
    SequenceNumber: '1',
  },
});

describe('the import worker stream filter', () => {
  it('lets the worker through exactly the import states with work to do', () => {
    expect([...workerRecords.import.states]).toEqual([...importWorkStates]);
  });

  it('passes an import record changed into validating or committing', () => {
    for (const status of ['validating', 'committing']) {
      expect(passesFilters(workerFilterPatterns(), change('MODIFY', { entity: 'Import', status }))).toBe(true);
    }
  });

  it('passes no import at rest, no removal and no other record', () => {
    for (const status of ['awaiting_upload', 'previewed', 'rejected', 'committed']) {
      expect(passesFilters(workerFilterPatterns(), change('MODIFY', { entity: 'Import', status }))).toBe(false);
    }
    expect(passesFilters(workerFilterPatterns(), change('REMOVE', { entity: 'Import', status: 'committing' }))).toBe(
      false,
    );
    expect(passesFilters(workerFilterPatterns(), change('MODIFY', { entity: 'Job', status: 'committing' }))).toBe(
      false,
    );
  });

  it('lets an import reach the records consumer while it has work (its dispatch; a commit also audited), and never the reactions consumer', () => {
    for (const status of ['validating', 'committing']) {
      expect(passesFilters(recordsFilterPatterns(), change('MODIFY', { entity: 'Import', status })), status).toBe(true);
    }
    for (const status of ['awaiting_upload', 'previewed', 'rejected', 'committed']) {
      expect(passesFilters(recordsFilterPatterns(), change('MODIFY', { entity: 'Import', status })), status).toBe(
        false,
      );
    }
    for (const status of ['validating', 'committing', 'previewed']) {
      expect(passesFilters(reactionsFilterPatterns(), change('MODIFY', { entity: 'Import', status }))).toBe(false);
    }
  });
});
