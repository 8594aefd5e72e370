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
 * SES's mailbox simulator (its reserved addresses, a `+label` allowed): a message to `bounce@`
 * hard-bounces, one to `complaint@` is delivered and then complained about, one to `success@` is
 * delivered. The gate below reports them as SES would.
 */
export const simulatorRecipient = /^(success|bounce|complaint)(\+[^@]*)?@simulator\.amazonses\.com$/i;

/** An SES event as EventBridge delivers it from a configuration set's event destination. */
export interface SesEvent {
  version: '0';
  id: string;
  'detail-type': 'Email Delivered' | 'Email Bounced' | 'Email Complaint Received';
  source: 'aws.ses';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** What one sent message is, for its events: read from the SES v1 SendEmail form. */
interface SentMessage {
  messageId: string;
  timestamp: string;
  source: string;
  destination: string[];
  subject: string;
  configurationSet: string;
  tags: Record<string, string[]>;
}

const localAccount = '000000000000';

/**
 * The events SES publishes for a message to `address` (a simulator address), in the shape the
 * deployed EventBridge rule delivers (`detail` is SES's event publishing record): a Delivery, a
 * Permanent/General Bounce, or a Delivery then an abuse Complaint.
 */
export function simulatorEvents(message: SentMessage, address: string, now = new Date()): SesEvent[] {
  const kind = simulatorRecipient.exec(address)?.[1]?.toLowerCase();
  if (!kind) return [];
  const mail = {
    timestamp: message.timestamp,
    source: message.source,
    sendingAccountId: localAccount,
    messageId: message.messageId,
    destination: message.destination,
    headersTruncated: false,
    commonHeaders: { from: [message.source], to: message.destination, subject: message.subject },
    tags: {
      'ses:configuration-set': [message.configurationSet],
      'ses:from-domain': [message.source.split('@')[1] ?? ''],
      ...message.tags,
    },
  };
  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();
  const event = (detailType: SesEvent['detail-type'], detail: Record<string, unknown>, offsetMs: number): SesEvent => ({
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'aws.ses',
    account: localAccount,
    time: at(offsetMs),
    region: 'local',
    resources: [`arn:aws:ses:local:${localAccount}:configuration-set/${message.configurationSet}`],
    detail: { mail, ...detail },
  });
  const delivered = () =>
    event(
      'Email Delivered',
      {
        eventType: 'Delivery',
        delivery: {
          timestamp: at(1),
          processingTimeMillis: 1,
          recipients: [address],
          smtpResponse: '250 2.6.0 Message received',
        },
      },
      1,
    );
  if (kind === 'success') return [delivered()];
  if (kind === 'bounce') {
    return [
      event(
        'Email Bounced',
        {
          eventType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [
              {
                emailAddress: address,
                action: 'failed',
                status: '5.1.1',
                diagnosticCode: 'smtp; 550 5.1.1 user unknown',
              },
            ],
            timestamp: at(1),
            feedbackId: randomUUID(),
            reportingMTA: 'dns; simulator.amazonses.com',
          },
        },
        1,
      ),
    ];
  }
  return [
    delivered(),
    event(
      'Email Complaint Received',
      {
        eventType: 'Complaint',
        complaint: {
          complainedRecipients: [{ emailAddress: address }],
          timestamp: at(2),
          feedbackId: randomUUID(),
          complaintFeedbackType: 'abuse',
          userAgent: 'Amazon SES Mailbox Simulator',
        },
      },
      2,
    ),
  ];
}

/** The message an SES v2 SendEmail (JSON) sends, when it names a configuration set. */
function sentMessageV2(body: string, messageId: string): SentMessage | undefined {
  let sent: {
    FromEmailAddress?: string;
    Destination?: { ToAddresses?: string[] };
    ConfigurationSetName?: string;
    EmailTags?: { Name: string; Value: string }[];
    Content?: { Simple?: { Subject?: { Data?: string } } };
  };
  try {
    sent = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!sent.ConfigurationSetName) return undefined;
  return {
    messageId,
    timestamp: new Date().toISOString(),
    source: sent.FromEmailAddress ?? '',
    destination: sent.Destination?.ToAddresses ?? [],
    subject: sent.Content?.Simple?.Subject?.Data ?? '',
    configurationSet: sent.ConfigurationSetName,
    tags: Object.fromEntries((sent.EmailTags ?? []).map(({ Name, Value }) => [Name, [Value]])),
  };
}

