import * as z from 'zod/mini';
import { component, idSchema } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';

// The account as stored and shown, apart from its change body and routes (account.contract.ts):
// every function that reads the account's settings (the permission checks of most routes) builds
// only these.

// Made on first use (`lazySchema`): a schema built at load is kept by every bundle that imports
// the module, used or not (esbuild cannot tell `z.string()` is pure).
export const departmentSchema = /* @__PURE__ */ component(
  'Department',
  /* @__PURE__ */ lazySchema(() => z.object({ id: idSchema, name: z.string(), archived: z.boolean() })),
);
export const privacyStatusSchema = /* @__PURE__ */ component(
  'PrivacyStatus',
  /* @__PURE__ */ lazySchema(() => z.object({ id: idSchema, name: z.string(), archived: z.boolean() })),
);
export const incidentSeverityScales = ['levels', 'numeric'] as const;

/** An account and its settings as the API shows them. */
export const accountViewSchema = /* @__PURE__ */ component(
  'Account',
  /* @__PURE__ */ lazySchema(() =>
    z.object({
      id: z.string(),
      name: z.string(),
      departments: z.array(departmentSchema),
      /** Ordered from least to most confidential; an item with one of them is confidential. */
      privacyStatuses: z.array(privacyStatusSchema),
      /** Incident severity as low/medium/high (`levels`) or 1–5 (`numeric`). */
      incidentSeverityScale: z.enum(incidentSeverityScales),
      /** The account's IANA time zone, if it has one: reports and exports add local-time columns in it. */
      timeZone: z.optional(z.string()),
      version: z.int(),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
);

export type AccountView = z.infer<typeof accountViewSchema>;
