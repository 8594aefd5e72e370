import { fromEnv } from '@aws-sdk/credential-provider-env';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { optionalEnv, requireEnv } from './env';

/*
 * Presigned S3 requests for FieldPass's buckets (attachments, exports): a browser uploads and
 * downloads directly, and the functions sign (no S3 client in the route bundles: signing is the
 * SDK's own SigV4 signer, about 10 kB, where `@aws-sdk/client-s3` would add about 200 kB to
 * functions already near the 250 kB budget). Locally the endpoint is s3rver's
 * (AWS_ENDPOINT_URL_S3, path style).
 */
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

function locate(bucket: string, key: string) {
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

/** Signs `method` on `key` of `bucket`, valid for `expiresIn` seconds. */
export async function presign(
  bucket: string,
  method: SignedRequest['method'],
  key: string,
  options: { expiresIn: number; headers?: Record<string, string>; query?: Record<string, string>; now?: Date },
): Promise<SignedRequest> {
  const place = locate(bucket, key);
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
