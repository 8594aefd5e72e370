import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, AttributeValue as StreamAttributeValue } from 'aws-lambda';

export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

/** One stream record as a processor sees it: plain values instead of DynamoDB JSON. */
export interface StreamChange {
  eventName: StreamEventName;
  eventId: string;
  sequenceNumber: string;
  /** The item's `entity` (from the new image, else the old one); undefined when it has none. */
  entity: string | undefined;
  keys: Record<string, unknown>;
  /** The item after the change; absent for REMOVE. */
  newImage: Record<string, unknown> | undefined;
  /** The item before the change; absent for INSERT. */
  oldImage: Record<string, unknown> | undefined;
  /** DynamoDB's TTL process deleted the item: record it as an expiry, not as someone's action (R24). */
  isTtlExpiry: boolean;
  /** When DynamoDB wrote the change, to the second. */
  approximateCreationTime: Date | undefined;
}

const EVENT_NAMES = new Set<string>(['INSERT', 'MODIFY', 'REMOVE']);

/** The identity DynamoDB puts on the REMOVE records its TTL process causes. */
export function isTtlDeletion(record: DynamoDBRecord): boolean {
  const identity = record.userIdentity as { type?: unknown; principalId?: unknown } | undefined;
  return identity?.type === 'Service' && identity.principalId === 'dynamodb.amazonaws.com';
}

// Lambda delivers binary attributes base64-encoded; the SDK's unmarshall expects bytes, and
// gives them back as the Uint8Array a read through the SDK would.
const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

function toSdkAttribute(value: StreamAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: bytes(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(bytes) };
  if (value.M !== undefined) return { M: toSdkImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toSdkAttribute) };
  return value as AttributeValue;
}

function toSdkImage(image: Record<string, StreamAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toSdkAttribute(value)]));
}

function plain(image: Record<string, StreamAttributeValue> | undefined): Record<string, unknown> | undefined {
  return image ? unmarshall(toSdkImage(image)) : undefined;
}

/**
 * Reads a Lambda DynamoDB stream record into a StreamChange. Throws on a record that lacks
 * what every real record carries (event name, id, sequence number), so it fails loudly.
 */
export function toStreamChange(record: DynamoDBRecord): StreamChange {
  const stream = record.dynamodb;
  const sequenceNumber = stream?.SequenceNumber;
  if (!stream || !sequenceNumber) throw new Error('A stream record has no sequence number');
  if (!record.eventName || !EVENT_NAMES.has(record.eventName)) {
    throw new Error('A stream record has no valid event name');
  }
  if (!record.eventID) throw new Error('A stream record has no event id');
  const newImage = plain(stream.NewImage);
  const oldImage = plain(stream.OldImage);
  const entity = newImage?.entity ?? oldImage?.entity;
  return {
    eventName: record.eventName,
    eventId: record.eventID,
    sequenceNumber,
    entity: typeof entity === 'string' ? entity : undefined,
    keys: plain(stream.Keys) ?? {},
    newImage,
    oldImage,
    isTtlExpiry: isTtlDeletion(record),
    approximateCreationTime:
      stream.ApproximateCreationDateTime === undefined
        ? undefined
        : new Date(stream.ApproximateCreationDateTime * 1000),
  };
}
