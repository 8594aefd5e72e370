import { Logger } from '@aws-lambda-powertools/logger';

/** Keys whose values are secrets: link tokens, one-time codes, JWTs, passwords, sessions. */
const SECRET_KEY = /token|authorization|password|secret|session|^code$|otp|cookie|credential/i;
/** A JWT anywhere in a string (three base64url parts). */
const JWT = /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{5,}/g;

/**
 * Redacts secrets before a log line is serialised. FieldPass never logs events or bodies, and
 * this is the second line of defence (SECURITY.md R11): a secret that reaches the logger anyway
 * by its key name or a JWT inside a message leaves as "[redacted]".
 */
export function redact(key: string, value: unknown): unknown {
  if (key !== '' && SECRET_KEY.test(key) && value !== undefined && value !== null && typeof value !== 'object') {
    return '[redacted]';
  }
  if (typeof value === 'string') return value.replace(JWT, '[redacted-jwt]');
  return value;
}

/** The structured JSON logger every function uses; `requestId` is appended per request. */
export const logger = new Logger({ serviceName: 'fieldpass', jsonReplacerFn: redact });
