import { requireEnv } from '#shared/env';
import { presign } from '#shared/s3-presign';
import type { SignExportDownload } from './export-status-service';

/** The exports bucket, whose files the requester downloads through a presigned GET. */
const bucket = requireEnv('EXPORTS_BUCKET');

/** How long a download URL works: short, since anyone holding it can fetch the file. */
export const exportLinkSeconds = 15 * 60;

/** A presigned GET of an export's file, served as a download of `fileName`, valid 15 minutes. */
export const signExportDownload: SignExportDownload = async (key, file) => {
  const signed = await presign(bucket, 'GET', key, {
    expiresIn: exportLinkSeconds,
    query: {
      'response-content-type': file.contentType,
      'response-content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    },
  });
  return { url: signed.url, expiresAt: signed.expiresAt };
};
