import * as z from 'zod/mini';
import {
  accountIdOf,
  externalUserEmail,
  importRecord,
  jobCategoriesByName,
  staffUser,
  staffUserEmail,
  workItem,
} from '#shared/data/keys';
import { batchGetItems, getItem, maxBatchGetKeys, putIf, putNew, queryAll, transact } from '#shared/data/table';
import { type ImportRecord, importRecordSchema } from './import.schema';

const stored = z.extend(importRecordSchema, { entity: z.literal('Import') });

/** IMP-1: an import of the account, or undefined. One GetItem. */
export async function findImport(accountId: string, importId: string): Promise<ImportRecord | undefined> {
  const item = await getItem(importRecord(accountId, importId), stored);
  if (!item) return undefined;
  const { entity: _entity, ...record } = item;
  return record;
}

/**
 * IMP-2, IMP-3: an import record as a stream record's image carries it (keys and all): the record
 * and its account (undefined for a key of no account). Throws on an image that is not an import.
 */
export function importOfImage(image: Record<string, unknown>): { accountId: string | undefined; record: ImportRecord } {
  const parsed = importRecordSchema.safeParse(image);
  if (!parsed.success) throw new Error(`Not an import record: ${parsed.error.message}`);
  return { accountId: accountIdOf(image.pk), record: parsed.data };
}

/** IMP-1: writes a new import record (one conditional Put). */
export async function insertImport(accountId: string, record: ImportRecord, expiresAt: number): Promise<void> {
  await transact(
    [
      {
        name: 'import',
        write: putNew({ ...importRecord(accountId, record.id), entity: 'Import', ...record, expiresAt }),
      },
    ],
    'This import exists already',
  );
}

/**
 * IMP-2, IMP-3: replaces an import record while it is still at `previous.version` (one conditional
 * Put); false when another writer moved it on first (a duplicated or stale invocation).
 */
export async function replaceImport(
  accountId: string,
  previous: ImportRecord,
  next: ImportRecord,
  expiresAt: number,
): Promise<boolean> {
  return putIf(
    { ...importRecord(accountId, next.id), entity: 'Import', ...next, version: previous.version + 1, expiresAt },
    { expression: '#version = :expected', names: { '#version': 'version' }, values: { ':expected': previous.version } },
  );
}

const staffGuard = z.object({ userId: z.string() });
const externalGuard = z.object({ externalUserId: z.string() });

/**
 * Looks up guard items by address: a GetItem each, 25 at a time (a BatchGetItem's answer would
 * not say which address an item is for: the guards hold only the id).
 */
async function idsByAddress(
  addresses: readonly string[],
  lookup: (address: string) => Promise<string | undefined>,
): Promise<Map<string, string>> {
  const unique = [...new Set(addresses)];
  const found = new Map<string, string>();
  for (let i = 0; i < unique.length; i += 25) {
    await Promise.all(
      unique.slice(i, i + 25).map(async (address) => {
        const id = await lookup(address);
        if (id !== undefined) found.set(address, id);
      }),
    );
  }
  return found;
}

/** IMP-2: staff users' ids by their (lower-case) addresses: a GetItem of each one's e-mail guard. */
export const staffIdsByEmail = (accountId: string, addresses: readonly string[]) =>
  idsByAddress(addresses, async (address) => (await getItem(staffUserEmail(accountId, address), staffGuard))?.userId);

/** IMP-2: external users' ids by their (lower-case) addresses: a GetItem of each one's e-mail guard. */
export const externalUserIdsByEmail = (accountId: string, addresses: readonly string[]) =>
  idsByAddress(
    addresses,
    async (address) => (await getItem(externalUserEmail(accountId, address), externalGuard))?.externalUserId,
  );

const categoryName = z.object({ id: z.string(), name: z.string() });

/** IMP-2: every job category of the account, by id and name (Query pages on `lists`). */
export const allJobCategories = (accountId: string) => queryAll(jobCategoriesByName(accountId), categoryName);

const itemDescription = z.object({ id: z.string(), description: z.optional(z.string()) });

/**
 * EXP-4: the descriptions of a template-layout export's page of jobs or incidents by id (list
 * rows carry none): one BatchGetItem per 100 ids of the items themselves (WRK-1's key), in
 * parallel, projecting the id and description. An item with none is left out.
 */
export async function descriptionsById(
  type: 'job' | 'incident',
  accountId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += maxBatchGetKeys) batches.push(unique.slice(i, i + maxBatchGetKeys));
  const found = await Promise.all(
    batches.map((batch) =>
      batchGetItems(
        batch.map((id) => workItem(type, accountId, id)),
        itemDescription,
        ['id', 'description'],
      ),
    ),
  );
  return new Map(found.flat().flatMap((item) => (item.description ? [[item.id, item.description]] : [])));
}

const staffAddress = z.object({ id: z.string(), email: z.string() });

/**
 * EXP-4: staff users' addresses by id (the owners of a template-layout export's page): one
 * BatchGetItem per 100 ids, in parallel, projecting the id and address.
 */
export async function staffEmailsById(accountId: string, userIds: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(userIds)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += maxBatchGetKeys) batches.push(unique.slice(i, i + maxBatchGetKeys));
  const found = await Promise.all(
    batches.map((batch) =>
      batchGetItems(
        batch.map((id) => staffUser(accountId, id)),
        staffAddress,
        ['id', 'email'],
      ),
    ),
  );
  return new Map(found.flat().map((user) => [user.id, user.email]));
}
