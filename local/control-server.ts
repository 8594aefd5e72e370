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

/**
 * A small local-only HTTP endpoint beside the API (never deployed): tests wait on it until the
 * stream has drained, and a developer lists or replays dead-lettered stream batches.
 * - `POST /streams/drain` answers 204 once every record written so far has been handled;
 * - `GET /dead-letters` lists the on-failure messages;
 * - `POST /dead-letters/{id}/replay` hands that batch to the stream consumer again;
 * - `GET /ses-events` lists the SES events the mailbox simulator reported (bounces, complaints, deliveries).
 */
export async function startLocalControl(options: {
  port: number;
  mapping: ControllableMapping;
  sesEvents?: () => unknown[];
}) {
  const server = createServer((req, res) => {
    const reply = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    const replay = /^\/dead-letters\/([^/]+)\/replay$/.exec(url.pathname);
    const work =
      req.method === 'POST' && url.pathname === '/streams/drain'
        ? options.mapping.drained().then(() => reply(204))
        : req.method === 'GET' && url.pathname === '/dead-letters'
          ? Promise.resolve(options.mapping.deadLetters.list()).then((items) => reply(200, { items }))
          : req.method === 'GET' && url.pathname === '/ses-events'
            ? Promise.resolve(reply(200, { items: options.sesEvents?.() ?? [] }))
            : req.method === 'POST' && replay?.[1]
              ? options.mapping.deadLetters
                  .replay(decodeURIComponent(replay[1]))
                  .then((result) => reply(200, { result }))
              : Promise.resolve(reply(404, { error: { code: 'NOT_FOUND', message: 'Unknown control route' } }));
    work.catch((error: Error) => reply(500, { error: { code: 'INTERNAL', message: error.message } }));
  });
  await listenOn(server, options.port);
  return {
    url: `http://127.0.0.1:${options.port}`,
    stop: () => closeServer(server),
  };
}
