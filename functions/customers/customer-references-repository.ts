import * as z from 'zod/mini';
import { customer, customerReferences, type PrimaryKey, site, siteReferences } from '#shared/data/keys';
import {
  batchGetItems,
  type Condition,
  type FailedSteps,
  itemPresent,
  presentAnd,
  type Step,
  updateFields,
} from '#shared/data/table';
import { ValidationError } from '#shared/errors';

// What a work item's writes need of customers and sites, apart from customer-repository.ts so the
// work item functions carry neither the customers' contracts nor their writes.

/** A new reference needs the reference record there and not archived; a dropped one, the record there. */
const live: Condition = presentAnd({
  expression: '#archived = :false',
  names: { '#archived': 'archived' },
  values: { ':false': false },
});

/** Adds `delta` to a count of a customer's or site's reference record (see `customerReferences`). */
export const countChange = (key: PrimaryKey, field: 'items' | 'sites' | 'subSites' | 'clientAccesses', delta: 1 | -1) =>
  updateFields(key, { add: { [field]: delta }, condition: delta > 0 ? live : itemPresent });

/** The customer and site a work item names. */
export interface ItemReferences {
  customerId?: string | undefined;
  siteId?: string | undefined;
}

const kinds = [
  ['customer', customerReferences],
  ['site', siteReferences],
] as const;

/**
 * The steps that keep the customer's and the site's reference counts when a work item's write
 * changes what it names (`before` absent: a new item; `after` absent: a deleted one), for the
 * item's own transaction: `<what>Reference` adds 1 to one named anew, which must exist and not be
 * archived at that moment (see `referenceRefusal`); `<what>Dropped` takes 1 from one no longer named.
 */
export function referenceSteps(accountId: string, before?: ItemReferences, after?: ItemReferences): Step[] {
  return kinds.flatMap(([what, key]) => {
    const was = before?.[`${what}Id`];
    const now = after?.[`${what}Id`];
    if (was === now) return [];
    return [
      ...(was !== undefined ? [{ name: `${what}Dropped`, write: countChange(key(accountId, was), 'items', -1) }] : []),
      ...(now !== undefined ? [{ name: `${what}Reference`, write: countChange(key(accountId, now), 'items', 1) }] : []),
    ];
  });
}

/**
 * The answer to a work item's transaction whose `referenceSteps` failed: a customer or site named
 * anew was archived or deleted (at the same moment as the write's checks, or a customer a site
 * brought): 400 naming the field; undefined otherwise.
 */
export function referenceRefusal(failed: FailedSteps): Error | undefined {
  const issues = kinds
    .filter(([what]) => failed.has(`${what}Reference`))
    .map(([what]) => ({
      path: `body.${what}Id`,
      code: `${failed.get(`${what}Reference`) ? 'archived' : 'unknown'}_${what}`,
      message: `the ${what} is archived or gone`,
    }));
  return issues.length > 0
    ? new ValidationError('Some fields refer to things that are not valid here', issues)
    : undefined;
}

/** What a work item's write checks of a customer or site. */
const facts = z.object({
  entity: z.string(),
  id: z.string(),
  archived: z.boolean(),
  customerId: z.optional(z.string()),
  parentSiteId: z.optional(z.string()),
});
export type CustomerSiteFacts = z.infer<typeof facts>;

/**
 * The facts of a customer and a site of the account, each when asked for: one BatchGetItem of
 * both (none when neither is asked for; CUS-9).
 */
export async function customerSiteFacts(
  accountId: string,
  ids: ItemReferences,
): Promise<{ customer?: CustomerSiteFacts; site?: CustomerSiteFacts }> {
  const keys = [
    ...(ids.customerId !== undefined ? [customer(accountId, ids.customerId)] : []),
    ...(ids.siteId !== undefined ? [site(accountId, ids.siteId)] : []),
  ];
  const found =
    keys.length > 0 ? await batchGetItems(keys, facts, ['entity', 'id', 'archived', 'customerId', 'parentSiteId']) : [];
  return {
    customer: found.find((record) => record.entity === 'Customer'),
    site: found.find((record) => record.entity === 'Site'),
  };
}

/** The counts of what a work item names, for a kind that only deletes items (see customer-site.ts for writes). */
export const customerSiteCounts = { steps: referenceSteps, refusal: referenceRefusal };
