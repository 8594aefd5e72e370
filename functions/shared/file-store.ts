import { requireEnv } from './env';
import { presign } from './s3-presign';

export type { SignedRequest } from './s3-presign';

/** The attachments bucket, reached only through presigned URLs (shared/s3-presign.ts). */
const bucket = requireEnv('ATTACHMENTS_BUCKET');

/**
 * A presigned PUT of exactly `size` bytes of `contentType`: both headers are signed, so S3 refuses
 * any other length or type (a browser sets Content-Length itself, from the file).
 */
export const presignUpload = (key: string, file: { contentType: string; size: number }, expiresIn = 900) =>
  presign(bucket, 'PUT', key, {
    expiresIn,
    headers: { 'content-type': file.contentType, 'content-length': String(file.size) },
  });

/**
 * A presigned GET that serves the object as a download of `fileName` with `contentType` (so a
 * browser never renders an upload as a page of this origin).
 */
export const presignDownload = (key: string, file: { contentType: string; fileName: string }, expiresIn = 3600) =>
  presign(bucket, 'GET', key, {
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
  const request = await presign(bucket, 'GET', key, { expiresIn: 60, headers: { range: `bytes=0-${bytes - 1}` } });
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

/**
 * Deletes a stored object (S3 answers 204 whether or not it existed), presigned: for the routes
 * that presign anyway. A function that only deletes uses `shared/object-delete.ts`, the same DELETE
 * header-signed with the other AWS requests' signer, which bundles no presigning.
 */
export async function deleteObject(key: string): Promise<void> {
  const request = await presign(bucket, 'DELETE', key, { expiresIn: 60 });
  const response = await fetch(request.url, { method: 'DELETE', headers: request.headers });
  if (!response.ok && response.status !== 404)
    throw new Error(`Deleting the object failed with HTTP ${response.status}`);
}

/** A whole stored object's bytes (one GET), or undefined when there is no such object. */
export async function readObject(key: string): Promise<Uint8Array | undefined> {
  const request = await presign(bucket, 'GET', key, { expiresIn: 60 });
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