/** The message an SES v1 SendEmail form sends, when it names a configuration set (without one SES publishes no events). */
function sentMessage(body: string, messageId: string): SentMessage | undefined {
  if (body.trimStart().startsWith('{')) return sentMessageV2(body, messageId);
  const form = new URLSearchParams(body);
  const configurationSet = form.get('ConfigurationSetName');
  if (form.get('Action') !== 'SendEmail' || !configurationSet) return undefined;
  const destination = [...form]
    .filter(([name]) => /^Destination\.ToAddresses\.member\.\d+$/.test(name))
    .map(([, v]) => v);
  const tags: Record<string, string[]> = {};
  for (let i = 1; form.has(`Tags.member.${i}.Name`); i++) {
    tags[form.get(`Tags.member.${i}.Name`) as string] = [form.get(`Tags.member.${i}.Value`) ?? ''];
  }
  return {
    messageId,
    timestamp: new Date().toISOString(),
    source: form.get('Source') ?? '',
    destination,
    subject: form.get('Message.Subject.Data') ?? '',
    configurationSet,
    tags,
  };
}

/**
 * Starts `aws-ses-v2-local`: it accepts SES SendEmail/SendRawEmail (v1, what @aws-sdk/client-ses
 * sends) and v2, keeps every message in memory, shows them at `/` (the inbox page) and as JSON at
 * `/store`. The SDK talks to it through a small gate on `apiUrl` that passes everything on except
 * messages to `refusedRecipient` addresses, which it refuses as SES does (MessageRejected). A
 * message sent in a configuration set to a mailbox simulator address (`simulatorRecipient`) is
 * kept and then reported to `onEvent` as SES's events (`simulatorEvents`), in the shape the
 * deployed EventBridge rule delivers; `events()` lists every event reported, `settled()` waits for
 * those under way.
 */
export async function startLocalSes(
  port: number,
  options: { onEvent?: (event: SesEvent) => Promise<void> } = {},
): Promise<{ url: string; apiUrl: string; stop(): Promise<void>; events(): SesEvent[]; settled(): Promise<void> }> {
  const reported: SesEvent[] = [];
  const underWay = new Set<Promise<void>>();
  const report = (body: string, answer: string) => {
    const messageId =
      /<MessageId>([^<]+)<\/MessageId>/.exec(answer)?.[1] ??
      /"MessageId"\s*:\s*"([^"]+)"/.exec(answer)?.[1] ??
      randomUUID();
    const message = sentMessage(body, messageId);
    if (!message || !options.onEvent) return;
    const events = message.destination.flatMap((address) => simulatorEvents(message, address));
    if (events.length === 0) return;
    const deliver = (async () => {
      for (const event of events) {
        reported.push(event);
        try {
          await options.onEvent?.(event);
        } catch (error) {
          // EventBridge would retry and then dead-letter; locally the failure is shown.
          console.error('SES event handler failed', (error as Error).message);
        }
      }
    })();
    underWay.add(deliver);
    void deliver.finally(() => underWay.delete(deliver));
  };
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
          const parts: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => parts.push(chunk));
          answer.on('end', () => {
            const text = Buffer.concat(parts);
            // Reported before the answer, so whoever waits on `settled()` after sending sees it.
            if ((answer.statusCode ?? 500) < 300) report(body.toString('utf8'), text.toString('utf8'));
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(text);
          });
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
    events: () => [...reported],
    settled: async () => {
      while (underWay.size > 0) await Promise.all([...underWay]);
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
