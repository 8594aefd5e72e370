import { performance } from 'node:perf_hooks';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { localCredentials, localRegion } from '../local/dynamodb-local';
import { type Item, type TableShape, touchedKeys } from './capacity';
import { type BenchClient, requestId } from './client';
import type { CountingProxy } from './proxy';
import { type Fixture, newExternalUser, newPortalJob } from './scenario';

/*
 * The timed part: latencies at 1, 8 and 32 concurrent clients, reported as ratios to a bare
 * GetItem measured in the same run, and the autosave soak. Timings are reported, never asserted.
 */

/** External users answering the load job, each signed in: the clients take turns on them. */
export interface LoadFixture {
  jobId: string;
  checklistId: string;
  itemIds: string[];
  users: { token: string }[];
}

export const concurrencyLevels = [1, 8, 32] as const;
const loadJobTitle = 'Match day safety sweep: load';
const loadItems = 32;

/**
 * A job of its own with 32 required text items and 8 signed-in external users who accepted the
 * terms. Each client of a run answers one item of its own, so no two clients race for a version.
 */
export async function setUpLoad(client: BenchClient, fixture: Fixture): Promise<LoadFixture> {
  const people = await Promise.all(Array.from({ length: 8 }, (_, i) => newExternalUser(client, fixture, `load${i}`)));
  const items = Array.from({ length: loadItems }, (_, i) => ({
    label: `Round ${String(i + 1).padStart(2, '0')}: anything to report?`,
    response: { type: 'text' },
    answer: 'Nothing to report.',
  }));
  const job = await newPortalJob(
    client,
    fixture,
    people.map((p) => p.id),
    { title: loadJobTitle, items },
  );
  await client.drain();
  const users: { token: string }[] = [];
  for (const person of people) {
    const [link] = (await client.linksTo(person.email)).slice(-1);
    if (!link) throw new Error(`no link for ${person.email}`);
    const token = await client.portalSignIn(link, person.email);
    await client.expect(200, 'POST', '/portal/terms/acceptance', { token, body: { version: fixture.termsVersion } });
    users.push({ token });
  }
  return { jobId: job.id, checklistId: job.checklistId, itemIds: job.itemIds, users };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;

/** `samples` calls of `call(client)` spread over `clients` concurrent clients; the latencies in ms. */
async function timed(clients: number, samples: number, call: (client: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (next < samples) {
        next++;
        const start = performance.now();
        await call(c);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

export interface LatencyLevel {
  clients: number;
  samples: number;
  /** Milliseconds, this machine: for reading the ratios, never compared between runs. */
  getItemMs: { p50: number; p99: number };
  portalLoad: { p50: number; p99: number };
  autosave: { p50: number; p99: number };
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/**
 * p50 and p99 of a bare GetItem (through the same proxy, in passing mode), a portal reload and an
 * autosave at each concurrency level. The stream consumer is held meanwhile: it runs in this same
 * process, and on AWS it has a Lambda of its own, so its work must not count against the request
 * path's latency; it catches up afterwards.
 */
export async function measureLatencies(
  load: LoadFixture,
  context: { client: BenchClient; proxy: CountingProxy; table: TableShape },
  samples: number,
  log: (line: string) => void,
): Promise<LatencyLevel[]> {
  const { client, proxy } = context;
  const dynamo = new DynamoDBClient({ endpoint: proxy.endpoint, region: localRegion, credentials: localCredentials });
  const tableName = process.env.TABLE_NAME as string;
  const versions = new Array<number>(load.itemIds.length).fill(0);
  let probeKey: Item | undefined;
  const getItem = async () => {
    const answer = await dynamo.send(new GetItemCommand({ TableName: tableName, Key: probeKey as never }));
    if (!answer.Item) throw new Error('the probe item is gone');
  };
  const portalLoad = async (c: number) => {
    const res = await client.api('GET', `/portal/jobs/${load.jobId}`, {
      token: load.users[c % load.users.length]?.token,
    });
    if (res.status !== 200) throw new Error(`portal load: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const autosave = async (c: number) => {
    const item = c % load.itemIds.length;
    const res = await client.api(
      'PUT',
      `/portal/jobs/${load.jobId}/checklists/${load.checklistId}/items/${load.itemIds[item]}/answer`,
      {
        token: load.users[c % load.users.length]?.token,
        body: { value: `Timed save ${versions[item]}`, version: versions[item], requestId: requestId() },
      },
    );
    if (res.status !== 200) throw new Error(`autosave: ${res.status} ${JSON.stringify(res.body)}`);
    versions[item] = res.body.version;
  };
  const levels: LatencyLevel[] = [];
  await client.drain();
  proxy.holdStreams();
  try {
    // Warm every path once (module load, connections) before anything is timed. The bare GetItem
    // reads the first item a portal load reads.
    proxy.count(true);
    const mark = proxy.mark();
    await portalLoad(0);
    await proxy.idle();
    const first = proxy
      .since(mark)
      .find((e) => e.observed && touchedKeys(context.table, e.operation, e.observed.input).length > 0);
    probeKey = first?.observed && touchedKeys(context.table, first.operation, first.observed.input)[0];
    proxy.count(false);
    proxy.clear();
    if (!probeKey) throw new Error('no item to probe: the portal load read nothing by key');
    await timed(1, 3, getItem);
    await timed(8, 8, portalLoad);
    await timed(8, 8, autosave);
    for (const clients of concurrencyLevels) {
      const n = Math.max(samples, clients * 4);
      const stats = (sorted: number[]) => ({ p50: r2(percentile(sorted, 50)), p99: r2(percentile(sorted, 99)) });
      const level: LatencyLevel = {
        clients,
        samples: n,
        getItemMs: stats(await timed(clients, n, getItem)),
        portalLoad: stats(await timed(clients, n, portalLoad)),
        autosave: stats(await timed(clients, n, autosave)),
      };
      levels.push(level);
      log(
        `  ${clients} clients: GetItem p50 ${level.getItemMs.p50} ms; portal load ×${r2(level.portalLoad.p50 / level.getItemMs.p50)}, autosave ×${r2(level.autosave.p50 / level.getItemMs.p50)}`,
      );
    }
  } finally {
    proxy.releaseStreams();
    dynamo.destroy();
  }
  await client.drain();
  return levels;
}

export interface SoakResult {
  autosaves: number;
  clients: number;
  /** Answers whose stored value and version are the last ones written: must equal `clients`. */
  lastWritesPresent: number;
  refused: number;
  /** E-mails to the owner that the checklist is ready (exactly once, however many saves). */
  reviewEmails: number;
  /** Saves per second on this machine: for reading only. */
  savesPerSecond: number;
  /** Seconds the stream consumer took to catch up after the last save, on this machine: for reading only. */
  streamCatchUpSeconds: number;
  ok: boolean;
}

/**
 * The soak: `total` autosaves by 32 concurrent clients, each answering an item of its own over and
 * over, with the stream consumer running as it would. Then, once the stream has drained, every
 * item's stored answer must be the last one its client wrote (value and version), and the owner
 * must have been e-mailed exactly once that the checklist is complete.
 */
export async function soak(
  load: LoadFixture,
  context: { client: BenchClient; fixture: Fixture },
  total: number,
  log: (line: string) => void,
): Promise<SoakResult> {
  const { client, fixture } = context;
  const clients = Math.min(32, load.itemIds.length);
  // Start from what the timed runs left.
  const current = await client.expect(200, 'GET', `/jobs/${load.jobId}/checklists`, { token: fixture.owner.token });
  const versions = new Map<string, number>(
    (current.items[0]?.answers ?? []).map((a: { checklistItemId: string; version: number }) => [
      a.checklistItemId,
      a.version,
    ]),
  );
  const last = new Map<string, { value: string; version: number }>();
  let refused = 0;
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const itemId = load.itemIds[c] as string;
      while (started < total) {
        const n = started++;
        const value = `Soak ${c} ${n}`;
        const res = await client.api(
          'PUT',
          `/portal/jobs/${load.jobId}/checklists/${load.checklistId}/items/${itemId}/answer`,
          {
            token: load.users[c % load.users.length]?.token,
            body: { value, version: versions.get(itemId) ?? 0, requestId: requestId() },
          },
        );
        if (res.status !== 200) {
          refused++;
          continue;
        }
        versions.set(itemId, res.body.version);
        last.set(itemId, { value, version: res.body.version });
      }
    }),
  );
  const seconds = (performance.now() - begin) / 1000;
  log(`  ${total} autosaves in ${seconds.toFixed(0)} s; draining the stream`);
  const backlogStart = performance.now();
  await client.drain(60 * 60_000);
  const catchUp = (performance.now() - backlogStart) / 1000;
  const stored = await client.expect(200, 'GET', `/jobs/${load.jobId}/checklists`, { token: fixture.owner.token });
  const answers = new Map<string, { value: unknown; version: number }>(
    (stored.items[0]?.answers ?? []).map((a: { checklistItemId: string; value: unknown; version: number }) => [
      a.checklistItemId,
      a,
    ]),
  );
  let present = 0;
  for (const [itemId, written] of last) {
    const answer = answers.get(itemId);
    if (answer?.value === written.value && answer.version === written.version) present++;
  }
  const reviewEmails = (await client.emailsTo(fixture.owner.email)).filter(
    (m) => m.subject === `Checklists ready for review: ${loadJobTitle}`,
  ).length;
  const result = {
    autosaves: total,
    clients,
    lastWritesPresent: present,
    refused,
    reviewEmails,
    savesPerSecond: Math.round(total / seconds),
    streamCatchUpSeconds: Math.round(catchUp),
    ok: present === clients && refused === 0 && reviewEmails === 1,
  };
  log(`  last writes present ${present}/${clients}, refused ${refused}, review e-mails ${reviewEmails}`);
  return result;
}
