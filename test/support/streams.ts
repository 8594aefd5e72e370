import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { inject } from 'vitest';
import type { DeadLetter } from '../../local/streams';

const controlUrl = () => inject('localEnv').FIELDPASS_CONTROL_URL;

/** Waits until the local stack's stream consumer has handled every record written so far. */
export async function drainStreams(): Promise<void> {
  const res = await fetch(`${controlUrl()}/streams/drain`, { method: 'POST' });
  if (res.status !== 204) throw new Error(`drain: ${res.status} ${await res.text()}`);
}

/** The stream batches the local stack's consumer gave up on, oldest first. */
export async function deadLetters(): Promise<DeadLetter[]> {
  const res = await fetch(`${controlUrl()}/dead-letters`);
  return ((await res.json()) as { items: DeadLetter[] }).items;
}

/**
 * The stream record DynamoDB's TTL process writes when it removes an expired item: a REMOVE by
 * the service itself, as Lambda delivers it. Local DynamoDB never expires items, so tests that
 * follow an expiry hand this to the stream consumer.
 */
export function ttlRemoval(
  key: { pk: string; sk: string },
  oldImage: Record<string, unknown>,
  sequenceNumber = '900000000000000000101',
): DynamoDBRecord {
  return {
    eventID: randomUUID(),
    eventName: 'REMOVE',
    eventSource: 'aws:dynamodb',
    userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
    dynamodb: {
      Keys: marshall(key) as never,
      OldImage: marshall(oldImage, { removeUndefinedValues: true }) as never,
      SequenceNumber: sequenceNumber,
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}
