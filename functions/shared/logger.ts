import type { Context } from 'aws-lambda';

/** Keys whose values are secrets: link tokens, one-time codes, JWTs, passwords, sessions. */
const SECRET_KEY = /token|authorization|password|secret|session|^code$|otp|cookie|credential|api-?key/i;
/** A JWT anywhere in a string (three base64url parts). */
const JWT = /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{5,}/g;
/** A Cognito session (AWS Encryption SDK ciphertext, base64: it begins `AYAB`) anywhere in a string. */
const COGNITO_SESSION = /AYAB[\w+/=-]{60,}/g;
/** A link token in a portal URL's fragment. */
const LINK_FRAGMENT = /#\/l\/[\w-]{20,}/g;
/** A JSON member inside a string (a request body, say), for when the string is not JSON as a whole. */
const JSON_MEMBER = /"([^"\\]{1,64})"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*)/g;
/** A `name=value` pair of a query string or form body. */
const FORM_PAIR = /(^|[?&;\s])([\w.-]{1,64})=([^&;\s"]*)/g;

const isSecretKey = (key: string) => key !== '' && SECRET_KEY.test(key);

/** A string as it may be logged: secrets found by value are replaced. */
function redactString(value: string): string {
  const text = value.trim();
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      // A JSON body: redact its members by key, and its strings by value, all the way down.
      return JSON.stringify(JSON.parse(text), redact);
    } catch {
      // Not JSON after all: the patterns below still apply.
    }
  }
  return value
    .replace(JWT, '[redacted-jwt]')
    .replace(COGNITO_SESSION, '[redacted-session]')
    .replace(LINK_FRAGMENT, '#/l/[redacted]')
    .replace(JSON_MEMBER, (member, key: string, colon: string) =>
      isSecretKey(key) ? `"${key}"${colon}"[redacted]"` : member,
    )
    .replace(FORM_PAIR, (pair, start: string, key: string) => (isSecretKey(key) ? `${start}${key}=[redacted]` : pair));
}

/**
 * Redacts secrets before a log line is serialised. FieldPass never logs events or bodies (no
 * handler asks the logger to, see `withLambdaContext`), and this is the second line of defence (docs/security.md
 * R11): a secret that reaches the logger anyway leaves as "[redacted]", whether found by its key
 * name or by its value: a JWT, a Cognito session or a link in any string, and the secret members
 * of a JSON or form body held in a string (a request's `body`).
 */
export function redact(key: string, value: unknown): unknown {
  if (isSecretKey(key) && value !== undefined && value !== null && typeof value !== 'object') {
    return '[redacted]';
  }
  if (typeof value === 'string') return redactString(value);
  return value;
}

/** Log levels, as Powertools and Lambda's advanced logging controls name them. */
const levels = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
export type LogLevel = keyof typeof levels;

/** The level a name stands for (any case), or undefined for a name that is not one. */
export const levelOf = (name: string | undefined): LogLevel | undefined => {
  const upper = name?.toUpperCase();
  return upper && Object.hasOwn(levels, upper) ? (upper as LogLevel) : undefined;
};

/** What a line says of the invocation (Powertools' names, so log queries keep working). */
interface InvocationFacts {
  cold_start: boolean;
  function_arn: string;
  function_memory_size: number;
  function_name: string;
  function_request_id: string;
}

/** One invocation's log state: its Lambda context and the keys appended while it runs. */
interface Invocation {
  facts?: InvocationFacts;
  keys: Record<string, unknown>;
}

/** The Lambda runtime's InvokeStore, as far as this module uses it (see `invocation`). */
interface InvokeStore {
  hasContext(): boolean;
  get(key: symbol): unknown;
  set(key: symbol, value: unknown): void;
  getXRayTraceId?(): string | undefined;
}
const runtime = globalThis as { awslambda?: { InvokeStore?: InvokeStore } };
const invocationKey = Symbol.for('fieldpass.logger.invocation');
const shared: Invocation = { keys: {} };

/**
 * The current invocation's log state. A classic Lambda environment runs one invocation at a time:
 * one module-level state, reset by `withLambdaContext`. A runtime that takes concurrent
 * invocations (Lambda Managed Instances; the local stack's, local/lambda-runtime.ts) says so in
 * AWS_LAMBDA_MAX_CONCURRENCY and runs each invocation in its own InvokeStore context: the state
 * lives there, as Powertools keeps its own, so one invocation's keys never reach another's lines.
 */
function invocation(): Invocation {
  const store = process.env.AWS_LAMBDA_MAX_CONCURRENCY ? runtime.awslambda?.InvokeStore : undefined;
  if (!store?.hasContext()) return shared;
  let current = store.get(invocationKey) as Invocation | undefined;
  if (!current) {
    current = { keys: {} };
    store.set(invocationKey, current);
  }
  return current;
}

