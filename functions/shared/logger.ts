import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

/** Keys whose values are secrets: link tokens, one-time codes, JWTs, passwords, sessions. */
const SECRET_KEY = /token|authorization|password|secret|session|^code$|otp|cookie|credential/i;
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

/** The structured JSON logger every function uses; `requestId` is appended per request. */
export const logger = new Logger({ serviceName: 'fieldpass', jsonReplacerFn: redact });

/**
 * A Lambda handler whose log lines carry its invocation's context (function, request id, cold
 * start), with the keys it appended dropped when it ends: what Powertools' `injectLambdaContext`
 * middleware does with `resetKeys` (less the per-invocation debug sampling, which FieldPass does
 * not turn on), as a plain function, so no bundle carries middy for it. The event is never logged
 * (R11): its bodies, images and headers hold link tokens, codes, sessions and addresses, and
 * POWERTOOLS_LOGGER_LOG_EVENT=true cannot change that, as nothing here asks.
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
