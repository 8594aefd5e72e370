import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { Callback, Context, Handler } from 'aws-lambda';
import {
  clientReportsEntry,
  notFoundEntry,
  portalAuthTriggerEntries,
  reactionsConsumerEntry,
  recordsConsumerEntry,
  routes,
  sesEventsEntry,
  workerEntry,
} from '../functions/routes';
import { levelOf, logger } from '../functions/shared/logger';
import { reactionsFilterPatterns, recordsFilterPatterns } from '../functions/streams/stream-interest';
import { portalSignInSettings } from '../lib/portal-sign-in-settings';
import { staffInvitation } from '../lib/staff-invitation';
import { streamConsumerSettings, workerQueueSettings, workerTimeoutSeconds } from '../lib/stream-consumer-settings';
import { startLocalCognito } from './cognito';
import { type PasswordHashing, usePasswordHashing } from './cognito/passwords';
import { startLocalControl } from './control-server';
import { ensureTable, localCredentials, localRegion, startDynamoDbLocal } from './dynamodb-local';
import { type SesEvent, startLocalS3, startLocalSes } from './email-and-files';
import { startLocalHttpApi } from './http-api';
import { lambdaContext, withinInvocation } from './lambda-runtime';
import { startLocalConsole, startLocalPortal } from './portal-server';
import { freePort, portInUse } from './ports';
import { LocalQueue, startLocalQueuePoller, startLocalSqs } from './sqs';
import { startLocalEventSourceMapping } from './streams';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Where `npm start` keeps its data and its lock: `.local/` in the repository, or
 * FIELDPASS_DATA_DIR, so a second checkout or a test never touches yours.
 */
export const localDataDir = process.env.FIELDPASS_DATA_DIR
  ? resolve(process.env.FIELDPASS_DATA_DIR)
  : join(repoRoot, '.local');

/** Ports `npm start` uses; each can be moved with an environment variable. */
export const defaultPorts = {
  api: Number(process.env.FIELDPASS_API_PORT ?? 3000),
  dynamodb: Number(process.env.FIELDPASS_DYNAMODB_PORT ?? 8000),
  ses: Number(process.env.FIELDPASS_SES_PORT ?? 8005),
  s3: Number(process.env.FIELDPASS_S3_PORT ?? 4569),
  cognito: Number(process.env.FIELDPASS_COGNITO_PORT ?? 9229),
  /** The SQS stand-in (the background worker's queue). */
  sqs: Number(process.env.FIELDPASS_SQS_PORT ?? 9324),
  control: Number(process.env.FIELDPASS_CONTROL_PORT ?? 3001),
  /** The portal page (web/), where e-mailed links point. */
  portal: Number(process.env.FIELDPASS_PORTAL_PORT ?? 5173),
  /** The staff console (web/console/), where owner e-mails point (`staffUrl`). */
  staff: Number(process.env.FIELDPASS_STAFF_PORT ?? 5174),
};

/** The local staff pool mirrors the CDK one: e-mail sign-in, immutable tenant attribute. */
export const localStaffPool = { id: 'local_StaffPool', clientId: 'localstaffclient' } as const;
/** The local portal pool mirrors the CDK one: CUSTOM_AUTH and PostAuthentication with the same trigger modules, a client secret, 10-minute sessions, 24-hour tokens. */
export const localPortalPool = {
  id: 'local_PortalPool',
  clientId: 'localportalclient',
  /** Staff impersonation sessions (decision 0006): 30-minute tokens, read-only in the API. */
  impersonationClientId: 'localimpersonationclient',
} as const;
export const localTableName = 'fieldpass-local';
export const localBucketName = 'fieldpass-attachments-local';
/** The exports bucket's local stand-in (private, no CORS: files are fetched through presigned GETs). */
export const localExportsBucketName = 'fieldpass-exports-local';
export const localSenderEmail = 'no-reply@fieldpass.local';
/** The SES configuration set every e-mail is sent in (its events go to the deliverability handler). */
export const localConfigurationSet = 'fieldpass-local';
/** The background worker's queue and its dead-letter queue, as the SQS stand-in names them. */
export const localWorkerQueueName = 'fieldpass-worker-local';
export const localWorkerDeadLetterQueueName = 'fieldpass-worker-dead-letters-local';

