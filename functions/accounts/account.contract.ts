import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema, versionNumber } from '#shared/contract';
import { canonicalTimeZone } from '#shared/local-time';
import { accountViewSchema, incidentSeverityScales } from './account.schema';

const name = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters'));

/** The most privacy statuses an account may have (the issue: up to 10 levels). */
export const maxPrivacyStatuses = 10;
export const maxDepartments = 200;

export {
  type AccountView,
  accountViewSchema,
  departmentSchema,
  incidentSeverityScales,
  privacyStatusSchema,
} from './account.schema';

/** A department or privacy status as sent: an existing one by its id, a new one without. */
const entry = z.strictObject({ id: z.optional(idSchema), name, archived: z.optional(z.boolean()) });

export const updateAccountBody = component(
  'UpdateAccount',
  z
    .strictObject({
      version: documented(versionNumber(), {
        description: 'The version you read; a stale one answers 409',
      }),
      /** Account settings (Account Admins). */
      name: z.optional(name),
      incidentSeverityScale: z.optional(z.enum(incidentSeverityScales)),
      timeZone: documented(
        z.optional(
          z.nullable(
            z.string().check(
              z.refine((name) => canonicalTimeZone(name) !== undefined, {
                message: 'must be an IANA time zone, e.g. Europe/London',
              }),
            ),
          ),
        ),
        {
          description:
            "The account's IANA time zone (e.g. Europe/London): reports and exports add local-time columns in it; null removes it",
        },
      ),
      /** Other settings (every admin role): the whole ordered list; existing entries are archived, never removed. */
      departments: z.optional(z.array(entry).check(z.maxLength(maxDepartments))),
      privacyStatuses: z.optional(z.array(entry).check(z.maxLength(maxPrivacyStatuses))),
    })
    .check(
      z.refine((body) => Object.keys(body).length > 1, {
        message: 'give at least one setting to change besides version',
      }),
    ),
);

export type UpdateAccountBody = z.infer<typeof updateAccountBody>;

export const getAccount = defineRoute({
  method: 'GET',
  path: '/account',
  auth: 'staff',
  operationId: 'getAccount',
  summary: "The caller's account: name, departments, privacy statuses, incident severity scale",
  tags: ['account'],
  responses: { 200: { description: 'The account and its settings', schema: accountViewSchema } },
});

export const updateAccount = defineRoute({
  method: 'PATCH',
  path: '/account',
  auth: 'staff',
  operationId: 'updateAccount',
  summary:
    'Change account settings (name, incident severity scale: Account Admins) or departments and privacy statuses (admin roles)',
  tags: ['account'],
  body: updateAccountBody,
  responses: { 200: { description: 'The updated account', schema: accountViewSchema } },
});
