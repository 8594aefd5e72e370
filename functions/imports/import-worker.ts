import type { StreamChange } from '#shared/stream-change';
import { processImportChunk } from './import-processor';
import { importOfImage } from './import-repository';

// What the background worker (functions/workers/, fed by its SQS queue) needs to
// run imports: the states with work to do (streams/background-work.ts `workerRecords`), and
// the processor to dispatch them to.

/** The import states with work to do: each change of a record into or within them is one step. */
export const importWorkStates = ['validating', 'committing'] as const;

/**
 * Runs the step an import record's new image asks for (the worker's dispatch target for entity
 * `Import`): validation, or the next chunk of a commit; each records its result on the record,
 * whose change brings the next step. A record of no account, or in no state with work, is ignored.
 */
export async function processImportRecord(newImage: Record<string, unknown>): Promise<void> {
  const { accountId, record } = importOfImage(newImage);
  if (!accountId || !(importWorkStates as readonly string[]).includes(record.status)) return;
  await processImportChunk(accountId, record);
}

/**
 * The import processor as the background worker registers it (`functions/workers/`: the record
 * type `import`, entity `Import`, states `importWorkStates`, and this as its `WorkProcessor`): one
 * step for the change's new image. A REMOVE (no new image, e.g. the record's TTL) does nothing.
 */
export const importWorkProcessor = async (change: Pick<StreamChange, 'newImage'>): Promise<void> => {
  if (change.newImage) await processImportRecord(change.newImage);
};
