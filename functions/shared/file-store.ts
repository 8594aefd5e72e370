import { fromEnv } from '@aws-sdk/credential-provider-env';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { optionalEnv, requireEnv } from './env';

/**
 * The attachments bucket, reached only through presigned URLs: a browser uploads and downloads
 * directly, and the functions sign (no S3 client in the bundles: signing is the SDK's own SigV4
 * signer, about 10 kB, where `@aws-sdk/client-s3` would add about 200 kB to functions already near
 * the 250 kB budget). Locally the endpoint is s3rver's (AWS_ENDPOINT_URL_S3, path style).
 */
const bucket = requireEnv('ATTACHMENTS_BUCKET');
const region = requireEnv('AWS_REGION');
const endpoint = optionalEnv('AWS_ENDPOINT_URL_S3', '');
const pathStyle = optionalEnv('S3_FORCE_PATH_STYLE', 'false') === 'true';

// Lambda hands a function its role's credentials in the environment; so does the local stack.
const signer = new SignatureV4({
  service: 's3',
  region,
  credentials: fromEnv(),
  // The SDK's own SHA-256 (node:crypto), the one its clients sign with: already in every bundle.
  sha256: Sha256,
  // S3 signs the path as sent, not escaped twice.
  uriEscapePath: false,
  applyChecksum: false,
});

function locate(key: string) {
  const path = `/${key.split('/').map(encodeURIComponent).join('/')}`;
  if (endpoint) {
    const url = new URL(endpoint);
    return {
      protocol: url.protocol,
      hostname: pathStyle ? url.hostname : `${bucket}.${url.hostname}`,
      port: url.port ? Number(url.port) : undefined,
      path: pathStyle ? `/${bucket}${path}` : path,
    };
  }
  return { protocol: 'https:', hostname: `${bucket}.s3.${region}.amazonaws.com`, port: undefined, path };
}

/** A presigned request: the URL, and the headers the browser must send exactly as signed. */
export interface SignedRequest {
  url: string;
  method: 'PUT' | 'GET' | 'DELETE';
  headers: Record<string, string>;
  expiresAt: string;
}

async function presign(
  method: SignedRequest['method'],
  key: string,
  options: { expiresIn: number; headers?: Record<string, string>; query?: Record<string, string>; now?: Date },
): Promise<SignedRequest> {
  const place = locate(key);
  const host = place.port ? `${place.hostname}:${place.port}` : place.hostname;
  const now = options.now ?? new Date();
  const signed = await signer.presign(
    {
      method,
      protocol: place.protocol,
      hostname: place.hostname,
      ...(place.port ? { port: place.port } : {}),
      path: place.path,
      query: options.query ?? {},
      headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...options.headers },
    },
    { expiresIn: options.expiresIn, signingDate: now },
  );
  const url = new URL(`${place.protocol}//${host}${place.path}`);
  for (const [name, value] of Object.entries(signed.query ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== null) url.searchParams.append(name, one);
  }
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
  return {
    url: url.toString(),
    method,
    headers,
    expiresAt: new Date(now.getTime() + options.expiresIn * 1000).toISOString(),
  };
}

/**
 * A presigned PUT of exactly `size` bytes of `contentType`: both headers are signed, so S3 refuses
 * any other length or type (a browser sets Content-Length itself, from the file).
 */
export const presignUpload = (key: string, file: { contentType: string; size: number }, expiresIn = 900) =>
  presign('PUT', key, {
    expiresIn,
    headers: { 'content-type': file.contentType, 'content-length': String(file.size) },
  });

/**
 * A presigned GET that serves the object as a download of `fileName` with `contentType` (so a
 * browser never renders an upload as a page of this origin).
 */
export const presignDownload = (key: string, file: { contentType: string; fileName: string }, expiresIn = 3600) =>
  presign('GET', key, {
    expiresIn,
    query: {
      'response-content-type': file.contentType,
      'response-content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    },
  });

/**
 * The first bytes and total size of a stored object (one ranged GET), or undefined when there is
 * no such object.
 */
export async function readObjectStart(
  key: string,
  bytes = 32,
): Promise<{ size: number; contentType: string; start: Uint8Array } | undefined> {
  const request = await presign('GET', key, { expiresIn: 60, headers: { range: `bytes=0-${bytes - 1}` } });
  const response = await fetch(request.url, { headers: request.headers });
  if (response.status === 404) return undefined;
  if (response.status === 416)
    return { size: 0, contentType: response.headers.get('content-type') ?? '', start: new Uint8Array() };
  if (response.status !== 206 && response.status !== 200) {
    throw new Error(`Reading the object's start failed with HTTP ${response.status}`);
  }
  const start = new Uint8Array(await response.arrayBuffer()).slice(0, bytes);
  const range = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  const size = range?.[1] ? Number(range[1]) : Number(response.headers.get('content-length') ?? start.length);
  return { size, contentType: response.headers.get('content-type') ?? '', start };
}

/** Deletes a stored object (S3 answers 204 whether or not it existed). */
export async function deleteObject(key: string): Promise<void> {
  const request = await presign('DELETE', key, { expiresIn: 60 });
  const response = await fetch(request.url, { method: 'DELETE', headers: request.headers });
  if (!response.ok && response.status !== 404)
    throw new Error(`Deleting the object failed with HTTP ${response.status}`);
}

/** A whole stored object's bytes (one GET), or undefined when there is no such object. */
export async function readObject(key: string): Promise<Uint8Array | undefined> {
  const request = await presign('GET', key, { expiresIn: 60 });
  const response = await fetch(request.url, { headers: request.headers });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`Reading the object failed with HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Stores `body` as an object of `contentType` (one PUT), replacing any object of that key. */
export async function writeObject(key: string, body: string, contentType: string): Promise<void> {
  const bytes = new TextEncoder().encode(body);
  const request = await presignUpload(key, { contentType, size: bytes.byteLength }, 60);
  const response = await fetch(request.url, { method: 'PUT', headers: request.headers, body: bytes });
  if (!response.ok) throw new Error(`Writing the object failed with HTTP ${response.status}`);
}
