import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { auditKeys, keys } from '../../functions/shared/data/keys';
import { dynamo, putNew, putVersioned, queryPage, transact, updateVersioned } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { findStaffUser, newStaffUserWrites, storedStaffUser as stored } from '../../functions/staff/staff-repository';
import { countRequests } from '../support/request-counter';

const now = '2026-11-23T09:00:00.000Z';

function staffUser(accountId: string, n: number, overrides: Partial<StaffUser> = {}): StaffUser {
  return {
    id: `user-${n}-${randomUUID().slice(0, 8)}`,
    accountId,
    email: `person${n}@${accountId}.example`,
    givenName: `Given${n}`,
    familyName: `Family${String(n).padStart(2, '0')}`,
    role: 'general',
    status: 'active',
    departmentIds: [],
    permissions: {},
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

async function createUsers(accountId: string, count: number): Promise<StaffUser[]> {
  const users = Array.from({ length: count }, (_, i) => staffUser(accountId, i));
  for (const user of users) await transact(newStaffUserWrites(user), 'exists');
  return users;
}

const counter = countRequests(dynamo);

describe('the data layer against DynamoDB Local', () => {
  let accountA: string;
  let accountB: string;
  beforeAll(async () => {
    accountA = `a-${randomUUID()}`;
    accountB = `b-${randomUUID()}`;
    await createUsers(accountA, 5);
    await createUsers(accountB, 2);
  });

  it('pages a list with opaque cursors, one Query per page, never leaving the account', async () => {
    const target = keys.staffUsersByName(accountA);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    counter.reset();
    do {
      const page = await queryPage(target, stored, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((u) => u.familyName));
      cursor = page.cursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(['Family00', 'Family01', 'Family02', 'Family03', 'Family04']);
    expect(counter.sent).toEqual(Array(pages).fill('Query'));
  });

  it("refuses to continue another account's list with a cursor from it", async () => {
    const page = await queryPage(keys.staffUsersByName(accountA), stored, { limit: 1 });
    await expect(
      queryPage(keys.staffUsersByName(accountB), stored, { limit: 1, ...(page.cursor ? { cursor: page.cursor } : {}) }),
    ).rejects.toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
  });

  /** The cursor of the first page of account A's staff list, decoded, changed by `change` and encoded again. */
  async function tamperedCursor(change: (key: Record<string, unknown>) => void): Promise<string> {
    const { cursor } = await queryPage(keys.staffUsersByName(accountA), stored, { limit: 1 });
    const key = JSON.parse(Buffer.from(cursor ?? '', 'base64url').toString('utf8'));
    change(key);
    return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
  }

  it.each([
    ['without the table key it needs', (key: Record<string, unknown>) => delete key.pk],
    ['without the index sort key', (key: Record<string, unknown>) => delete key.gsi1sk],
    ['with a key attribute the index does not have', (key: Record<string, unknown>) => (key.gsi2pk = 'x')],
    ['with an empty key value', (key: Record<string, unknown>) => (key.sk = '')],
    ['with a key value longer than DynamoDB allows', (key: Record<string, unknown>) => (key.sk = 'x'.repeat(1025))],
  ])('answers 400 INVALID_CURSOR naming query.cursor for a cursor %s, sending nothing', async (_, change) => {
    const cursor = await tamperedCursor(change);
    counter.reset();
    await expect(queryPage(keys.staffUsersByName(accountA), stored, { limit: 1, cursor })).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_CURSOR',
      details: [expect.objectContaining({ path: 'query.cursor' })],
    });
    expect(counter.sent).toEqual([]);
  });

  it('answers 400 INVALID_CURSOR for a cursor of a table query that carries an index key', async () => {
    const target = auditKeys.itemTrail('job', accountA, 'trail-job');
    for (const n of [1, 2]) {
      await dynamo.send(
        new PutCommand({
          TableName: process.env.TABLE_NAME,
          Item: { pk: target.partition.value, sk: `${target.sortKeyPrefix?.value}${n}`, entity: 'Entry' },
        }),
      );
    }
    const entry = z.looseObject({ entity: z.string() });
    const first = await queryPage(target, entry, { limit: 1 });
    const key = JSON.parse(Buffer.from(first.cursor ?? '', 'base64url').toString('utf8'));
    const cursor = Buffer.from(JSON.stringify({ ...key, gsi1sk: ' ' }), 'utf8').toString('base64url');
    await expect(queryPage(target, entry, { limit: 1, cursor })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    expect(
      (await queryPage(target, entry, { limit: 1, ...(first.cursor ? { cursor: first.cursor } : {}) })).items,
    ).toHaveLength(1);
  });

  it('reads a user only through the account it belongs to', async () => {
    const [user] = await createUsers(`c-${randomUUID()}`, 1);
    expect(await findStaffUser(user!.accountId, user!.id)).toMatchObject({ id: user!.id });
    expect(await findStaffUser(accountA, user!.id)).toBeUndefined();
  });

  it('updates with the expected version in one request and bumps the version', async () => {
    const [user] = await createUsers(`d-${randomUUID()}`, 1);
    counter.reset();
    const updated = await updateVersioned(
      keys.staffUser(user!.accountId, user!.id),
      1,
      { givenName: 'Robin' },
      stored,
      new Date(),
    );
    expect(counter.sent).toEqual(['Update']);
    expect(updated).toMatchObject({ givenName: 'Robin', version: 2 });
  });

  it('answers 409 with the current item when the version is stale, and changes nothing', async () => {
    const [user] = await createUsers(`e-${randomUUID()}`, 1);
    const key = keys.staffUser(user!.accountId, user!.id);
    await updateVersioned(key, 1, { givenName: 'First' }, stored, new Date());
    await expect(updateVersioned(key, 1, { givenName: 'Second' }, stored, new Date())).rejects.toMatchObject({
      status: 409,
      details: { current: expect.objectContaining({ givenName: 'First', version: 2 }) },
    });
    expect(await findStaffUser(user!.accountId, user!.id)).toMatchObject({ givenName: 'First', version: 2 });
  });

  it('answers 404 when updating an item that does not exist', async () => {
    await expect(
      updateVersioned(keys.staffUser(accountA, 'nobody'), 1, { givenName: 'x' }, stored, new Date()),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('leaves nothing half-written when a transaction breaks a uniqueness rule', async () => {
    const accountId = `f-${randomUUID()}`;
    const [first] = await createUsers(accountId, 1);
    const clash = staffUser(accountId, 9, { email: first!.email.toUpperCase() });
    await expect(transact(newStaffUserWrites(clash), 'That e-mail is taken')).rejects.toMatchObject({
      status: 409,
      message: 'That e-mail is taken',
    });
    expect(await findStaffUser(accountId, clash.id)).toBeUndefined();
  });

  it('names the failed steps of a refused transaction, with the stored item where DynamoDB returns it', async () => {
    const accountId = `n-${randomUUID()}`;
    const [first] = await createUsers(accountId, 1);
    const stale = { ...first!, givenName: 'Stale', version: 2 };
    const clash = staffUser(accountId, 8, { email: first!.email });
    let failed: ReadonlyMap<string, Record<string, unknown> | undefined> | undefined;
    await expect(
      transact(
        [
          { name: 'stale', write: putVersioned({ ...keys.staffUser(accountId, first!.id), ...stale }, 7) },
          ...newStaffUserWrites(clash),
        ],
        (refused) => {
          failed = refused;
          return new Error('refused');
        },
      ),
    ).rejects.toThrow('refused');
    expect([...(failed?.keys() ?? [])].sort()).toEqual(['staffUserEmail', 'stale']);
    expect(failed?.get('stale')).toMatchObject({ givenName: first!.givenName, version: 1 });
    expect(failed?.get('staffUserEmail')).toBeUndefined();
    expect(await findStaffUser(accountId, clash.id)).toBeUndefined();
  });

  it('refuses to change a key or the version through an update', async () => {
    const key = keys.staffUser(accountA, 'whoever');
    await expect(updateVersioned(key, 1, { pk: 'x' }, stored, new Date())).rejects.toThrow('cannot change pk');
    await expect(updateVersioned(key, 1, { version: 9 }, stored, new Date())).rejects.toThrow('cannot change version');
  });

  it('refuses a transaction of more than 100 items with 400 TOO_MANY_CHANGES, sending nothing', async () => {
    const counter = countRequests(dynamo);
    const writes = Array.from({ length: 101 }, (_, i) => ({
      name: 'bulk',
      write: putNew({ ...keys.staffUser(accountA, `bulk-${i}`), entity: 'Bulk', version: 1 }),
    }));
    await expect(transact(writes, 'exists')).rejects.toMatchObject({ status: 400, code: 'TOO_MANY_CHANGES' });
    expect(counter.sent).toEqual([]);
    expect(await findStaffUser(accountA, 'bulk-0')).toBeUndefined();
  });
});
