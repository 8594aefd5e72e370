import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '#shared/clock';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import type { StaffCaller } from '#shared/http';
import { type Access, type ClientAccess, maxAccesses } from '../external-users/client-access';
import { findClientAccess } from '../external-users/client-access-repository';
import type { ExternalUser } from '../external-users/external-user.schema';
import { refusePromoted, requireExternalUser } from '../external-users/external-user-service';
import type { ChangeClientAccessBody, ClientAccessView, NewClientAccessBody } from './client-access.contract';
import {
  type ClientAccessRefusal,
  customerFactsOf,
  existingJobIds,
  siteFactsOf,
  writeClientAccess,
} from './client-access-write-repository';
import { findExternalRoles } from './external-role-repository';
import { withSettings } from './settings-access';

type Issue = { path: string; code: string; message: string };
type AccessBody = Omit<NewClientAccessBody, 'version'>;

/** The record as the staff API shows it, with a warning for each access that names specific jobs. */
export function clientAccessView(externalUserId: string, record: ClientAccess | undefined): ClientAccessView {
  const accesses = record?.accesses ?? [];
  return {
    externalUserId,
    accesses,
    version: record?.version ?? 0,
    warnings: accesses
      .filter((access) => access.jobIds.length > 0)
      .map((access) => ({
        accessId: access.id,
        code: 'SPECIFIC_JOBS_DO_NOT_FOLLOW_NEW_JOBS' as const,
        message:
          'Specific jobs do not follow new jobs: a job created later is not included; give the customer to include it',
      })),
  };
}

/**
 * CLA-3: what an access names must exist in the account (in parallel, one read each, only for
 * what it names): its roles; its customers (not archived unless `previous` named them already);
 * its jobs; its site (likewise not archived when new) and each sub-site it names, which must be a
 * sub-site of that site. 400 naming every field that fails.
 */
async function assertReferences(accountId: string, body: AccessBody, previous: Access | undefined): Promise<void> {
  const customerIds = body.customerIds ?? [];
  const jobIds = body.jobIds ?? [];
  const subSiteIds = Object.keys(body.site?.subSites ?? {});
  const siteIds = body.site ? [body.site.siteId, ...subSiteIds] : [];
  const [roles, customers, jobs, sites] = await Promise.all([
    findExternalRoles(accountId, body.roleIds),
    customerFactsOf(accountId, customerIds),
    existingJobIds(accountId, jobIds),
    siteFactsOf(accountId, siteIds),
  ]);
  const roleIds = new Set(roles.map((role) => role.id));
  const wasNamed = new Set(previous?.customerIds ?? []);
  const issues: Issue[] = [
    ...body.roleIds.flatMap((id, i) =>
      roleIds.has(id) ? [] : [{ path: `body.roleIds.${i}`, code: 'unknown_role', message: `no external role ${id}` }],
    ),
    ...customerIds.flatMap((id, i): Issue[] => {
      const customer = customers.get(id);
      if (!customer) return [{ path: `body.customerIds.${i}`, code: 'unknown_customer', message: `no customer ${id}` }];
      if (customer.archived && !wasNamed.has(id)) {
        return [{ path: `body.customerIds.${i}`, code: 'archived_customer', message: `customer ${id} is archived` }];
      }
      return [];
    }),
    ...jobIds.flatMap((id, i) =>
      jobs.has(id) ? [] : [{ path: `body.jobIds.${i}`, code: 'unknown_job', message: `no job ${id}` }],
    ),
  ];
  if (body.site) {
    const { siteId } = body.site;
    const site = sites.get(siteId);
    if (!site) issues.push({ path: 'body.site.siteId', code: 'unknown_site', message: `no site ${siteId}` });
    else if (site.archived && previous?.site?.siteId !== siteId) {
      issues.push({ path: 'body.site.siteId', code: 'archived_site', message: `site ${siteId} is archived` });
    }
    for (const id of subSiteIds) {
      if (sites.get(id)?.parentSiteId === siteId) continue;
      issues.push({
        path: `body.site.subSites.${id}`,
        code: 'not_a_sub_site',
        message: `${id} is not a sub-site of site ${siteId}`,
      });
    }
  }
  if (issues.length) throw new ValidationError('Some of what the client access names does not fit', issues);
}

