import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { listExports } from '../../functions/exports/export-list-service';
import type { ExportRecord } from '../../functions/exports/export-record';
import { insertExport } from '../../functions/exports/export-repository';
import { dynamo } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { callerOf, newAccount, newUser } from '../support/data-fixtures';
import { countRequests } from '../support/request-counter';

const counter = countRequests(dynamo);

/**
 * The requests of `GET /exports` (docs/data-model.md EXP-6), counted against DynamoDB Local: a
 * page is one Query of the caller's own partition, which reads what it returns, and holds neither
 * another user's export nor a download link (a link issued is audited as a download; a list is
 * not one). The exports are written done, so the local stack's worker leaves them alone.
 */
describe('the list of the caller’s exports against DynamoDB Local', () => {
  let mine: StaffUser;
  let colleague: StaffUser;
  let elsewhere: StaffUser;
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  /** Ids of a user's exports, newest first. */
  const ids: Record<string, string[]> = {};

  const seed = async (user: StaffUser, minutes: number, status: 'done' | 'failed' = 'done') => {
    const at = minutesAgo(minutes);
    const record: ExportRecord = {
      entity: 'Export',
      version: 3,
      id: randomUUID(),
      accountId: user.accountId,
      report: 'jobs',
      format: 'csv',
      query: {},
      columns: ['title'],
      requestedBy: user.id,
      requestedByGroups: [],
      status,
      rowsWritten: 2,
      chunks: 1,
      segments: 1,
      createdAt: at,
      updatedAt: at,
      finishedAt: at,
      ...(status === 'failed' ? { failureReason: 'The export could not be written' } : {}),
    };
    await insertExport(record);
    ids[user.id] = [record.id, ...(ids[user.id] ?? [])];
  };

  beforeAll(async () => {
    const [accountId, otherAccountId] = await Promise.all([newAccount('exportlist'), newAccount('exportlist-other')]);
    [mine, colleague, elsewhere] = await Promise.all([
      newUser(accountId, 'account_admin'),
      newUser(accountId, 'account_admin'),
      newUser(otherAccountId, 'account_admin'),
    ]);
    // Oldest first, the colleague's and the other account's interleaved with the caller's.
    for (let i = 0; i < 7; i++) {
      await seed(mine, 100 - i * 10, i === 3 ? 'failed' : 'done');
      await seed(colleague, 95 - i * 10);
      if (i % 2 === 0) await seed(elsewhere, 95 - i * 10);
    }
  });

  it('reads each page with one Query that reads only the rows it returns, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      counter.reset();
      const page = await listExports(callerOf(mine), { limit: 3, ...(cursor ? { cursor } : {}) });
      expect(counter.sent).toEqual(['Query']);
      expect(counter.queried).toEqual({ read: page.items.length, returned: page.items.length });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.cursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(ids[mine.id]);
    // 7 exports at 3 a page: the third page is the last one, with no cursor.
    expect(pages).toBe(3);
  });

  it('holds none of another user’s exports, in the account or outside it, and no download link', async () => {
    for (const user of [mine, colleague, elsewhere]) {
      const others = Object.entries(ids)
        .filter(([id]) => id !== user.id)
        .flatMap(([, theirs]) => theirs);
      counter.reset();
      const page = await listExports(callerOf(user), { limit: 50 });
      // One Query, and no write: a look at the list notes no download (EXP-5).
      expect(counter.sent).toEqual(['Query']);
      expect(page.items.map((item) => item.id)).toEqual(ids[user.id]);
      expect(page.items.filter((item) => others.includes(item.id))).toEqual([]);
      // Done, unexpired exports among them, and still no link.
      expect(page.items.some((item) => item.status === 'done' && !item.expired)).toBe(true);
      expect(page.items.filter((item) => 'download' in item)).toEqual([]);
    }
  });
});
