import { inject } from 'vitest';

const controlUrl = () => inject('localEnv').FIELDPASS_CONTROL_URL;

/** Waits until the local stack's stream consumer has handled every record written so far. */
export async function drainStreams(): Promise<void> {
  const res = await fetch(`${controlUrl()}/streams/drain`, { method: 'POST' });
  if (res.status !== 204) throw new Error(`drain: ${res.status} ${await res.text()}`);
}

/** A dead-lettered stream batch, as the local on-failure destination keeps it. */
export interface DeadLetterEntry {
  id: string;
  message: {
    requestContext: { condition: string; approximateInvokeCount: number };
    DDBStreamBatchInfo: { startSequenceNumber: string; endSequenceNumber: string; batchSize: number };
  };
}

/** The stream batches the local stack's consumer gave up on, oldest first. */
export async function deadLetters(): Promise<DeadLetterEntry[]> {
  const res = await fetch(`${controlUrl()}/dead-letters`);
  return ((await res.json()) as { items: DeadLetterEntry[] }).items;
}
