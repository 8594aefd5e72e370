import { createServer } from 'node:http';
import { closeServer, listenOn } from './ports';

/** What the control server needs of the local event-source mapping. */
export interface ControllableMapping {
  drained(): Promise<void>;
  deadLetters: {
    list(): unknown[] | Promise<unknown[]>;
    replay(id: string): Promise<unknown>;
  };
}

/** The local clock of scheduled work and the runs it drives (`npm start`'s stand-in for EventBridge). */
export interface LocalSchedules {
  now(): Date;
  setNow(at: Date): void;
  /** Runs the client reports' scheduled handler once, at the local clock's time or `at`, for every account or one; answers what it did. */
  runClientReports(options?: { at?: Date; accountId?: string }): Promise<unknown>;
}

/** The JSON body of a request (an empty one is `{}`). */
function readJson(req: import('node:http').IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

/**
 * A small local-only HTTP endpoint beside the API (never deployed): tests wait on it until the
 * stream has drained, and a developer lists or replays dead-lettered stream batches.
 * - `POST /streams/drain` answers 204 once every record written so far has been handled;
 * - `GET /dead-letters` lists the on-failure messages;
 * - `POST /dead-letters/{id}/replay` hands that batch to the stream consumer again;
 * - `GET /clock` answers the local clock of scheduled work, `PUT /clock` `{"now": "<ISO time>"}` sets it
 *   (it then runs on from there);
 * - `POST /schedules/client-reports/run` runs the hourly client reports' handler once, now by the
 *   local clock, and answers what it did (as EventBridge would invoke it at that time); a body
 *   `{"at": "<ISO time>", "accountId": "…"}` runs it at that time (the clock untouched) for that
 *   account's subscriptions only, so test files running side by side keep to their own.
 */
export async function startLocalControl(options: {
  port: number;
  mapping: ControllableMapping;
  schedules?: LocalSchedules;
}) {
  const server = createServer((req, res) => {
    const reply = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    const replay = /^\/dead-letters\/([^/]+)\/replay$/.exec(url.pathname);
    const schedules = options.schedules;
    const scheduled = schedules ? scheduleRoute(req, url.pathname, schedules, reply) : undefined;
    const work = scheduled
      ? scheduled
      : req.method === 'POST' && url.pathname === '/streams/drain'
        ? options.mapping.drained().then(() => reply(204))
        : req.method === 'GET' && url.pathname === '/dead-letters'
          ? Promise.resolve(options.mapping.deadLetters.list()).then((items) => reply(200, { items }))
          : req.method === 'POST' && replay?.[1]
            ? options.mapping.deadLetters.replay(decodeURIComponent(replay[1])).then((result) => reply(200, { result }))
            : Promise.resolve(reply(404, { error: { code: 'NOT_FOUND', message: 'Unknown control route' } }));
    work.catch((error: Error) => reply(500, { error: { code: 'INTERNAL', message: error.message } }));
  });
  await listenOn(server, options.port);
  return {
    url: `http://127.0.0.1:${options.port}`,
    stop: () => closeServer(server),
  };
}

/** The clock and schedule routes, or undefined when the request is not one of them. */
function scheduleRoute(
  req: import('node:http').IncomingMessage,
  path: string,
  schedules: LocalSchedules,
  reply: (status: number, body?: unknown) => void,
): Promise<void> | undefined {
  if (path === '/clock' && req.method === 'GET') return Promise.resolve(reply(200, { now: schedules.now() }));
  if (path === '/clock' && req.method === 'PUT') {
    return readJson(req).then((body) => {
      const at = new Date(String(body.now));
      if (Number.isNaN(at.getTime()))
        return reply(400, { error: { code: 'INVALID_TIME', message: 'now: an ISO time' } });
      schedules.setNow(at);
      return reply(200, { now: schedules.now() });
    });
  }
  if (path === '/schedules/client-reports/run' && req.method === 'POST') {
    return readJson(req).then(async (body) => {
      const at = body.at === undefined ? schedules.now() : new Date(String(body.at));
      if (Number.isNaN(at.getTime()))
        return reply(400, { error: { code: 'INVALID_TIME', message: 'at: an ISO time' } });
      const accountId = typeof body.accountId === 'string' ? body.accountId : undefined;
      const outcome = await schedules.runClientReports({ at, ...(accountId ? { accountId } : {}) });
      return reply(200, { at, outcome });
    });
  }
  return undefined;
}
