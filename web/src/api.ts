/** Where the API is: `config.js`, written by whoever serves the page, sets it before this script runs. */
const config = (globalThis as { FIELDPASS_CONFIG?: { apiUrl?: string } }).FIELDPASS_CONFIG;
const apiUrl = (config?.apiUrl ?? '').replace(/\/$/, '');

/** An answer of the API: the body on success, the error's stable code otherwise. */
export type ApiResult<T> =
  | { ok: true; status: number; body: T }
  | {
      ok: false;
      status: number;
      /** The FieldPass error code; API Gateway's own 401 has none and reads as UNAUTHORIZED. */
      code: string;
      message: string;
      // biome-ignore lint/suspicious/noExplicitAny: details differ per error code; each caller reads what its code carries
      details: any;
      /** Seconds from Retry-After, when the answer had one. */
      retryAfter?: number;
    };

/** The request never got an answer (offline, DNS, connection dropped). */
export class NetworkError extends Error {}

/**
 * Calls the API. The link token travels only in the `x-link-token` header and the ID token only
 * in `Authorization`: neither is ever put in a URL.
 */
export async function call<T>(
  method: string,
  path: string,
  options: { linkToken?: string; idToken?: string; body?: unknown } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {};
  if (options.linkToken) headers['x-link-token'] = options.linkToken;
  if (options.idToken) headers.authorization = `Bearer ${options.idToken}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${apiUrl}${path}`, {
      method,
      headers,
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch (error) {
    throw new NetworkError((error as Error).message);
  }
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (res.ok) return { ok: true, status: res.status, body: body as T };
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  const retry = Number(res.headers.get('retry-after'));
  return {
    ok: false,
    status: res.status,
    code: error?.code ?? (res.status === 401 ? 'UNAUTHORIZED' : `HTTP_${res.status}`),
    message: error?.message ?? (body as { message?: string } | undefined)?.message ?? res.statusText,
    details: error?.details,
    ...(Number.isFinite(retry) && retry > 0 ? { retryAfter: retry } : {}),
  };
}

/** A file straight to the bucket with the presigned URL's method and headers (no API in between). */
export async function upload(url: string, headers: Record<string, string>, file: Blob): Promise<boolean> {
  try {
    const res = await fetch(url, { method: 'PUT', headers, body: file, referrerPolicy: 'no-referrer' });
    return res.ok;
  } catch (error) {
    throw new NetworkError((error as Error).message);
  }
}

/**
 * Who an ID token names (`cognito:username`: the external user's id), read without checking it:
 * the page only uses it to offer Edit and Delete on the user's own comments and files, which the
 * API checks again.
 */
export function tokenUser(idToken: string | undefined): string | undefined {
  const payload = idToken?.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(
      payload
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(payload.length / 4) * 4, '='),
    );
    const user = (JSON.parse(json) as Record<string, unknown>)['cognito:username'];
    return typeof user === 'string' ? user : undefined;
  } catch {
    return undefined;
  }
}
