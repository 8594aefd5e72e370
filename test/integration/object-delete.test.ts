import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { deleteObject as presignedDelete } from '../../functions/shared/file-store';
import { deleteObject } from '../../functions/shared/object-delete';

/**
 * The reactions consumer deletes an abandoned upload's file with one header-signed DELETE
 * (shared/object-delete.ts) rather than a presigned one (shared/file-store.ts, the routes'): both
 * address the same object of the attachments bucket, and deleting what is not there is no failure.
 */
describe('deleting a stored object', () => {
  const env = inject('localEnv');
  const s3 = new S3Client({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID as string, secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string },
  });
  const put = (key: string) =>
    s3.send(new PutObjectCommand({ Bucket: env.ATTACHMENTS_BUCKET, Key: key, Body: 'bytes' }));
  const stored = (key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: env.ATTACHMENTS_BUCKET, Key: key })).then(
      () => true,
      () => false,
    );

  it.each([
    ['an attachment key', (id: string) => `acc-${id}/job/item-1/checklist-1/entry-1/${id}`],
    ['a key whose path must be escaped', (id: string) => `acc-${id}/a file+é.jpg`],
  ])('removes the object at %s, and the one beside it stays', async (_, keyOf) => {
    const key = keyOf(crypto.randomUUID());
    const beside = `${key}-kept`;
    await Promise.all([put(key), put(beside)]);
    await deleteObject(key);
    expect(await stored(key)).toBe(false);
    expect(await stored(beside)).toBe(true);
    await presignedDelete(beside);
    expect(await stored(beside)).toBe(false);
  });

  it('deletes nothing without failing when the object is not there (a replayed expiry)', async () => {
    const key = `acc-${crypto.randomUUID()}/gone.jpg`;
    await expect(deleteObject(key)).resolves.toBeUndefined();
    await put(key);
    await deleteObject(key);
    await expect(deleteObject(key)).resolves.toBeUndefined();
    expect(await stored(key)).toBe(false);
  });
});
