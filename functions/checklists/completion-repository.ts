import * as z from 'zod/mini';
import {
  type AssignableType,
  completionNotice,
  externalUser,
  itemChecklists,
  staffUser,
  workItem,
} from '#shared/data/keys';
import {
  batchGetItems,
  type Condition,
  getItem,
  presentAnd,
  putIf,
  queryAll,
  updateClaim,
  updateFields,
  updateIf,
  updateReturning,
} from '#shared/data/table';
import { lazySchema } from '#shared/lazy-schema';

// The data access of the completion record the stream consumer keeps per item (CHK-8). Only what
// completion and the owner's e-mail are made from is read, so the consumer carries no checklist
// contract.

/**
 * Records FieldPass wrote itself, read as they are stored, unchecked (decision 0003, "trusted
 * records read without zod"): the checklists, answers and people below are validated by their own
 * schemas when the API writes them, and the stream consumer reads them only to decide completion
 * and write the owner's e-mail. Their field schemas here kept the consumer over 40 kB of own code.
 */
const stored = <T>() => /* @__PURE__ */ lazySchema(() => z.looseObject({}) as unknown as z.ZodMiniType<T>);

/**
 * Each checklist's title and items (id, label, required, response type) and each answer's value
 * and author.
 */
export interface Part {
  entity: string;
  id?: string;
  title?: string;
  checklistId?: string;
  checklistItemId?: string;
  value?: unknown;
  version?: number;
  answeredBy?: { kind: string; id: string };
  sections?: { items: { id: string; label: string; required: boolean; response: { type: string } }[] }[];
}
const partSchema = /* @__PURE__ */ stored<Part>();

/**
 * An item's checklists and answers: one strongly consistent Query (more pages only past 1 MB), so
 * it holds every write whose stream record is being handled.
 */
const checklistParts = (type: AssignableType, accountId: string, itemId: string) =>
  queryAll(itemChecklists(type, accountId, itemId), partSchema, { consistent: true });

/**
 * The completion record of an item: its progress (which checklist items are required, and the
 * last answer seen to each) and which completion its owners were told of. Records written before
 * progress was kept have neither `required` nor `answers`.
 */
const progressSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    entity: z.literal('CompletionNotice'),
    /** The tokens of the required items (absent while none: DynamoDB keeps no empty set). */
    required: z.optional(z.set(z.string())),
    /** Token → the last answer's version × 2, plus 1 when it answers its item. */
    answers: z.optional(z.record(z.string(), z.int())),
    complete: z.boolean(),
    /** Counts completions: each time the required items become all answered. */
    round: z.int(),
    /** The completion whose e-mails went out. */
    notifiedRound: z.int(),
    /** The stream record that claimed the latest completion: only it (or its retries) e-mails it. */
    claimedBy: z.optional(z.string()),
    version: z.int(),
  }),
);
export type Progress = z.infer<typeof progressSchema>;

const itemSchema = /* @__PURE__ */ lazySchema(() =>
  z.object({
    title: z.string(),
    ownerIds: z.array(z.string()),
    dueAt: z.optional(z.string()),
    location: z.optional(z.object({ text: z.string() })),
  }),
);

const key = (type: AssignableType, accountId: string, itemId: string) => completionNotice(type, accountId, itemId);

/** The record is stored and its `field` is `value`. */
const holding = (field: string, value: number): Condition =>
  presentAnd({ expression: '#held = :held', names: { '#held': field }, values: { ':held': value } });

/** The stored version is `version`; nothing stored when undefined. */
const atVersion = (version: number | undefined): Condition =>
  version === undefined
    ? { expression: 'attribute_not_exists(#version)', names: { '#version': 'version' } }
    : { expression: '#version = :expected', names: { '#version': 'version' }, values: { ':expected': version } };

/** One GetItem: the item's completion record. */
export function findProgress(type: AssignableType, accountId: string, itemId: string) {
  return getItem(key(type, accountId, itemId), progressSchema);
}

/** In parallel, one Query and one GetItem: the item's checklists and answers (see `checklistParts`), and the item. */
export function readChecklists(type: AssignableType, accountId: string, itemId: string) {
  return Promise.all([checklistParts(type, accountId, itemId), getItem(workItem(type, accountId, itemId), itemSchema)]);
}

/**
 * One UpdateItem, no read: notes `mark` (version × 2 + answered) as the last answer seen to the
 * item `token`, unless a mark of that answer version or a later one is there already (a replayed
 * or late record), and counts the version on. Answers the record after it (`{ item }`), or as it
 * stands when refused (`{ refused }`: undefined or without `answers` when progress is not kept yet).
 */
export function markAnswer(type: AssignableType, accountId: string, itemId: string, token: string, mark: number) {
  return updateReturning(
    key(type, accountId, itemId),
    {
      expression: 'SET #answers.#token = :mark, #version = #version + :one',
      names: { '#answers': 'answers', '#token': token, '#version': 'version' },
      values: { ':mark': mark, ':one': 1 },
    },
    {
      expression: 'attribute_exists(#answers) AND (attribute_not_exists(#answers.#token) OR #answers.#token < :floor)',
      names: { '#answers': 'answers', '#token': token },
      values: { ':floor': mark - (mark % 2) },
    },
    progressSchema,
  );
}

/**
 * One UpdateItem: sets `flags` (a completion claimed, or reopened) while the record is still
 * `expectedVersion`, counting the version on. Answers the record after it, or undefined when it
 * changed meanwhile.
 */
export function saveFlags(
  type: AssignableType,
  accountId: string,
  itemId: string,
  flags: Partial<Pick<Progress, 'complete' | 'round' | 'claimedBy'>>,
  expectedVersion: number,
): Promise<Progress | undefined> {
  return updateClaim(
    updateFields(key(type, accountId, itemId), {
      set: flags,
      add: { version: 1 },
      condition: holding('version', expectedVersion),
    }),
    progressSchema,
  );
}

/** One UpdateItem: notes that completion `round` was e-mailed, while it is still the latest (counting the version on). */
export function markNotified(type: AssignableType, accountId: string, itemId: string, round: number) {
  return updateIf(
    updateFields(key(type, accountId, itemId), {
      set: { notifiedRound: round },
      add: { version: 1 },
      condition: holding('round', round),
    }),
  );
}

/**
 * One PutItem: the whole completion record as `next`, while the stored one is still
 * `expectedVersion` (undefined: while there is none). Answers whether it was written.
 */
export function saveProgress(
  type: AssignableType,
  accountId: string,
  itemId: string,
  next: Omit<Progress, 'entity' | 'version'>,
  expectedVersion: number | undefined,
): Promise<boolean> {
  const { required, ...rest } = next;
  return putIf(
    {
      ...key(type, accountId, itemId),
      entity: 'CompletionNotice',
      ...rest,
      ...(required && required.size > 0 ? { required } : {}),
      version: (expectedVersion ?? 0) + 1,
    },
    atVersion(expectedVersion),
  );
}

/** What an owner (staff user) or answerer (external user) is read with: the projection below. */
interface Person {
  entity: string;
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  status: string;
}

const personSchema = /* @__PURE__ */ stored<Person>();

/** One BatchGetItem: the item's owners (staff users) and the external users who answered. */
export function findPeople(accountId: string, ownerIds: readonly string[], externalUserIds: readonly string[]) {
  return batchGetItems(
    [...ownerIds.map((id) => staffUser(accountId, id)), ...externalUserIds.map((id) => externalUser(accountId, id))],
    personSchema,
    ['entity', 'id', 'email', 'givenName', 'familyName', 'status'],
  );
}