/** An access as stored from its body: scopes defaulted, revocation noted when the status changes. */
function accessFrom(
  body: AccessBody,
  base: { id: string; status: Access['status']; createdAt: string; createdBy: string; revoked?: Access },
  who: string,
  now: string,
): Access {
  const status = body.status ?? base.status;
  const stillRevoked = status === 'revoked' && base.revoked?.status === 'revoked' ? base.revoked : undefined;
  return {
    id: base.id,
    status,
    roleIds: body.roleIds,
    customerIds: body.customerIds ?? [],
    jobIds: body.jobIds ?? [],
    ...(body.site
      ? {
          site: {
            siteId: body.site.siteId,
            subSites: body.site.subSites ?? {},
            futureSubSites: body.site.futureSubSites ?? false,
          },
        }
      : {}),
    createdAt: base.createdAt,
    createdBy: base.createdBy,
    updatedAt: now,
    updatedBy: who,
    ...(status === 'revoked'
      ? { revokedAt: stillRevoked?.revokedAt ?? now, revokedBy: stillRevoked?.revokedBy ?? who }
      : {}),
    ...reportSettings(body, base.revoked, now),
  };
}

/**
 * An access's report e-mail settings from its body: what the body says, else what the access had
 * (a new one: off). `reportSince` moves when reports are turned on or change frequency, so the
 * first report is of the first whole period after that; an unsubscribe stays noted until staff
 * turn reports on again.
 */
function reportSettings(body: AccessBody, previous: Access | undefined, now: string): Partial<Access> {
  const frequency = body.reportFrequency ?? previous?.reportFrequency ?? 'off';
  const onlyWhenActive = body.reportOnlyWhenActive ?? previous?.reportOnlyWhenActive ?? false;
  const timeZone = body.reportTimeZone ?? previous?.reportTimeZone;
  const unchanged = frequency === (previous?.reportFrequency ?? 'off');
  const since = frequency === 'off' ? undefined : unchanged ? (previous?.reportSince ?? now) : now;
  const unsubscribedAt = frequency === 'off' ? previous?.reportUnsubscribedAt : undefined;
  // An access that never had reports keeps none of these fields (its record reads as before).
  const untouched = frequency === 'off' && !onlyWhenActive && timeZone === undefined;
  if (untouched && previous?.reportFrequency === undefined && unsubscribedAt === undefined) return {};
  return {
    reportFrequency: frequency,
    reportOnlyWhenActive: onlyWhenActive,
    ...(timeZone !== undefined ? { reportTimeZone: timeZone } : {}),
    ...(since !== undefined ? { reportSince: since } : {}),
    ...(unsubscribedAt !== undefined ? { reportUnsubscribedAt: unsubscribedAt } : {}),
  };
}

/** The error for a refused write. */
function refused(externalUserId: string, refusal: ClientAccessRefusal, roleIds: readonly string[]): Error {
  if ('stale' in refusal) {
    if (!refusal.stale && refusal.existed) return new NotFoundError('No such client access', 'CLIENT_ACCESS_NOT_FOUND');
    return new ConflictError(
      'The client access was changed by someone else; reload and try again',
      { current: clientAccessView(externalUserId, refusal.stale) },
      'STALE_VERSION',
    );
  }
  if ('userGone' in refusal) {
    if (!refusal.userGone) return new NotFoundError('No such external user in this account');
    return new ConflictError('This external user was promoted to a staff user', undefined, 'EXTERNAL_USER_PROMOTED');
  }
  if ('goneCustomerIds' in refusal) {
    return new ValidationError('A customer or site was archived or deleted meanwhile', [
      ...refusal.goneCustomerIds.map((id) => ({
        path: 'body.customerIds',
        code: 'archived_customer',
        message: `customer ${id} was archived or deleted`,
      })),
      ...refusal.goneSiteIds.map((id) => ({
        path: 'body.site.siteId',
        code: 'archived_site',
        message: `site ${id} was archived or deleted`,
      })),
    ]);
  }
  const gone = new Set(refusal.goneRoleIds);
  return new ValidationError(
    'Some external roles do not exist',
    roleIds.flatMap((id, i) =>
      gone.has(id) ? [{ path: `body.roleIds.${i}`, code: 'unknown_role', message: `no external role ${id}` }] : [],
    ),
  );
}

/** The caller (other settings), the external user (404) and their record, read in parallel. */
async function load(caller: StaffCaller, externalUserId: string) {
  const [me, [user, record]] = await withSettings(
    caller,
    Promise.all([
      requireExternalUser(caller.accountId, externalUserId),
      findClientAccess(caller.accountId, externalUserId),
    ]),
  );
  return { me, user, record };
}

