import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { onFailureRecord } from '../../local/streams/dead-letter-store';
import { compareSequenceNumbers, toLambdaRecord } from '../../local/streams/lambda-stream-record';

const streamArn = 'arn:aws:dynamodb:ddblocal:000000000000:table/fieldpass-local/stream/2026-01-01T00:00:00.000';

/** A record as the SDK's GetRecords hands it over (dates parsed, binary as bytes). */
function sdkRecord(overrides: Partial<_Record> = {}): _Record {
  return {
    eventID: '7b8a5e0e-cdda-4fb0-8520-09f720fc3a17',
    eventName: 'MODIFY',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ddblocal',
    dynamodb: {
      ApproximateCreationDateTime: new Date('2026-01-01T10:20:30.000Z'),
      Keys: { pk: { S: 'ACC#acme' }, sk: { S: 'JOB#1' } },
      NewImage: {
        pk: { S: 'ACC#acme' },
        photo: { B: new Uint8Array([1, 2, 3]) },
        prints: { BS: [new Uint8Array([255])] },
        nested: { M: { list: { L: [{ N: '1' }, { BOOL: true }, { NULL: true }, { SS: ['x'] }, { NS: ['2'] }] } } },
      },
      OldImage: { pk: { S: 'ACC#acme' } },
      SequenceNumber: '000000000000000000002',
      SizeBytes: 32,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    ...overrides,
  };
}

describe('turning a GetRecords record into the record Lambda delivers', () => {
  it('adds the stream ARN, gives the creation time in epoch seconds and binary values in base64', () => {
    const record = toLambdaRecord(sdkRecord(), streamArn);

    expect(record).toEqual({
      eventID: '7b8a5e0e-cdda-4fb0-8520-09f720fc3a17',
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ddblocal',
      dynamodb: {
        ApproximateCreationDateTime: Date.parse('2026-01-01T10:20:30.000Z') / 1000,
        Keys: { pk: { S: 'ACC#acme' }, sk: { S: 'JOB#1' } },
        NewImage: {
          pk: { S: 'ACC#acme' },
          photo: { B: 'AQID' },
          prints: { BS: ['/w=='] },
          nested: { M: { list: { L: [{ N: '1' }, { BOOL: true }, { NULL: true }, { SS: ['x'] }, { NS: ['2'] }] } } },
        },
        OldImage: { pk: { S: 'ACC#acme' } },
        SequenceNumber: '000000000000000000002',
        SizeBytes: 32,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: streamArn,
    });
  });

  it('survives a JSON round trip unchanged, as a Lambda event must', () => {
    const record = toLambdaRecord(sdkRecord(), streamArn);

    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it("names the TTL process's identity as Lambda does: userIdentity { type, principalId }", () => {
    const record = toLambdaRecord(
      sdkRecord({ eventName: 'REMOVE', userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' } }),
      streamArn,
    );

    expect(record.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
  });

  it('refuses an attribute type it does not know rather than dropping it', () => {
    const odd = sdkRecord();
    (odd.dynamodb as { NewImage: unknown }).NewImage = { weird: { $unknown: ['X', 1] } };

    expect(() => toLambdaRecord(odd, streamArn)).toThrow('attribute type');
  });
});

describe('ordering sequence numbers', () => {
  it.each([
    ['1', '2', -1],
    ['10', '9', 1],
    ['000000000000000000010', '9', 1],
    ['400000000000000000000000001', '400000000000000000000000001', 0],
  ])('compares %s with %s numerically', (a, b, expected) => {
    expect(compareSequenceNumbers(a, b)).toBe(expected);
  });
});

describe("Lambda's on-failure record", () => {
  it('names the shard, the sequence range, arrival times and invocation count', () => {
    const records = ['5', '6', '7'].map((n, i) =>
      toLambdaRecord(
        sdkRecord({
          dynamodb: {
            SequenceNumber: n,
            ApproximateCreationDateTime: new Date(Date.UTC(2026, 0, 1, 10, 0, i)),
          },
        }),
        streamArn,
      ),
    );

    const message = onFailureRecord({
      records,
      shardId: 'shardId-00000001795451358272-eb562fd1',
      streamArn,
      functionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:fieldpass-stream-consumer',
      condition: 'RetryAttemptsExhausted',
      invokeCount: 4,
      lastInvocation: { requestId: '316aa6d0-8154-4e2f-9af7-85d5f4a6bc81', functionError: 'Unhandled' },
      now: new Date('2026-01-01T10:05:00.123Z'),
    });

    expect(message).toEqual({
      requestContext: {
        requestId: '316aa6d0-8154-4e2f-9af7-85d5f4a6bc81',
        functionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:fieldpass-stream-consumer',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 4,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: '2026-01-01T10:05:00.123Z',
      DDBStreamBatchInfo: {
        shardId: 'shardId-00000001795451358272-eb562fd1',
        startSequenceNumber: '5',
        endSequenceNumber: '7',
        approximateArrivalOfFirstRecord: '2026-01-01T10:00:00Z',
        approximateArrivalOfLastRecord: '2026-01-01T10:00:02Z',
        batchSize: 3,
        streamArn,
      },
      payload: JSON.stringify({ Records: records }),
    });
  });

  it('carries the batch whole, both images, as the S3 destination keeps it for a later replay', () => {
    const record = toLambdaRecord(
      sdkRecord({
        dynamodb: {
          SequenceNumber: '1',
          OldImage: { note: { S: 'before' } },
          NewImage: { note: { S: 'after' } },
        },
      }),
      streamArn,
    );

    const message = onFailureRecord({
      records: [record],
      shardId: 'shard',
      streamArn,
      functionArn: 'arn',
      condition: 'RecordAgeExceeded',
      invokeCount: 0,
      lastInvocation: undefined,
      now: new Date(),
    });

    const kept = JSON.parse(message.payload ?? '{}').Records[0];
    expect(kept.dynamodb.OldImage).toEqual({ note: { S: 'before' } });
    expect(kept.dynamodb.NewImage).toEqual({ note: { S: 'after' } });
    expect(message.responseContext).toEqual({ statusCode: 0, executedVersion: '$LATEST' });
  });

  it('refuses to describe an empty batch', () => {
    expect(() =>
      onFailureRecord({
        records: [],
        shardId: 'shard',
        streamArn,
        functionArn: 'arn',
        condition: 'RecordAgeExceeded',
        invokeCount: 0,
        lastInvocation: undefined,
        now: new Date(),
      }),
    ).toThrow('at least one record');
  });
});
