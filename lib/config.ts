/**
 * The deployment's configuration, read from CDK context (`-c key=value` or cdk.json) and checked
 * before any construct is created, so a typo fails the synth with the key's name instead of
 * producing a stack that deploys and then misbehaves.
 */
export interface FieldPassConfig {
  /** Deployment stage; part of every stack name. `prod` turns on retention and deletion protection. */
  stage: string;
  /** SES-verified address that Cognito (and later the mailers) send from. */
  senderEmail: string;
  /**
   * Public URL of the external users' portal when it is served under a domain of its own (fronting
   * the portal's CloudFront distribution elsewhere); absent means the distribution's own URL.
   * E-mailed links point there, and its origin is allowed by the API's and the bucket's CORS.
   */
  portalUrl?: string;
  /**
   * Public URL of the staff console when it is served under a domain of its own (fronting the
   * console's CloudFront distribution); absent means the distribution's own URL. Owner e-mails link
   * to an item there (`<staffUrl>/jobs/<id>`).
   */
  staffUrl?: string;
  /** SNS topic that alarms notify; none when absent. */
  alarmTopicArn?: string;
  /** Origins of the staff web client allowed by the HTTP API's CORS; empty means no CORS. */
  webOrigins: string[];
}

/** Defaults that let `cdk synth` run with no context at all. */
export const configDefaults = {
  stage: 'dev',
  senderEmail: 'no-reply@example.com',
} as const;

const STAGE = /^[a-z][a-z0-9-]{0,19}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/** Reads one context value: absent and empty strings both mean "not set". */
type ContextReader = (key: string) => unknown;

function optionalString(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context value "${key}" must be a string`);
  return value.trim();
}

/**
 * An origin as a browser sends it: scheme, host and port, nothing else. Plain http is allowed
 * only for a developer's own machine.
 */
function checkOrigin(key: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Context value "${key}" has "${value}", which is not a URL`);
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
  if (!secure) throw new Error(`Context value "${key}" has "${value}": use https (http only for localhost)`);
  return url.origin;
}

function readOrigins(read: ContextReader): string[] {
  const value = read('webOrigins');
  if (value === undefined || value === null || value === '') return [];
  // `-c webOrigins=a,b` arrives as a string; cdk.json may hold a list.
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!list) throw new Error('Context value "webOrigins" must be a comma-separated string or a list');
  return list
    .map((origin) => String(origin).trim())
    .filter((origin) => origin !== '')
    .map((origin) => {
      const normalised = checkOrigin('webOrigins', origin);
      if (normalised !== origin.replace(/\/$/, '')) {
        throw new Error(`Context value "webOrigins" has "${origin}": give an origin only, without a path`);
      }
      return normalised;
    });
}

/**
 * Reads and validates FieldPass's context values.
 *
 * @param read returns the raw context value for a key (e.g. `app.node.tryGetContext`)
 * @throws Error naming the context key when a value is malformed
 */
export function readConfig(read: ContextReader): FieldPassConfig {
  const stage = optionalString(read, 'stage') ?? configDefaults.stage;
  if (!STAGE.test(stage)) {
    throw new Error(`Context value "stage" must be 1–20 lowercase letters, digits or "-", starting with a letter`);
  }

  const senderEmail = optionalString(read, 'senderEmail') ?? configDefaults.senderEmail;
  if (!EMAIL.test(senderEmail)) throw new Error(`Context value "senderEmail" has "${senderEmail}", not an address`);

  const portalUrl = optionalString(read, 'portalUrl');
  if (portalUrl !== undefined) checkOrigin('portalUrl', portalUrl);

  const staffUrl = optionalString(read, 'staffUrl');
  if (staffUrl !== undefined) checkOrigin('staffUrl', staffUrl);

  const alarmTopicArn = optionalString(read, 'alarmTopicArn');
  if (alarmTopicArn !== undefined && !SNS_TOPIC_ARN.test(alarmTopicArn)) {
    throw new Error(`Context value "alarmTopicArn" has "${alarmTopicArn}", not an SNS topic ARN`);
  }

  return {
    stage,
    senderEmail,
    ...(portalUrl === undefined ? {} : { portalUrl }),
    ...(staffUrl === undefined ? {} : { staffUrl }),
    ...(alarmTopicArn === undefined ? {} : { alarmTopicArn }),
    webOrigins: readOrigins(read),
  };
}

/** Whether the stage holds real data: retention, deletion protection and longer log retention. */
export const isProduction = (config: Pick<FieldPassConfig, 'stage'>): boolean => config.stage === 'prod';
