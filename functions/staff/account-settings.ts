import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { canonicalTimeZone } from '#shared/local-time';
import type { AccountView, UpdateAccountBody } from '../accounts/account.contract';
import { type Account, accountView, findAccount, updateAccountSettings } from '../accounts/account-repository';
import { settingsAccess } from './permissions/roles';
import { readMe } from './staff-service';

/** The caller's account, or 404 if it is gone. */
export async function requireAccount(accountId: string): Promise<Account> {
  const account = await findAccount(accountId);
  if (!account) throw new NotFoundError('The account does not exist');
  return account;
}

/** The caller's account and its settings; any active staff user may read them (forms need them). */
export async function readAccount(caller: StaffCaller): Promise<AccountView> {
  await readMe(caller);
  return accountView(await requireAccount(caller.accountId));
}

type Entry = { id: string; name: string; archived: boolean };
type SentEntry = { id?: string | undefined; name: string; archived?: boolean | undefined };

/**
 * The new ordered list of departments or privacy statuses from the whole list sent. Existing
 * entries keep their ids (items and permission grants refer to them), so one may be renamed,
 * reordered or archived but never dropped; new entries get fresh ids. Names are unique.
 */
function mergeEntries(field: 'departments' | 'privacyStatuses', current: Entry[], sent: SentEntry[]): Entry[] {
  const issues: { path: string; code: string; message: string }[] = [];
  const known = new Set(current.map((entry) => entry.id));
  const names = new Map<string, number>();
  sent.forEach((entry, i) => {
    if (entry.id !== undefined && !known.has(entry.id)) {
      issues.push({ path: `body.${field}.${i}.id`, code: 'unknown_id', message: `no entry ${entry.id} exists` });
    }
    const key = entry.name.toLowerCase();
    if (names.has(key)) {
      issues.push({
        path: `body.${field}.${i}.name`,
        code: 'duplicate_name',
        message: `"${entry.name}" is listed twice`,
      });
    }
    names.set(key, i);
  });
  const kept = new Set(sent.flatMap((entry) => (entry.id ? [entry.id] : [])));
  for (const entry of current.filter((e) => !kept.has(e.id))) {
    issues.push({
      path: `body.${field}`,
      code: 'entry_removed',
      message: `"${entry.name}" (${entry.id}) is missing: entries in use cannot be removed, archive them instead`,
    });
  }
  if (issues.length) throw new ValidationError(`The ${field} are not valid`, issues);
  return sent.map((entry) => ({ id: entry.id ?? randomUUID(), name: entry.name, archived: entry.archived ?? false }));
}

/**
 * Changes account settings. The name, the incident severity scale and the time zone are account settings
 * (Account Admins only); departments and privacy statuses are other settings (every admin role).
 */
export async function updateAccount(
  caller: StaffCaller,
  body: UpdateAccountBody,
  clock: Clock = systemClock,
): Promise<AccountView> {
  const actor = await readMe(caller);
  const access = settingsAccess(actor.role);
  const accountSettings =
    body.name !== undefined || body.incidentSeverityScale !== undefined || body.timeZone !== undefined;
  if (accountSettings && !access.account) {
    throw new ForbiddenError(
      'The account name, severity scale and time zone are account settings',
      'ACCOUNT_SETTINGS_DENIED',
    );
  }
  if ((body.departments !== undefined || body.privacyStatuses !== undefined) && !access.other) {
    throw new ForbiddenError('Departments and privacy statuses need settings access', 'SETTINGS_DENIED');
  }
  const lists = body.departments !== undefined || body.privacyStatuses !== undefined;
  // Only the lists need the current account (to keep existing ids); the rest is one UpdateItem.
  const current = lists ? await requireAccount(caller.accountId) : undefined;
  const updated = await updateAccountSettings(
    caller.accountId,
    body.version,
    {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.incidentSeverityScale !== undefined ? { incidentSeverityScale: body.incidentSeverityScale } : {}),
      // null removes the time zone (undefined removes a field in the update); a name is kept as Intl spells it.
      ...(body.timeZone !== undefined
        ? { timeZone: body.timeZone === null ? undefined : canonicalTimeZone(body.timeZone) }
        : {}),
      ...(current && body.departments
        ? { departments: mergeEntries('departments', current.departments, body.departments) }
        : {}),
      ...(current && body.privacyStatuses
        ? { privacyStatuses: mergeEntries('privacyStatuses', current.privacyStatuses, body.privacyStatuses) }
        : {}),
    },
    clock(),
  );
  return accountView(updated);
}
