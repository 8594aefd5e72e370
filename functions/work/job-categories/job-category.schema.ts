import * as z from 'zod/mini';
import { component } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';

// A job category as stored and shown, apart from its bodies and routes (job-category.contract.ts),
// so the job writes and assignments that read a category build none of them.

/** A job category: the template new jobs of that kind start from. */
export const jobCategorySchema = /* @__PURE__ */ component(
  'JobCategory',
  /* @__PURE__ */ lazySchema(() =>
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      /** Staff users a new job of this category is owned by unless the creator says otherwise. */
      defaultOwnerIds: z.array(z.string()),
      /** Departments the category is for (none: every department). */
      departmentIds: z.array(z.string()),
      /** External users a new job of this category is assigned to unless the creator names its own. */
      defaultExternalUserIds: z.optional(z.array(z.string())),
      /** Archived categories stay on the jobs that use them but are not offered for new ones. */
      archived: z.boolean(),
      version: z.int(),
      createdAt: z.string(),
      createdBy: z.string(),
      updatedAt: z.string(),
      updatedBy: z.string(),
    }),
  ),
);
export type JobCategory = z.infer<typeof jobCategorySchema>;
