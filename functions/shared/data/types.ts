import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

/** A page of a list and the cursor for the next one (absent on the last page). */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

/**
 * The write half of a transaction item, built by repositories and sent in one request. It never
 * has a `name` or `write`, so a bare write and a `Step` cannot be taken for one another.
 */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number] & {
  name?: never;
  write?: never;
};

/**
 * One write of a transaction, named by what it is for (e.g. `assignment`, `emailGuard`) so that a
 * refused transaction says which steps failed. Steps may share a name (e.g. one per list row).
 */
export interface Step {
  name: string;
  write: TransactItem;
}

/**
 * The steps of a refused transaction whose condition failed, by name, each with the item as it is
 * stored now where DynamoDB returned it (for steps sharing a name, the first that failed).
 */
export type FailedSteps = ReadonlyMap<string, Record<string, unknown> | undefined>;