/** An error as a log line shows it (Powertools' shape): name, where it was thrown, message, stack. */
function errorFacts(error: Error): Record<string, unknown> {
  const location = /\((.*):(\d+):(\d+)\)/
    .exec(error.stack ?? '')
    ?.slice(1, 3)
    .join(':');
  return {
    name: error.name,
    location: location ?? '',
    message: error.message,
    stack: error.stack,
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  };
}

/** `redact`, also writing errors as their facts and big integers as text, as Powertools did. */
function replacer(key: string, value: unknown): unknown {
  if (value instanceof Error) return errorFacts(value);
  if (typeof value === 'bigint') return value.toString();
  return redact(key, value);
}

let coldStart = true;

/**
 * The structured JSON logger every function uses: one JSON line per entry, with the level,
 * message, time, service, the invocation's Lambda context (`function_request_id`, `cold_start` …,
 * the field names of Powertools Logger, which FieldPass used until issue 17), the X-Ray trace id,
 * the keys appended for the request and the entry's own attributes; secrets redacted
 * (`redact`). The level is POWERTOOLS_LOG_LEVEL (or Lambda's AWS_LAMBDA_LOG_LEVEL), INFO by default.
 *
 * Written here rather than taken from Powertools: its Logger (with the commons it pulls) weighs
 * about 20 kB in every one of the 110 bundles, where the budget of issue 17 (250 kB with the SDK
 * inside) has no such room, and FieldPass uses only what is above. See docs/decisions/0003.
 */
class Logger {
  private level: LogLevel =
    levelOf(process.env.AWS_LAMBDA_LOG_LEVEL) ??
    levelOf(process.env.POWERTOOLS_LOG_LEVEL) ??
    levelOf(process.env.LOG_LEVEL) ??
    'INFO';

  constructor(private readonly service: string) {}

  /** Sets the level from now on (tests turn logging up or down with it). */
  setLogLevel(level: LogLevel): void {
    this.level = level;
  }

  debug(message: string, ...extras: unknown[]): void {
    this.write('DEBUG', message, extras);
  }
  info(message: string, ...extras: unknown[]): void {
    this.write('INFO', message, extras);
  }
  warn(message: string, ...extras: unknown[]): void {
    this.write('WARN', message, extras);
  }
  error(message: string, ...extras: unknown[]): void {
    this.write('ERROR', message, extras);
  }

  /** Adds keys to every line of the current invocation, until `resetKeys`. */
  appendKeys(keys: Record<string, unknown>): void {
    Object.assign(invocation().keys, keys);
  }

  /** Drops the keys appended during the invocation. */
  resetKeys(): void {
    invocation().keys = {};
  }

  /** Puts the invocation's Lambda context in every line it logs. */
  addContext(context: Context): void {
    invocation().facts = {
      cold_start: coldStart,
      function_arn: context.invokedFunctionArn,
      function_memory_size: Number(context.memoryLimitInMB),
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    };
    coldStart = false;
  }

  private write(level: LogLevel, message: string, extras: unknown[]): void {
    if (levels[level] < levels[this.level]) return;
    const { facts, keys } = invocation();
    const traceId =
      runtime.awslambda?.InvokeStore?.getXRayTraceId?.() ?? process.env._X_AMZN_TRACE_ID?.match(/Root=([^;]+)/)?.[1];
    const line: Record<string, unknown> = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.service,
      ...facts,
      ...(traceId ? { xray_trace_id: traceId } : {}),
      ...keys,
    };
    for (const extra of extras) {
      if (extra instanceof Error) line.error = extra;
      else if (typeof extra === 'object' && extra !== null) Object.assign(line, extra);
      else if (extra !== undefined) line.extra = extra;
    }
    let text: string;
    try {
      text = JSON.stringify(line, replacer);
    } catch {
      // A circular attribute: the line still says what happened, without its attributes.
      text = JSON.stringify({ level, message, timestamp: line.timestamp, service: this.service, ...facts }, replacer);
    }
    (levels[level] >= levels.WARN ? process.stderr : process.stdout).write(`${text}\n`);
  }
}

/** The structured JSON logger every function uses; `requestId` is appended per request. */
export const logger = new Logger('fieldpass');

/**
 * A Lambda handler whose log lines carry its invocation's context (function, request id, cold
 * start), with the keys it appended dropped when it ends. The event is never logged (R11): its
 * bodies, images and headers hold link tokens, codes, sessions and addresses, and nothing here
 * can be switched to log it (Powertools' POWERTOOLS_LOGGER_LOG_EVENT no longer applies).
 */
export function withLambdaContext<E, R>(run: (event: E) => Promise<R>) {
  return async (event: E, context: Context): Promise<R> => {
    logger.addContext(context);
    try {
      return await run(event);
    } finally {
      logger.resetKeys();
    }
  };
}
