import { idToken } from './auth';

/** Where the API is: `config.js`, written by whoever serves the console, sets it. */
const config = (globalThis as { FIELDPASS_CONFIG?: { apiUrl?: string } }).FIELDPASS_CONFIG;
const apiUrl = (config?.apiUrl ?? '').replace(/\/$/, '');

/** The API refused: its status, stable code and message (which names the field for a 400). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    // biome-ignore lint/suspicious/noExplicitAny: details differ per error code
    readonly details?: any,
  ) {
    super(message);
  }
}

/** Called when the API answers 401: the session is gone and the user must sign in again. */
let onSignedOut: () => void = () => undefined;
export const whenSignedOut = (handler: () => void) => {
  onSignedOut = handler;
};

/** Calls the API as the signed-in staff user; throws {@link ApiError} on anything but 2xx. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const token = await idToken();
  if (!token) {
    onSignedOut();
    throw new ApiError(401, 'UNAUTHORIZED', 'Sign in again.');
  }
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (res.ok) return parsed as T;
  if (res.status === 401) onSignedOut();
  const error = parsed?.error;
  // A 400 names the field: `details` is a list of { path: 'body.title', message }.
  const issue = Array.isArray(error?.details) ? error.details[0] : undefined;
  const base = error?.message ?? parsed?.message ?? res.statusText;
  const message = issue?.path ? `${base}: ${issue.path.replace(/^body\./, '')} ${issue.message ?? ''}`.trim() : base;
  throw new ApiError(res.status, error?.code ?? `HTTP_${res.status}`, message, error?.details);
}

/** A query string of the given values, leaving out empty ones. */
export function query(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values))
    if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
