import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { staffUser, staffUserIndexes } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { markStaffUserDeleted, updateStaffUser } from '../../functions/staff/staff-repository';
import { listUsers } from '../../functions/staff/staff-service';
import { backfillStaffUserStatusKeys } from '../../scripts/changes-backfill';
import { callerOf, newAccount, newUser } from '../support/data-fixtures';
import { countRequests } from '../support/request-counter';

const counter = countRequests(dynamo);
const later = new Date('2026-11-24T09:00:00.000Z');

/**
 * `GET /users?status=` (docs/data-model.md STF-2, STF-8) counted against DynamoDB Local: the
 * caller's GetItem and one Query a page of that status's own partition, which reads what it
 * returns; a user moves between the status lists with each write of their status or name.
 */
describe('the staff users of one status against DynamoDB Local', () => {
  let admin: StaffUser;
  /** Renamed so that the name order is known: "<family> G". */
  const users: Record<string, StaffUser> = {};

  const named = async (familyName: string) => {
    const user = await newUser(admin.accountId, 'general');
    users[familyName] = await updateStaffUser(user, user.version, { familyName }, later);
  };
  const disable = async (familyName: string) => {
    const user = users[familyName] as StaffUser;
    users[familyName] = await updateStaffUser(user, user.version, { status: 'disabled' }, later);
  };
  /** Every page of a status's list (and search), each page's requests checked. */
  const listed = async (query: { status: StaffUser['status']; q?: string }) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      counter.reset();
      const page = await listUsers(callerOf(admin), { ...query, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(counter.sent).toEqual(['Get', 'Query']);
      expect(counter.queried).toEqual({ read: page.items.length, returned: page.items.length });
      expect(page.items.every((user) => user.status === query.status)).toBe(true);
      ids.push(...page.items.map((user) => user.id));
      cursor = page.cursor;
      if (!cursor) break;
    }
    return ids;
  };
  const idsOf = (...familyNames: string[]) => familyNames.map((name) => users[name]?.id);

  beforeAll(async () => {
    admin = await newUser(await newAccount('staffstatus'), 'account_admin');
    for (const name of ['Adams', 'Baker', 'Clark', 'Dunn', 'Evans']) await named(name);
    await disable('Baker');
    await disable('Dunn');
    const evans = users.Evans as StaffUser;
    users.Evans = await markStaffUserDeleted(evans, evans.version, later);
  });

  it('lists one status by name with one Query a page that reads only what it returns', async () => {
    expect(await listed({ status: 'disabled' })).toEqual(idsOf('Baker', 'Dunn'));
    expect(await listed({ status: 'deleted' })).toEqual(idsOf('Evans'));
    const active = await listed({ status: 'active' });
    expect(active.filter((id) => id !== admin.id)).toEqual(idsOf('Adams', 'Clark'));
  });

  it('moves a user to the list of their new status, and to their new place in it on a rename', async () => {
    await disable('Adams');
    expect(await listed({ status: 'disabled' })).toEqual(idsOf('Adams', 'Baker', 'Dunn'));
    const adams = users.Adams as StaffUser;
    users.Adams = await updateStaffUser(adams, adams.version, { familyName: 'Zeller' }, later);
    expect(await listed({ status: 'disabled' })).toEqual([...idsOf('Baker', 'Dunn'), adams.id]);
    const zeller = users.Adams as StaffUser;
    users.Adams = await updateStaffUser(zeller, zeller.version, { status: 'active' }, later);
    expect(await listed({ status: 'disabled' })).toEqual(idsOf('Baker', 'Dunn'));
    expect((await listed({ status: 'active' })).filter((id) => id !== admin.id)).toEqual([users.Clark?.id, adams.id]);
  });

  it('searches within one status by name, then by address, one Query a page', async () => {
    expect(await listed({ status: 'disabled', q: 'dun' })).toEqual(idsOf('Dunn'));
    expect(await listed({ status: 'active', q: 'dun' })).toEqual([]);
    const baker = users.Baker as StaffUser;
    // By address: the fixtures' addresses start with the user's id.
    expect(await listed({ status: 'disabled', q: baker.email.slice(0, 12) })).toEqual([baker.id]);
    expect(await listed({ status: 'active', q: baker.email.slice(0, 12) })).toEqual([]);
  });

  it('refuses a cursor of one status’s list for another’s with 400 INVALID_CURSOR', async () => {
    const first = await listUsers(callerOf(admin), { status: 'disabled', limit: 1 });
    expect(first.cursor).toBeDefined();
    await expect(
      listUsers(callerOf(admin), { status: 'active', limit: 1, cursor: first.cursor as string }),
    ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('lists a user from before the status lists once the backfill ran, and a second run changes nothing', async () => {
    const old = await newUser(admin.accountId, 'general');
    // As written before staff users were listed by status: disabled, named Young, no status keys.
    await dynamo.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: staffUser(old.accountId, old.id),
        UpdateExpression:
          'SET #status = :disabled, familyName = :young, gsi1sk = :byName REMOVE gsi4pk, gsi4sk, gsi2pk, gsi2sk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':disabled': 'disabled',
          ':young': 'Young',
          ':byName': staffUserIndexes(old.accountId, old.id, 'Young G').gsi1sk,
        },
      }),
    );
    expect(await listed({ status: 'disabled' })).not.toContain(old.id);
    expect((await backfillStaffUserStatusKeys(process.env.TABLE_NAME as string)).updated).toBeGreaterThanOrEqual(1);
    expect(await listed({ status: 'disabled' })).toEqual([...idsOf('Baker', 'Dunn'), old.id]);
    expect(await listed({ status: 'disabled', q: old.email.slice(0, 12) })).toEqual([old.id]);
    expect((await backfillStaffUserStatusKeys(process.env.TABLE_NAME as string)).updated).toBe(0);
  });
});
