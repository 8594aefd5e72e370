import { sesSender } from '#shared/email';
import { requireEnv } from '#shared/env';
import { exportProcessor } from '../exports/export-processor';
import { importWorkProcessor } from '../imports/import-worker';
import { templateLayout } from '../imports/template-export';
import type { WorkerRecordType } from '../streams/background-work';
import type { WorkProcessor } from './worker-dispatch';

/** exports/: one chunk of an export, or its file at the end. */
const processExportChunk = exportProcessor({
  sendEmail: sesSender(requireEnv('SENDER_EMAIL'), requireEnv('SES_CONFIGURATION_SET')),
  apiUrl: requireEnv('API_URL'),
  template: templateLayout,
});

/**
 * The processor of each background record type: the one list the worker dispatches by. A
 * background job registers its processor here and its record type in `streams/background-work.ts`.
 */
export const workProcessors: Partial<Record<WorkerRecordType, WorkProcessor>> = {
  export: processExportChunk,
  import: importWorkProcessor,
};
