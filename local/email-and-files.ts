import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import sesModule from 'aws-ses-v2-local';
import S3rver from 's3rver';
import { closeServer } from './ports';

/**
 * Starts `aws-ses-v2-local`: it accepts SES SendEmail/SendRawEmail (v1, what @aws-sdk/client-ses
 * sends) and v2, keeps every message in memory, shows them at `/` (the inbox page) and as JSON at
 * `/store`.
 */
export async function startLocalSes(port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const start = ((sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule) as unknown as (config: {
    host: string;
    port: number;
  }) => Promise<Server>;
  const server = await start({ host: '127.0.0.1', port });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => closeServer(server),
  };
}

/**
 * Starts `s3rver` with the attachments bucket. Objects live under `directory` (kept across
 * restarts unless it is a throwaway directory). s3rver does not check SigV4 signatures or
 * size limits; the product code still signs and limits for AWS.
 */
export async function startLocalS3(options: { port: number; directory: string; bucket: string }) {
  mkdirSync(options.directory, { recursive: true });
  const s3rver = new S3rver({
    port: options.port,
    address: '127.0.0.1',
    silent: true,
    directory: options.directory,
    configureBuckets: [{ name: options.bucket, configs: [] }],
  });
  await s3rver.run();
  return {
    url: `http://127.0.0.1:${options.port}`,
    stop: () => s3rver.close(),
  };
}
