import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { handler as sesEvents } from '../../functions/deliverability/ses-events.handler';
import type { SesEvent } from '../../local/email-and-files';
import { type EventQueue, type QueuedEvent, replaySesEventDeadLetters } from '../../scripts/ses-event-dead-letters';
import { daysFromNow } from '../support/dates';
import { api, newAccountWithAdmin, send, type Tenant } from '../support/staff-session';
import { drainStreams } from '../support/streams';

/**
 * `npm run replay-dead-letters -- --ses-events`' replay, through the local stack: an SES event the
 * deliverability function failed on waits in the EventBridge target's SQS dead-letter queue, its
 * body the event itself; the replay hands it to the real handler module, which marks the recipient
 * (audited by the stream consumer), and deletes it. The queue here keeps SQS's semantics in memory
 * (no SQS stand-in runs locally): a received message is hidden until deleted or until its
 * visibility timeout passes.
 */
class MemoryQueue implements EventQueue {
  readonly messages = new Map<string, string>();
  readonly #hidden = new Set<string>();

  send(body: string): string {
    const id = randomUUID();
    this.messages.set(id, body);
    return id;
  }

  async receive(): Promise<QueuedEvent[]> {
    const visible = [...this.messages].filter(([id]) => !this.#hidden.has(id)).slice(0, 10);
    for (const [id] of visible) this.#hidden.add(id);
    return visible.map(([id, body]) => ({ id, body, receipt: `receipt-${id}` }));
  }

  async remove(receipt: string): Promise<void> {
    this.messages.delete(receipt.replace(/^receipt-/, ''));
  }

  /** The visibility timeout passes: messages received and not deleted are visible again. */
  timeOut(): void {
    this.#hidden.clear();
  }
}

describe("replaying the SES events' dead-letter queue", () => {
  let t: Tenant;
  let template: SesEvent;

  const simulator = (kind: 'bounce' | 'complaint') => `${kind}+${randomUUID().slice(0, 8)}@simulator.amazonses.com`;
  const external = async (email: string) => {
    const res = await send('POST', '/external-users', t.token, { givenName: 'Dee', familyName: 'Letter', email });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };
  const activityOf = async (externalUserId: string) => {
    const res = await api(`/external-activity?externalUserId=${externalUserId}&limit=100`, { token: t.token });
    expect(res.status).toBe(200);
    return (res.body.items as { action: string }[]).filter((entry) => entry.action === 'email_undeliverable');
  };
  /** The event SES would have reported of a message to `address`, the external user `id`. */
  const bounceOf = (id: string, address: string) => {
    const detail = template.detail as { mail: Record<string, unknown>; bounce: Record<string, unknown> };
    const at = new Date().toISOString();
    return {
      ...template,
      id: randomUUID(),
      detail: {
        ...detail,
        mail: {
          ...detail.mail,
          messageId: randomUUID(),
          destination: [address],
          timestamp: at,
          tags: { accountId: [t.account.id], recipientKind: ['external'], recipientId: [id] },
        },
        bounce: { ...detail.bounce, bouncedRecipients: [{ emailAddress: address }], timestamp: at },
      },
    };
  };
  const invoke = (event: unknown) => sesEvents.run(event);

  beforeAll(async () => {
    t = await newAccountWithAdmin('ses-dead-letters');
    // One real bounce from the local mailbox simulator, as the shape of the events below.
    const address = simulator('bounce');
    const bounced = await external(address);
    const job = await send('POST', '/jobs', t.token, {
      title: 'Template bounce',
      dueAt: daysFromNow(30),
      location: { text: 'Gate' },
      ownerIds: [t.admin.id],
      externalUsers: [{ id: bounced.id }],
    });
    expect(job.status).toBe(201);
    await drainStreams();
    const res = await fetch(`${inject('localEnv').FIELDPASS_CONTROL_URL}/ses-events`);
    const { items } = (await res.json()) as { items: SesEvent[] };
    const found = items.find(
      (event) =>
        event['detail-type'] === 'Email Bounced' &&
        (event.detail.mail as { destination: string[] }).destination.includes(address),
    );
    if (!found) throw new Error('no bounce event from the mailbox simulator');
    template = found;
  });

  it('hands a waiting bounce to the function, which marks the address (audited), and deletes it; a second run finds nothing', async () => {
    const address = simulator('bounce');
    const dee = await external(address);
    const queue = new MemoryQueue();
    const id = queue.send(JSON.stringify(bounceOf(dee.id, address)));

    expect(await replaySesEventDeadLetters(queue, invoke)).toEqual({ replayed: [id], failed: [] });

    expect((await api(`/external-users/${dee.id}`, { token: t.token })).body.deliverability).toMatchObject({
      status: 'bounced',
      reason: 'hard_bounce',
    });
    await drainStreams();
    expect(await activityOf(dee.id)).toHaveLength(1);
    expect(queue.messages.size).toBe(0);
    queue.timeOut();
    expect(await replaySesEventDeadLetters(queue, invoke)).toEqual({ replayed: [], failed: [] });
  });

  it('is idempotent: the same event replayed again (or after it was applied) marks nothing more and adds no audit entry', async () => {
    const address = simulator('bounce');
    const eve = await external(address);
    const event = JSON.stringify(bounceOf(eve.id, address));
    const queue = new MemoryQueue();
    const ids = [queue.send(event), queue.send(event)];

    expect((await replaySesEventDeadLetters(queue, invoke)).replayed).toEqual(ids);

    const marked = (await api(`/external-users/${eve.id}`, { token: t.token })).body.deliverability;
    queue.send(event);
    await replaySesEventDeadLetters(queue, invoke);
    expect((await api(`/external-users/${eve.id}`, { token: t.token })).body.deliverability).toEqual(marked);
    await drainStreams();
    expect(await activityOf(eve.id)).toHaveLength(1);
  });

  it('leaves a message that is not an event in the queue, naming why, and replays the others', async () => {
    const address = simulator('bounce');
    const fay = await external(address);
    const queue = new MemoryQueue();
    const broken = queue.send('{"detail": ');
    const good = queue.send(JSON.stringify(bounceOf(fay.id, address)));

    const outcome = await replaySesEventDeadLetters(queue, invoke);

    expect(outcome.replayed).toEqual([good]);
    expect(outcome.failed).toEqual([{ id: broken, error: expect.stringContaining('JSON') }]);
    expect([...queue.messages.keys()]).toEqual([broken]);
    expect((await api(`/external-users/${fay.id}`, { token: t.token })).body.deliverability.status).toBe('bounced');
  });
});
