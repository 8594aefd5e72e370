import * as z from 'zod/mini';
import { documented, idSchema } from '#shared/contract';
import { ownerDepartmentFilterShape } from './work-item.contract';

// The list filters only some types have, apart from work-item.contract.ts so the logs' functions
// (which have neither) build neither.

/** The confidential filter of risks, risk assessments and projects. */
export const confidentialFilterShape = /* @__PURE__ */ (() => ({
  ...ownerDepartmentFilterShape,
  confidential: documented(z.optional(z.enum(['true', 'false'])), {
    description: 'true: only confidential items; false: only the others',
  }),
}))();

/** The external-user filter of jobs and incidents. */
export const externalUserFilterShape = /* @__PURE__ */ (() => ({
  externalUserId: documented(z.optional(idSchema), {
    description: 'Only items this external user is assigned to now (not combined with ownerId or departmentId)',
  }),
}))();

/** The search of jobs and incidents: a reference (exact) or words of the title. */
export const searchFilterShape = /* @__PURE__ */ (() => ({
  q: documented(z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))), {
    description:
      "A job's or incident's reference (its id, exact) or words of its title (each the start of a word, case and accents ignored); combines with every other filter. A title search reads at most 600 rows a request: a page may be short, even empty, and still carry a cursor to continue",
  }),
}))();
