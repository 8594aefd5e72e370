import * as z from 'zod/mini';
import {
  currentTerms as currentTermsKey,
  externalUser,
  termsAcceptance,
  termsAcceptanceOf,
  termsVersion as termsVersionKey,
  termsVersions,
} from '#shared/data/keys';
import {
  batchGetItems,
  getItem,
  type Page,
  parseItem,
  putDerived,
  putNew,
  putVersioned,
  queryPage,
  type Step,
  transact,
} from '#shared/data/table';
import { lazySchema } from '#shared/lazy-schema';
import { findAssignedItemsOf, userFanOut, writeChunks } from '../external-users/item-access-repository';
import type { Terms } from './terms.contract';

/** A published version, and the current one (a copy of the newest, read on every portal item request). */
export const termsRecordSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    entity: z.enum(['Terms', 'CurrentTerms']),
    termsVersion: z.int(),
    text: z.string(),
    publishedAt: z.string(),
    publishedBy: z.string(),
    version: z.int(),
  }),
);
export type TermsRecord = z.infer<typeof termsRecordSchema>;

/** The newest version an external user accepted, and when, from where, with what (R17). */
export const termsAcceptanceRecordSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    entity: z.literal('TermsAcceptance'),
    accountId: z.string(),
    externalUserId: z.string(),
    termsVersion: z.int(),
    acceptedAt: z.string(),
    ip: z.string(),
    userAgent: z.string(),
    version: z.int(),
  }),
);
export type TermsAcceptanceRecord = z.infer<typeof termsAcceptanceRecordSchema>;

export const termsOf = (record: TermsRecord): Terms => ({
  version: record.termsVersion,
  text: record.text,
  publishedAt: record.publishedAt,
  publishedBy: record.publishedBy,
});

const anyRecord = /* @__PURE__ */ lazySchema(() => z.looseObject({ entity: z.string() }));
const externalUserAccessSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({ status: z.string(), autoDisableAt: z.optional(z.string()) }),
);

/**
 * One BatchGetItem, for a portal request that names no item (accepting terms): the external
 * user's access fields, the current terms and the user's acceptance.
 */
export async function findAcceptanceContext(accountId: string, externalUserId: string) {
  const found = await batchGetItems(
    [externalUser(accountId, externalUserId), currentTermsKey(accountId), termsAcceptance(accountId, externalUserId)],
    anyRecord,
  );
  const byEntity = (entity: string) => found.find((record) => record.entity === entity);
  const user = byEntity('ExternalUser');
  const current = byEntity('CurrentTerms');
  const accepted = byEntity('TermsAcceptance');
  return {
    user: user ? parseItem(externalUserAccessSchema, user) : undefined,
    currentTerms: current ? parseItem(termsRecordSchema, current) : undefined,
    accepted: accepted ? parseItem(termsAcceptanceRecordSchema, accepted) : undefined,
  };
}

/** One GetItem: the current terms, if any were published. */
export function findCurrentTerms(accountId: string): Promise<TermsRecord | undefined> {
  return getItem(currentTermsKey(accountId), termsRecordSchema);
}

/** One Query: a page of the published versions, newest first. */
export function listTermsPage(
  accountId: string,
  options: { limit: number; cursor?: string },
): Promise<Page<TermsRecord>> {
  return queryPage(termsVersions(accountId), termsRecordSchema, { ...options, newestFirst: true });
}

/**
 * The writes publishing the next version, for one transaction: the new version (which must not
 * exist) and the current copy, replaced only while it is still the version read.
 */
function publishTermsWrites(
  accountId: string,
  current: TermsRecord | undefined,
  text: string,
  publishedBy: string,
  now: Date,
): { terms: Terms; writes: Step[] } {
  const termsVersion = (current?.termsVersion ?? 0) + 1;
  const fields = { termsVersion, text, publishedAt: now.toISOString(), publishedBy };
  const copy = {
    ...currentTermsKey(accountId),
    entity: 'CurrentTerms',
    ...fields,
    version: (current?.version ?? 0) + 1,
  };
  return {
    terms: { version: termsVersion, text, publishedAt: fields.publishedAt, publishedBy },
    writes: [
      {
        name: 'termsVersion',
        write: putNew({ ...termsVersionKey(accountId, termsVersion), entity: 'Terms', ...fields, version: 1 }),
      },
      { name: 'currentTerms', write: current ? putVersioned(copy, current.version) : putNew(copy) },
    ],
  };
}

/**
 * One TransactWriteItems: publishes the version after `current` (see `publishTermsWrites`). A
 * concurrent publication is `refused`, given the current terms when DynamoDB returns them.
 */
export async function publishTermsVersion(
  accountId: string,
  current: TermsRecord | undefined,
  text: string,
  publishedBy: string,
  now: Date,
  refused: (current: Terms | undefined) => Error,
): Promise<Terms> {
  const { terms, writes } = publishTermsWrites(accountId, current, text, publishedBy, now);
  await transact(writes, (failed) => {
    // The current copy's condition returns what is there now, when DynamoDB has it.
    const stored = failed.get('currentTerms');
    return refused(stored ? termsOf(parseItem(termsRecordSchema, stored)) : undefined);
  });
  return terms;
}

/**
 * The writes of an acceptance, for one transaction: the record of this version's acceptance,
 * kept for good (written once: accepting again changes nothing), and the user's newest one.
 */
function acceptTermsWrites(
  acceptance: Omit<TermsAcceptanceRecord, 'entity' | 'version'>,
  previous: TermsAcceptanceRecord | undefined,
): Step[] {
  const { accountId, externalUserId, termsVersion } = acceptance;
  const record = { entity: 'TermsAcceptance', ...acceptance };
  return [
    // `scope` tells the audit trail the one record per acceptance from the user's newest copy.
    {
      name: 'acceptanceOfVersion',
      write: putNew({
        ...termsAcceptanceOf(accountId, externalUserId, termsVersion),
        ...record,
        scope: 'version',
        version: 1,
      }),
    },
    {
      name: 'newestAcceptance',
      write: previous
        ? putVersioned(
            { ...termsAcceptance(accountId, externalUserId), ...record, version: previous.version + 1 },
            previous.version,
          )
        : putDerived({ ...termsAcceptance(accountId, externalUserId), ...record, version: 1 }),
    },
  ];
}

/**
 * One Query of the user's assignments, then one TransactWriteItems: records an acceptance (see
 * `acceptTermsWrites`) after `previous`, the user's newest one as read, with the version on each
 * of their item access records; 409 when the user accepted meanwhile.
 */
export async function insertTermsAcceptance(
  acceptance: Omit<TermsAcceptanceRecord, 'entity' | 'version'>,
  previous: TermsAcceptanceRecord | undefined,
): Promise<void> {
  const { accountId, externalUserId, termsVersion } = acceptance;
  // The version accepted on each of the user's item access records (ACS-3), in the same
  // transaction while they fit; a copy left behind only refuses until it is raised from here.
  const items = await findAssignedItemsOf(accountId, externalUserId);
  const { first, rest } = userFanOut(accountId, externalUserId, items, { termsVersion }, 2);
  await transact([...acceptTermsWrites(acceptance, previous), ...first], 'The terms were accepted meanwhile');
  await writeChunks(rest);
}
