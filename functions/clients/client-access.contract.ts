import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema, versionNumber } from '#shared/contract';
import {
  accessSchema,
  clientAccessStatuses,
  maxAccessCustomers,
  maxAccessJobs,
  maxAccessRoles,
  maxAccessSubSites,
  reportFrequencies,
} from '../external-users/client-access';

const tags = ['client access'];

const unique = (what: string) =>
  z.refine<string[]>((ids) => new Set(ids).size === ids.length, { message: `${what} must not repeat` });

const accessShape = {
  status: documented(z.optional(z.enum(clientAccessStatuses)), {
    description: 'active, or revoked ("Revoke access"). Left out: active for a new access, unchanged for a change',
  }),
  roleIds: documented(
    z
      .array(idSchema)
      .check(
        z.minLength(1, 'a client access needs at least one external role'),
        z.maxLength(maxAccessRoles, `at most ${maxAccessRoles} roles`),
        unique('roles'),
      ),
    { description: `The external roles whose views the access allows (1–${maxAccessRoles})` },
  ),
  customerIds: documented(
    z.optional(
      z
        .array(idSchema)
        .check(z.maxLength(maxAccessCustomers, `at most ${maxAccessCustomers} customers`), unique('customers')),
    ),
    { description: 'Every job of these customers, now and in the future (not archived when newly named)' },
  ),
  jobIds: documented(
    z.optional(z.array(idSchema).check(z.maxLength(maxAccessJobs, `at most ${maxAccessJobs} jobs`), unique('jobs'))),
    { description: 'These jobs only: they do not follow new jobs (the answer warns so)' },
  ),
  site: z.optional(
    z.strictObject({
      siteId: idSchema,
      subSites: documented(
        z.optional(
          z
            .record(idSchema, z.boolean())
            .check(
              z.refine<Record<string, boolean>>(
                (map) => Object.keys(map).length <= maxAccessSubSites,
                `at most ${maxAccessSubSites} sub-sites`,
              ),
            ),
        ),
        { description: 'Sub-sites of the site: true grants one, false blocks it; each must be under the site' },
      ),
      futureSubSites: documented(z.optional(z.boolean()), {
        description: 'Whether sub-sites not named here (added later, too) are granted. Default false',
      }),
    }),
  ),
  reportFrequency: documented(z.optional(z.enum(reportFrequencies)), {
    description:
      "Report e-mails of the access's activity to the contact: off, daily or weekly. A site's items as its dashboard shows them, and the jobs of its customers and its named jobs due in the period. Left out: off for a new access, unchanged for a change",
  }),
  reportOnlyWhenActive: documented(z.optional(z.boolean()), {
    description: 'Send a report only when something happened in its period. Left out: false, or unchanged',
  }),
  reportTimeZone: documented(
    z.optional(
      z.string().check(
        z.maxLength(64),
        z.refine((tz) => isTimeZone(tz), 'must be an IANA time zone, like Europe/London'),
      ),
    ),
    { description: 'The time zone whose days and weeks the reports follow. Left out: UTC, or unchanged' },
  ),
};

/** Whether `tz` names an IANA time zone the runtime knows. */
function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An access needs a scope: what it gives access to. */
const hasScope = z.refine<{ customerIds?: string[] | undefined; jobIds?: string[] | undefined; site?: unknown }>(
  (body) => (body.customerIds?.length ?? 0) > 0 || (body.jobIds?.length ?? 0) > 0 || body.site !== undefined,
  { message: 'give the access a scope: customerIds, jobIds or site', path: ['customerIds'] },
);

const recordVersion = documented(versionNumber(0), {
  description: "The client access record's version you read (0 while the user has none); a stale one answers 409",
});

export const newClientAccessBody = component(
  'NewClientAccess',
  z.strictObject({ ...accessShape, version: z.optional(recordVersion) }).check(hasScope),
);
export type NewClientAccessBody = z.infer<typeof newClientAccessBody>;

export const changeClientAccessBody = component(
  'ChangeClientAccess',
  z.strictObject({ ...accessShape, version: recordVersion }).check(hasScope),
);
export type ChangeClientAccessBody = z.infer<typeof changeClientAccessBody>;

/** A warning the staff answer carries about an access (not an error: the access is saved). */
export const clientAccessWarningSchema = component(
  'ClientAccessWarning',
  z.object({ accessId: z.string(), code: z.literal('SPECIFIC_JOBS_DO_NOT_FOLLOW_NEW_JOBS'), message: z.string() }),
);

/** An external user's client access as the staff API shows it. */
export const clientAccessViewSchema = component(
  'ClientAccessView',
  z.object({
    externalUserId: z.string(),
    accesses: z.array(accessSchema),
    /** 0 while the user was never given client access. */
    version: z.int(),
    warnings: z.array(clientAccessWarningSchema),
  }),
);
export type ClientAccessView = z.infer<typeof clientAccessViewSchema>;

const userParams = z.strictObject({ externalUserId: idSchema });
const accessParams = z.strictObject({ externalUserId: idSchema, accessId: idSchema });

export const getClientAccess = defineRoute({
  method: 'GET',
  path: '/external-users/{externalUserId}/client-access',
  auth: 'staff',
  operationId: 'getClientAccess',
  summary: "An external user's client accesses: roles, scopes and status (other settings: admin roles)",
  tags,
  params: userParams,
  responses: { 200: { description: 'The client access', schema: clientAccessViewSchema } },
});

export const addClientAccess = defineRoute({
  method: 'POST',
  path: '/external-users/{externalUserId}/client-access',
  auth: 'staff',
  operationId: 'addClientAccess',
  summary:
    'Give an external user one more client access: at least one external role, and customers, specific jobs or a site with its sub-sites (other settings: admin roles)',
  tags,
  params: userParams,
  body: newClientAccessBody,
  responses: { 201: { description: 'The client access with the new one last', schema: clientAccessViewSchema } },
});

export const changeClientAccess = defineRoute({
  method: 'PUT',
  path: '/external-users/{externalUserId}/client-access/{accessId}',
  auth: 'staff',
  operationId: 'changeClientAccess',
  summary:
    "Replace one client access's roles and scopes, or revoke or restore it; optimistic concurrency on the record's `version` (other settings: admin roles)",
  tags,
  params: accessParams,
  body: changeClientAccessBody,
  responses: { 200: { description: 'The client access', schema: clientAccessViewSchema } },
});

export const deleteClientAccess = defineRoute({
  method: 'DELETE',
  path: '/external-users/{externalUserId}/client-access/{accessId}',
  auth: 'staff',
  operationId: 'deleteClientAccess',
  summary: 'Remove one client access altogether (revoking keeps it on record; other settings: admin roles)',
  tags,
  params: accessParams,
  query: z.strictObject({
    version: documented(
      z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER - 1))),
      { description: "The record's version you read: a stale one answers 409" },
    ),
  }),
  responses: { 200: { description: 'The client access without it', schema: clientAccessViewSchema } },
});
