import * as z from 'zod/mini';
import { account as accountKey } from '#shared/data/keys';
import { counterChange, getItem, putNew, type Step, updateVersioned } from '#shared/data/table';
import { lazySchema } from '#shared/lazy-schema';
import { type AccountView, accountViewSchema, incidentSeverityScales } from './account.schema';

export const accountSchema = /* @__PURE__ */ lazySchema(() =>
  z.extend(accountViewSchema, {
    entity: z.literal('Account'),
    /** Kept by every transaction that adds or removes an active Account Admin; never below 1. */
    activeAccountAdmins: z.int(),
  }),
);

export type Account = z.infer<typeof accountSchema>;

/** One GetItem: the account, or undefined. */
export function findAccount(accountId: string): Promise<Account | undefined> {
  return getItem(accountKey(accountId), accountSchema);
}

/**
 * The account's settings a work item's write is checked against (its department, privacy status
 * and severity): of departments and privacy statuses their id and whether they are archived. Read
 * without the rest of the account, so a function that checks references bundles neither the whole
 * record's schema nor the account's OpenAPI description; the rest is not parsed.
 */
const accountReferencesSchema = /* @__PURE__ */ lazySchema(() => {
  const referable = z.array(z.object({ id: z.string(), archived: z.boolean() }));
  return z.object({
    departments: referable,
    privacyStatuses: referable,
    incidentSeverityScale: z.enum(incidentSeverityScales),
  });
});

/** What `findAccountReferences` reads of the account. */
export type AccountReferences = z.infer<typeof accountReferencesSchema>;

/** One GetItem (the same as `findAccount`): the account's departments, privacy statuses and severity scale, or undefined. */
export function findAccountReferences(accountId: string): Promise<AccountReferences | undefined> {
  return getItem(accountKey(accountId), accountReferencesSchema);
}

/** The write that creates an account; fails the transaction if the id is taken. */
export function newAccountWrite(account: Account): Step {
  return { name: 'account', write: putNew({ ...accountKey(account.id), ...account }) };
}

/**
 * Adds (+1) or removes (−1) an active Account Admin in the same transaction as the user change;
 * the transaction fails rather than leave the account without one.
 */
export function activeAccountAdminsChange(accountId: string, delta: 1 | -1): Step {
  return {
    name: 'activeAccountAdmins',
    write: counterChange(accountKey(accountId), 'activeAccountAdmins', delta, 1),
  };
}

/** The account as the API shows it. */
export function accountView({ entity: _entity, activeAccountAdmins: _admins, ...view }: Account): AccountView {
  return view;
}

/** One UpdateItem: changes account settings if `expectedVersion` is still current (else 409). */
export function updateAccountSettings(
  accountId: string,
  expectedVersion: number,
  changes: Partial<Pick<Account, 'name' | 'incidentSeverityScale' | 'timeZone' | 'departments' | 'privacyStatuses'>>,
  now: Date,
): Promise<Account> {
  return updateVersioned(accountKey(accountId), expectedVersion, changes, accountSchema, now);
}