export interface LocalStackOptions {
  /** A throwaway run: nothing is read from or written to `dataDir`. */
  inMemory: boolean;
  /** `default` for `npm start`, `free` for tests (any free ports). */
  ports: 'default' | 'free';
  /** Where data is kept between runs. @default `.local/` in the repository */
  dataDir?: string;
  /** No access log lines. */
  quiet?: boolean;
  log?: (line: string) => void;
  /**
   * Puts something in front of DynamoDB Local (the bench's counting proxy, bench/proxy.ts): given
   * DynamoDB Local's endpoint, it answers the endpoint every client of the stack uses instead (the
   * handlers, the triggers, the worker and both stream consumers' mappings); its `stop` runs with
   * the stack's.
   */
  dynamoDbFront?: (endpoint: string) => Promise<{ endpoint: string; stop(): Promise<void> }>;
  /**
   * Scheduled work (the hourly client reports): `clock` runs it at each hour of the local clock,
   * as EventBridge does; `manual` only when the control server is asked
   * (`POST /schedules/client-reports/run`), so tests decide when it runs. @default 'clock'
   */
  schedules?: 'clock' | 'manual';
  /** The local Cognito's scrypt cost for new passwords: `fast` for test runs. @default 'standard' */
  passwordHashing?: PasswordHashing;
}

