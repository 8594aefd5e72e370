import { type AwsError, type AwsService, awsError, sendSigned } from './aws-request';
import { optionalEnv, requireEnv } from './env';

/*
 * Deleting a stored object of the attachments bucket: one DELETE signed with the request headers
 * by `aws-request.ts`'s signer (retried as its other requests are), for a function that deletes
 * and never hands out a URL (the reactions consumer's abandoned uploads): it bundles no
 * presigning (`s3-presign.ts`, 1.2 kB). The routes that presign anyway delete through
 * `file-store.ts`, which would otherwise bring this signer into them. The object is addressed as
 * `s3-presign.ts` addresses it: virtual-hosted on AWS, path style on the local stand-in
 * (AWS_ENDPOINT_URL_S3 with S3_FORCE_PATH_STYLE).
 */

const bucket = requireEnv('ATTACHMENTS_BUCKET');

/** The object `key` as the endpoint its request goes to. */
function objectAt(key: string): AwsService {
  return {
    signingName: 's3',
    get endpoint() {
      const base = new URL(optionalEnv('AWS_ENDPOINT_URL_S3', `https://s3.${requireEnv('AWS_REGION')}.amazonaws.com`));
      const path = `/${key.split('/').map(encodeURIComponent).join('/')}`;
      return optionalEnv('S3_FORCE_PATH_STYLE', 'false') === 'true'
        ? new URL(`${base.protocol}//${base.host}/${bucket}${path}`)
        : new URL(`${base.protocol}//${bucket}.${base.host}${path}`);
    },
  };
}

/** Deletes a stored object (S3 answers 204 whether or not it existed; a 404 is no failure either). */
export async function deleteObject(key: string): Promise<void> {
  try {
    await sendSigned(objectAt(key), {
      method: 'DELETE',
      headers: {},
      body: '',
      errorOf: (status) =>
        awsError(
          status >= 500 ? 'ServiceUnavailable' : `Http${status}`,
          `Deleting the object failed with HTTP ${status}`,
          status,
        ),
    });
  } catch (error) {
    if ((error as Partial<AwsError>).status !== 404) throw error;
  }
}
