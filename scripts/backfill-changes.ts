/**
 * Ops: adds the Power BI feed's `changes` index keys to jobs, incidents and their tombstones
 * written before the index existed (docs/data-model.md FEED-8, docs/feed.md), external users'
 * place by modification time (FEED-11), the (owner, X) list rows to open jobs and incidents
 * with external users, co-owners, a customer or a site (WRK-8), the feed's log entries of
 * assignments and answers (FEED-14), and staff users' place in the search by address (STF-8) and
 * in the lists of their status (STF-2, STF-8 with `status`). Idempotent: run it
 * again and it changes nothing. Run with the deployed stack's table and AWS credentials:
 *
 *   TABLE_NAME=… AWS_REGION=… npm run -s backfill-changes
 *   TABLE_NAME=… AWS_REGION=… npm run -s backfill-changes -- --account <accountId>   # one account only
 */
const tableName = process.env.TABLE_NAME;
if (!tableName) {
  console.error('Set TABLE_NAME (the Data stack output).');
  process.exit(2);
}
const [flag, accountId, ...rest] = process.argv.slice(2);
if ((flag !== undefined && (flag !== '--account' || !accountId)) || rest.length > 0) {
  console.error('Usage: npm run -s backfill-changes [-- --account <accountId>]');
  process.exit(2);
}
// The whole table, or one account's records (a staged rollout: one account checked first).
const target = accountId ? { tableName, accountId } : tableName;
// Imported only now: the data layer reads TABLE_NAME at load.
const {
  backfillChanges,
  backfillExternalUserChanges,
  backfillFeedLog,
  backfillOwnerPairRows,
  backfillStaffUserEmailKeys,
  backfillStaffUserStatusKeys,
  backfillTombstoneModifiedBy,
} = await import('./changes-backfill');
const outcome = await backfillChanges(target, (line) => console.error(line));
// The (owner, X) list rows of jobs and incidents written before them (WRK-8).
const rows = await backfillOwnerPairRows(target, (line) => console.error(line));
// Who deleted a job or incident, on tombstones from before they kept it as `updatedBy` (FEED-7).
const tombstones = await backfillTombstoneModifiedBy(target);
// The external users' place by modification time (FEED-10, FEED-11).
const externalUsers = await backfillExternalUserChanges(target, (line) => console.error(line));
// The feed's log entries of assignments and answers (FEED-12 to FEED-14).
const feedLog = await backfillFeedLog(target, (line) => console.error(line));
// Staff users' place in the search by address, on users from before it (STF-8).
const staffUsers = await backfillStaffUserEmailKeys(target);
// Staff users' place in the lists of their status (STF-2, STF-8 with `status`).
const staffUserStatuses = await backfillStaffUserStatusKeys(target);
console.log(
  JSON.stringify(
    {
      ...outcome,
      ownerPairRows: rows,
      tombstonesModifiedBy: tombstones,
      externalUsers,
      feedLog,
      staffUserEmailKeys: staffUsers,
      staffUserStatusKeys: staffUserStatuses,
    },
    null,
    2,
  ),
);

export {};
