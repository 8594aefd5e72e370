/**
 * Ops: adds the Power BI feed's `changes` index keys to jobs, incidents and their tombstones
 * written before the index existed (docs/data-model.md FEED-8, docs/feed.md). Idempotent: run it
 * again and it changes nothing. Run with the deployed stack's table and AWS credentials:
 *
 *   TABLE_NAME=… AWS_REGION=… npm run -s backfill-changes
 */
const tableName = process.env.TABLE_NAME;
if (!tableName) {
  console.error('Set TABLE_NAME (the Data stack output).');
  process.exit(2);
}
// Imported only now: the data layer reads TABLE_NAME at load.
const { backfillChanges } = await import('./changes-backfill');
const outcome = await backfillChanges(tableName, (line) => console.error(line));
console.log(JSON.stringify(outcome, null, 2));

export {};