/** 409 STALE_VERSION unless `version` is the record's (0 while there is none). */
function assertVersion(user: ExternalUser, record: ClientAccess | undefined, version: number | undefined) {
  if (version === undefined || version === (record?.version ?? 0)) return;
  throw new ConflictError(
    'The client access was changed by someone else; reload and try again',
    { current: clientAccessView(user.id, record) },
    'STALE_VERSION',
  );
}

/** An external user's client access (other settings). */
export async function getClientAccess(caller: StaffCaller, externalUserId: string): Promise<ClientAccessView> {
  const { record } = await load(caller, externalUserId);
  return clientAccessView(externalUserId, record);
}

/** Gives an external user one more client access (appended to their record). */
export async function addClientAccess(
  caller: StaffCaller,
  externalUserId: string,
  body: NewClientAccessBody,
  clock: Clock = systemClock,
): Promise<ClientAccessView> {
  const { me, user, record } = await load(caller, externalUserId);
  refusePromoted(user);
  assertVersion(user, record, body.version);
  if ((record?.accesses.length ?? 0) >= maxAccesses) {
    throw new ValidationError(
      `An external user has at most ${maxAccesses} client accesses`,
      undefined,
      'TOO_MANY_ACCESSES',
    );
  }
  await assertReferences(caller.accountId, body, undefined);
  const now = clock().toISOString();
  const access = accessFrom(body, { id: randomUUID(), status: 'active', createdAt: now, createdBy: me.id }, me.id, now);
  const next: ClientAccess = record
    ? {
        ...record,
        accesses: [...record.accesses, access],
        version: record.version + 1,
        updatedAt: now,
        updatedBy: me.id,
      }
    : {
        externalUserId,
        accesses: [access],
        version: 1,
        createdAt: now,
        createdBy: me.id,
        updatedAt: now,
        updatedBy: me.id,
      };
  const refusal = await writeClientAccess(caller.accountId, record, next);
  if (refusal) throw refused(externalUserId, refusal, body.roleIds);
  return clientAccessView(externalUserId, next);
}

/** The access `accessId` of the record, or 404. */
function requireAccess(record: ClientAccess | undefined, accessId: string): Access {
  const access = record?.accesses.find((a) => a.id === accessId);
  if (!access) throw new NotFoundError('No such client access', 'CLIENT_ACCESS_NOT_FOUND');
  return access;
}

/** Replaces one access's roles and scopes, or revokes or restores it, at the record's version. */
export async function changeClientAccess(
  caller: StaffCaller,
  externalUserId: string,
  accessId: string,
  body: ChangeClientAccessBody,
  clock: Clock = systemClock,
): Promise<ClientAccessView> {
  const { me, user, record } = await load(caller, externalUserId);
  const current = requireAccess(record, accessId);
  refusePromoted(user);
  assertVersion(user, record, body.version);
  await assertReferences(caller.accountId, body, current);
  const now = clock().toISOString();
  const access = accessFrom(body, { ...current, revoked: current }, me.id, now);
  const previous = record as ClientAccess;
  const next: ClientAccess = {
    ...previous,
    accesses: previous.accesses.map((a) => (a.id === accessId ? access : a)),
    version: previous.version + 1,
    updatedAt: now,
    updatedBy: me.id,
  };
  const refusal = await writeClientAccess(caller.accountId, previous, next);
  if (refusal) throw refused(externalUserId, refusal, body.roleIds);
  return clientAccessView(externalUserId, next);
}

/** Removes one access from the record altogether (revoking keeps it on record instead). */
export async function deleteClientAccess(
  caller: StaffCaller,
  externalUserId: string,
  accessId: string,
  version: number | undefined,
  clock: Clock = systemClock,
): Promise<ClientAccessView> {
  const { me, user, record } = await load(caller, externalUserId);
  requireAccess(record, accessId);
  assertVersion(user, record, version);
  const previous = record as ClientAccess;
  const now = clock().toISOString();
  const next: ClientAccess = {
    ...previous,
    accesses: previous.accesses.filter((a) => a.id !== accessId),
    version: previous.version + 1,
    updatedAt: now,
    updatedBy: me.id,
  };
  const refusal = await writeClientAccess(caller.accountId, previous, next, { checkUser: false });
  if (refusal) throw refused(externalUserId, refusal, []);
  return clientAccessView(externalUserId, next);
}