export interface LocalStack {
  apiUrl: string;
  /** The portal page, which the e-mailed links open. */
  portalUrl: string;
  /** The staff console, which owner e-mails open (`<staffUrl>/jobs/<id>`). */
  staffUrl: string;
  inboxUrl: string;
  cognitoUrl: string;
  controlUrl: string;
  /** The environment the handlers run with (endpoints, table, pools). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

class PortBusyError extends Error {}

async function choosePorts(mode: LocalStackOptions['ports']) {
  if (mode === 'free') {
    const entries = await Promise.all(Object.keys(defaultPorts).map(async (name) => [name, await freePort()] as const));
    return Object.fromEntries(entries) as typeof defaultPorts;
  }
  for (const [name, port] of Object.entries(defaultPorts)) {
    if (await portInUse(port)) {
      throw new PortBusyError(
        `Port ${port} (${name}) is already in use. Stop whatever uses it, or choose another port with FIELDPASS_${name.toUpperCase()}_PORT.`,
      );
    }
  }
  return defaultPorts;
}

/**
 * The portal pool's triggers: the very handler modules CDK deploys, loaded on first use (they
 * read their configuration at module load, which the stack sets after Cognito has started).
 */
export function portalAuthTriggers() {
  const load = (entry: string) => {
    let module: Promise<{ handler: Handler }> | undefined;
    return ((event: unknown, context: Context, callback: Callback) => {
      module ??= import(pathToFileURL(join(repoRoot, entry)).href) as Promise<{ handler: Handler }>;
      return module.then(({ handler }) => handler(event, context, callback));
    }) as never;
  };
  return {
    defineAuthChallenge: load(portalAuthTriggerEntries.defineAuthChallenge),
    createAuthChallenge: load(portalAuthTriggerEntries.createAuthChallenge),
    verifyAuthChallengeResponse: load(portalAuthTriggerEntries.verifyAuthChallengeResponse),
    postAuthentication: load(portalAuthTriggerEntries.postAuthentication),
  };
}

/**
 * Starts FieldPass on this machine with real stand-ins for AWS: DynamoDB Local (with its
 * stream), aws-ses-v2-local, s3rver, the local Cognito and the local HTTP API running the same
 * handler modules CDK deploys, the portal page (web/) the e-mailed links open, plus the local
 * event-source mappings feeding the two stream consumers, and the SQS stand-in and its poller
 * feeding the background worker.
 * Everything started is stopped again if a later step fails.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const ports = await choosePorts(options.ports);
  const scratch = options.inMemory ? mkdtempSync(join(tmpdir(), 'fieldpass-')) : undefined;
  const dataDir = scratch ?? options.dataDir ?? localDataDir;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    stops.length = 0;
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };
  // E-mailed links point at the portal page this stack serves; its origin is allowed by CORS.
  const portalUrl = `http://127.0.0.1:${ports.portal}`;
  // Owner e-mails link to the staff console this stack serves; its origin is allowed by CORS too.
  const staffUrl = `http://127.0.0.1:${ports.staff}`;
  try {
    const dynamo = await startDynamoDbLocal({
      port: ports.dynamodb,
      ...(options.inMemory ? {} : { dataDir: join(dataDir, 'dynamodb') }),
    });
    stops.push(dynamo.stop);
    const { streamArn } = await ensureTable(dynamo.client, localTableName);
    const front = options.dynamoDbFront ? await options.dynamoDbFront(dynamo.endpoint) : undefined;
    if (front) stops.push(front.stop);
    const dynamoEndpoint = front?.endpoint ?? dynamo.endpoint;
    log(`DynamoDB Local   ${dynamo.endpoint} (table ${localTableName}${options.inMemory ? ', in memory' : ''})`);

    // SES's events of the mailbox simulator's addresses go to the deployed handler module, as the
    // EventBridge rule delivers them (functions/deliverability/ses-events.handler.ts).
    let sesEvents: ((event: SesEvent, context: Context) => Promise<void>) | undefined;
    const ses = await startLocalSes(ports.ses, {
      onEvent: async (event) => {
        sesEvents ??= (
          (await import(pathToFileURL(join(repoRoot, sesEventsEntry)).href)) as {
            handler: (event: SesEvent, context: Context) => Promise<void>;
          }
        ).handler;
        const context = lambdaContext({ functionName: 'fieldpass-ses-events', timeoutMs: 30_000 });
        await withinInvocation(context, () => sesEvents?.(event, context));
      },
    });
    stops.push(ses.stop);
    const s3 = await startLocalS3({
      port: ports.s3,
      directory: join(dataDir, 's3'),
      bucket: localBucketName,
      credentials: localCredentials,
      corsOrigins: [portalUrl, staffUrl],
      privateBuckets: [localExportsBucketName],
    });
    stops.push(s3.stop);
    const invitationSender = new SESClient({
      endpoint: ses.apiUrl,
      region: localRegion,
      credentials: localCredentials,
    });
    usePasswordHashing(options.passwordHashing ?? 'standard');
    const cognito = await startLocalCognito({
      // Cognito e-mails new users their temporary password; so does the local one, to the inbox.
      sendInvitation: async ({ email, signInName, temporaryPassword }) => {
        await invitationSender.send(
          new SendEmailCommand({
            Source: localSenderEmail,
            Destination: { ToAddresses: [email] },
            Message: {
              Subject: { Data: staffInvitation.emailSubject },
              Body: {
                Text: {
                  Data: staffInvitation.emailBody
                    .replace('{username}', () => signInName)
                    .replace('{####}', () => temporaryPassword),
                },
              },
            },
          }),
        );
      },
      // Cognito e-mails a forgotten password's code; so does the local one, to the inbox.
      sendCode: async ({ email, code }) => {
        await invitationSender.send(
          new SendEmailCommand({
            Source: localSenderEmail,
            Destination: { ToAddresses: [email] },
            Message: {
              Subject: { Data: 'Your FieldPass password reset code' },
              Body: { Text: { Data: `Your password reset code is ${code}.` } },
            },
          }),
        );
      },
      port: ports.cognito,
      host: '127.0.0.1',
      ...(options.inMemory ? {} : { dataFile: join(dataDir, 'cognito.json') }),
      pools: [
        {
          id: localStaffPool.id,
          usernameAttributes: ['email'],
          immutableAttributes: ['custom:accountId'],
          preventUserExistenceErrors: true,
          clients: [
            {
              id: localStaffPool.clientId,
              explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
              idTokenValidityMinutes: 60,
              accessTokenValidityMinutes: 60,
              refreshTokenValidityDays: 30,
            },
          ],
        },
        {
          id: localPortalPool.id,
          immutableAttributes: ['custom:accountId'],
          preventUserExistenceErrors: true,
          authSessionValidityMinutes: portalSignInSettings.authSessionValidityMinutes,
          triggers: portalAuthTriggers(),
          clients: [
            {
              id: localPortalPool.clientId,
              // As deployed: only the API, which reads the secret from Cognito, can answer a session.
              generateSecret: true,
              explicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
              idTokenValidityMinutes: portalSignInSettings.tokenValidityHours * 60,
              accessTokenValidityMinutes: portalSignInSettings.tokenValidityHours * 60,
              refreshTokenValidityDays: portalSignInSettings.tokenValidityHours / 24,
            },
            {
              id: localPortalPool.impersonationClientId,
              generateSecret: true,
              explicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
              idTokenValidityMinutes: portalSignInSettings.impersonationTokenValidityMinutes,
              accessTokenValidityMinutes: portalSignInSettings.impersonationTokenValidityMinutes,
              refreshTokenValidityDays: 1 / 24,
            },
          ],
        },
      ],
    });
    stops.push(cognito.stop);

    // The background worker's queue, with its redrive policy, behind the SQS stand-in's endpoint.
    const sqsEndpoint = `http://127.0.0.1:${ports.sqs}`;
    const queueUrl = (name: string) => `${sqsEndpoint}/000000000000/${name}`;
    const workerDeadLetters = new LocalQueue({
      name: localWorkerDeadLetterQueueName,
      region: localRegion,
      url: queueUrl(localWorkerDeadLetterQueueName),
      visibilityTimeoutSeconds: 30,
    });
    const workerQueue = new LocalQueue({
      name: localWorkerQueueName,
      region: localRegion,
      url: queueUrl(localWorkerQueueName),
      visibilityTimeoutSeconds: workerQueueSettings.localVisibilityTimeoutSeconds,
      deadLetter: { queue: workerDeadLetters, maxReceiveCount: workerQueueSettings.maxReceiveCount },
    });
    const sqs = await startLocalSqs({ port: ports.sqs, queues: [workerQueue, workerDeadLetters] });
    stops.push(sqs.stop);

    const env: Record<string, string> = {
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamoEndpoint,
      AWS_ENDPOINT_URL_SES: ses.apiUrl,
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.url,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      WORKER_QUEUE_URL: workerQueue.url,
      WORKER_DEAD_LETTER_QUEUE_URL: workerDeadLetters.url,
      WORKER_DEAD_LETTER_QUEUE_ARN: workerDeadLetters.arn,
      S3_FORCE_PATH_STYLE: 'true',
      TABLE_NAME: localTableName,
      ATTACHMENTS_BUCKET: localBucketName,
      EXPORTS_BUCKET: localExportsBucketName,
      STAFF_USER_POOL_ID: localStaffPool.id,
      STAFF_USER_POOL_CLIENT_ID: localStaffPool.clientId,
      PORTAL_USER_POOL_ID: localPortalPool.id,
      PORTAL_USER_POOL_CLIENT_ID: localPortalPool.clientId,
      PORTAL_IMPERSONATION_CLIENT_ID: localPortalPool.impersonationClientId,
      SENDER_EMAIL: localSenderEmail,
      SES_CONFIGURATION_SET: localConfigurationSet,
      PORTAL_URL: portalUrl,
      STAFF_URL: staffUrl,
      POWERTOOLS_SERVICE_NAME: 'fieldpass',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? (options.quiet ? 'ERROR' : 'INFO'),
      // Metrics are EMF lines on stdout (functions/shared/metrics.ts): printed by npm start, not in tests.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? String(options.quiet === true),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    // The handlers run in this process and read their configuration at module load.
    Object.assign(process.env, env);
    // The shared logger may have been made before that (a module this one imports loads it), with
    // the level it found then: give it the stack's, so a quiet stack logs only errors.
    logger.setLogLevel(levelOf(env.POWERTOOLS_LOG_LEVEL) ?? 'INFO');

    // Each answered request ends the stream mappings' idle pause: its writes are delivered at once.
    let nudgeStreams = () => {};
    const api = await startLocalHttpApi({
      port: ports.api,
      routes,
      notFoundEntry,
      repoRoot,
      staffAuthorizer: {
        issuer: cognito.issuer(localStaffPool.id),
        jwksUrl: cognito.jwksUrl(localStaffPool.id),
        audience: [localStaffPool.clientId],
      },
      portalAuthorizer: {
        issuer: cognito.issuer(localPortalPool.id),
        jwksUrl: cognito.jwksUrl(localPortalPool.id),
        audience: [localPortalPool.clientId, localPortalPool.impersonationClientId],
      },
      corsOrigins: [portalUrl, staffUrl],
      onAnswered: () => nudgeStreams(),
      ...(options.quiet ? {} : { accessLog: log }),
    });
    stops.push(api.stop);

    const portal = await startLocalPortal({ port: ports.portal, apiUrl: api.url, connectOrigins: [s3.url] });
    stops.push(portal.stop);
    log(`Portal page      ${portal.url} (web/, built with esbuild)`);
    const staffConsole = await startLocalConsole({
      port: ports.staff,
      apiUrl: api.url,
      cognitoUrl: cognito.url,
      clientId: localStaffPool.clientId,
      portalUrl: portal.url,
      connectOrigins: [s3.url],
    });
    stops.push(staffConsole.stop);
    log(`Staff console    ${staffConsole.url} (web/console/, built with esbuild)`);

    // The worker's e-mails link to GET /exports/{id} on this API.
    env.API_URL = api.url;
    process.env.API_URL = api.url;

    // The table stream's two readers, as in AWS: the records consumer and the reactions consumer,
    // each on a mapping of its own with its own filter, reading through the same endpoint so the
    // bench holds and counts both.
    type Handler = Parameters<typeof startLocalEventSourceMapping>[0]['handler'];
    const streamMapping = async (entry: string, name: string, filters: Record<string, unknown>[]) => {
      const consumer = (await import(pathToFileURL(join(repoRoot, entry)).href)) as { handler: Handler };
      const started = await startLocalEventSourceMapping({
        streamArn,
        endpoint: dynamoEndpoint,
        region: localRegion,
        credentials: localCredentials,
        handler: consumer.handler,
        settings: streamConsumerSettings,
        filters,
        functionName: `fieldpass-${name}-consumer`,
        ...(options.inMemory
          ? {}
          : {
              checkpointFile: join(dataDir, `${name}-stream-checkpoints.json`),
              deadLetterFile: join(dataDir, `${name}-dead-letters.json`),
            }),
      });
      stops.push(() => started.stop());
      return started;
    };
    const records = await streamMapping(recordsConsumerEntry, 'records', recordsFilterPatterns());
    const reactions = await streamMapping(reactionsConsumerEntry, 'reactions', reactionsFilterPatterns());

    // The background worker (exports, imports) on its queue, as its SQS event-source mapping runs it.
    const worker = (await import(pathToFileURL(join(repoRoot, workerEntry)).href)) as {
      handler: Parameters<typeof startLocalQueuePoller>[0]['handler'];
    };
    const workerPoller = startLocalQueuePoller({
      queue: workerQueue,
      handler: worker.handler,
      batchSize: workerQueueSettings.batchSize,
      reportBatchItemFailures: workerQueueSettings.reportBatchItemFailures,
      region: localRegion,
      functionName: 'fieldpass-worker',
      timeoutMs: workerTimeoutSeconds * 1000,
    });
    stops.push(() => workerPoller.stop());
    nudgeStreams = () => {
      records.nudge();
      reactions.nudge();
    };

    // The hourly client reports: the module CDK's rule invokes, on a local clock tests can set.
    let clockOffset = 0;
    const localNow = () => new Date(Date.now() + clockOffset);
    type ReportsEvent = { time: string; accountId?: string };
    let reports: Promise<{ handler: (event: ReportsEvent, context: Context) => Promise<unknown> }> | undefined;
    const runClientReports = async (run: { at?: Date; accountId?: string } = {}) => {
      reports ??= import(pathToFileURL(join(repoRoot, clientReportsEntry)).href);
      const { handler } = await reports;
      const event: ReportsEvent = {
        time: (run.at ?? localNow()).toISOString(),
        ...(run.accountId ? { accountId: run.accountId } : {}),
      };
      return handler(event, { functionName: 'fieldpass-client-reports' } as Context);
    };
    if ((options.schedules ?? 'clock') === 'clock') {
      let lastHour = Math.floor(localNow().getTime() / 3_600_000);
      const timer = setInterval(() => {
        const hour = Math.floor(localNow().getTime() / 3_600_000);
        if (hour === lastHour) return;
        lastHour = hour;
        runClientReports().catch((error: Error) => log(`Client reports run failed: ${error.message}`));
      }, 30_000);
      timer.unref();
      stops.push(async () => clearInterval(timer));
    }

    const control = await startLocalControl({
      schedules: {
        now: localNow,
        setNow: (at) => {
          clockOffset = at.getTime() - Date.now();
        },
        runClientReports,
      },
      port: ports.control,
      // A drain waits for both stream readers and the worker's queue, and for SES's events of what
      // they sent, then for the records those events wrote (their audit entries); again while the
      // queue took a message meanwhile (an export's next step comes through the stream).
      // Both consumers' dead letters are listed together, as their one bucket in AWS holds them.
      mapping: {
        drained: async () => {
          for (;;) {
            const accepted = workerQueue.accepted;
            await Promise.all([records.drained(), reactions.drained()]);
            await workerPoller.drained();
            await ses.settled();
            await Promise.all([records.drained(), reactions.drained()]);
            await workerPoller.drained();
            if (workerQueue.accepted === accepted) return;
          }
        },
        deadLetters: {
          list: () =>
            [...records.deadLetters.list(), ...reactions.deadLetters.list()].sort((a, b) =>
              a.message.timestamp.localeCompare(b.message.timestamp),
            ),
          replay: (id: string) =>
            records.deadLetters.list().some((deadLetter) => deadLetter.id === id)
              ? records.deadLetters.replay(id)
              : reactions.deadLetters.replay(id),
        },
      },
      sesEvents: ses.events,
    });
    stops.push(control.stop);

    return {
      apiUrl: api.url,
      portalUrl: portal.url,
      staffUrl: staffConsole.url,
      inboxUrl: ses.url,
      cognitoUrl: cognito.url,
      controlUrl: control.url,
      env: {
        ...env,
        FIELDPASS_API_URL: api.url,
        FIELDPASS_PORTAL_URL: portal.url,
        FIELDPASS_STAFF_URL: staffConsole.url,
        FIELDPASS_INBOX_URL: ses.url,
        FIELDPASS_CONTROL_URL: control.url,
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
