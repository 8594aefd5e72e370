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
