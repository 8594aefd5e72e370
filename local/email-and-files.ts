import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import sesModule from 'aws-ses-v2-local';
import S3rver from 's3rver';
import S3rverAccount from 's3rver/lib/models/account.js';
import { closeServer, freePort, listenOn } from './ports';

/**
 * Recipients SES refuses: addresses at the `.invalid` top-level domain, which RFC 2606 reserves
 * so that it can never exist. Real SES rejects mail it cannot send (sandbox recipients not
 * verified, suppressed addresses); the gate below refuses these locally the same way, so the
 * failure path (`emailStatus: failed`, its audit entry, the other records going on) runs end to end.
 */
export const refusedRecipient = /\.invalid$/i;

/** SES's answer to a refused message, in its Query protocol's error shape. */
const messageRejected = (address: string) =>
  `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>MessageRejected</Code><Message>Email address is not verified. The following identities failed the check: ${address}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;

/** The first refused recipient of an SES v1 request body (form-encoded `Destination.*.member.N`). */
function refusedIn(body: string): string | undefined {
  for (const [name, value] of new URLSearchParams(body)) {
    if (/^Destination\.\w+Addresses\.member\.\d+$/.test(name) && refusedRecipient.test(value)) return value;
  }
  return undefined;
}

/**
 * Starts `aws-ses-v2-local`: it accepts SES SendEmail/SendRawEmail (v1, what @aws-sdk/client-ses
 * sends) and v2, keeps every message in memory, shows them at `/` (the inbox page) and as JSON at
 * `/store`. The SDK talks to it through a small gate on `apiUrl` that passes everything on except
 * messages to `refusedRecipient` addresses, which it refuses as SES does (MessageRejected).
 */
export async function startLocalSes(port: number): Promise<{ url: string; apiUrl: string; stop(): Promise<void> }> {
  const start = ((sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule) as unknown as (config: {
    host: string;
    port: number;
  }) => Promise<Server>;
  const server = await start({ host: '127.0.0.1', port });
  const gate = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const refused = refusedIn(body.toString('utf8'));
      if (refused) {
        res.writeHead(400, { 'content-type': 'text/xml' }).end(messageRejected(refused));
        return;
      }
      const forward = request(
        { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      forward.end(body);
    });
  });
  const gatePort = await freePort();
  await listenOn(gate, gatePort);
  return {
    url: `http://127.0.0.1:${port}`,
    apiUrl: `http://127.0.0.1:${gatePort}`,
    stop: async () => {
      await closeServer(gate);
      await closeServer(server);
    },
  };
}

/** The CDK bucket's CORS rule (lib/constructs/attachments-bucket.ts) as S3's XML, which s3rver reads. */
function corsXml(origins: string[]): string {
  const rule = [
    ...origins.map((origin) => `<AllowedOrigin>${origin}</AllowedOrigin>`),
    ...['PUT', 'POST', 'GET', 'HEAD'].map((method) => `<AllowedMethod>${method}</AllowedMethod>`),
    '<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>',
  ].join('');
  return `<CORSConfiguration><CORSRule>${rule}</CORSRule></CORSConfiguration>`;
}

/**
 * Starts `s3rver` with the attachments bucket. Objects live under `directory` (kept across
 * restarts unless it is a throwaway directory). s3rver does not check SigV4 signatures or
 * size limits; the product code still signs and limits for AWS.
 */
export async function startLocalS3(options: {
  port: number;
  directory: string;
  bucket: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Origins the bucket's CORS rule allows, as the CDK bucket's (the portal's). @default none */
  corsOrigins?: string[];
  /** More private buckets, without CORS (the exports bucket). @default none */
  privateBuckets?: string[];
}) {
  mkdirSync(options.directory, { recursive: true });
  // s3rver knows one access key (S3RVER) and refuses others; the product signs its URLs with the
  // same local credentials as every other client, so s3rver's account is given that key too.
  S3rverAccount.DUMMY_ACCOUNT.createKeyPair(options.credentials.accessKeyId, options.credentials.secretAccessKey);
  const s3rver = new S3rver({
    port: options.port,
    address: '127.0.0.1',
    silent: true,
    directory: options.directory,
    configureBuckets: [
      { name: options.bucket, configs: options.corsOrigins?.length ? [corsXml(options.corsOrigins)] : [] },
      ...(options.privateBuckets ?? []).map((name) => ({ name, configs: [] })),
    ],
  });
  await s3rver.run();
  return {
    url: `http://127.0.0.1:${options.port}`,
    stop: () => s3rver.close(),
  };
}
