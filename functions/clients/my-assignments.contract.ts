import * as z from 'zod/mini';
import { component, defineRoute, documented } from '#shared/contract';

export const myAssignmentsSchema = component(
  'MyAssignments',
  z.object({
    /** My active assignments, jobs then incidents, each with what its item shows in a list. */
    items: z.array(
      z.object({
        type: z.enum(['job', 'incident']),
        id: z.string(),
        title: z.string(),
        status: z.string(),
        /** A job's due date. */
        dueAt: z.optional(z.string()),
        /** When an incident was raised. */
        raisedAt: z.optional(z.string()),
        /**
         * The item's required checklist items and how many are answered (by anyone assigned), once
         * its checklists were counted; absent before.
         */
        progress: z.optional(z.object({ requiredAnswered: z.number(), requiredTotal: z.number() })),
      }),
    ),
    cursor: z.optional(z.string()),
  }),
);

export const getMyAssignments = defineRoute({
  method: 'GET',
  path: '/portal/assignments',
  auth: 'portal',
  operationId: 'getMyAssignments',
  summary:
    'My checklist assignments across jobs and incidents (active ones; archived or deleted items left out), a page at a time. Any external user, with or without client access',
  tags: ['client portal'],
  query: z.strictObject({
    limit: documented(z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))), {
      description: 'Assignments per page (1–100, default 25); a page may hold fewer, with a cursor to go on',
    }),
    cursor: documented(z.optional(z.string().check(z.maxLength(4096))), {
      description: 'From the previous page, to continue it',
    }),
  }),
  responses: {
    200: { description: 'A page of my assignments', schema: myAssignmentsSchema },
    403: { description: 'ACCESS_REVOKED, or TERMS_NOT_ACCEPTED (details.terms)' },
  },
});
