import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import type { StaffUser } from '../../functions/staff/staff.contract';
import {
  createRiskAssessment,
  listRiskAssessments,
} from '../../functions/work/risk-assessments/risk-assessment-service';
import type { CreateRiskBody } from '../../functions/work/risks/risk.contract';
import {
  archiveRisk,
  createRisk,
  deleteRisk,
  getRisk,
  listRisks,
  updateRisk,
} from '../../functions/work/risks/risk-service';
import { callerOf, clock, newAccount, newUser } from '../support/data-fixtures';
import { countRequests } from '../support/request-counter';

const counter = countRequests(dynamo);

/** Every stored item of a risk's collection, by sort key, with whether it is on the owner index. */
async function collection(accountId: string, id: string): Promise<string[]> {
  const { pk } = keys.workItem('risk', accountId, id);
  const result = await dynamo.send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    }),
  );
  // Each row with the visibility class its partitions carry (the last segment of its visibility index key).
  return (result.Items ?? []).map((item) => `${item.sk} ${String(item.gsi2pk).split('#').at(-1)}`).sort();
}

describe('risk and assessment requests against DynamoDB Local', () => {
  let accountId: string;
  let admin: StaffUser;
  let owner: StaffUser;
  let seeOwned: StaffUser;
  let nobody: StaffUser;
  const body = (ownerIds: string[], extra: Partial<CreateRiskBody> = {}): CreateRiskBody => ({
    title: 'Storm',
    kind: 'risk',
    ownerIds,
    ...extra,
  });

  beforeAll(async () => {
    accountId = await newAccount('risks');
    [admin, owner, seeOwned, nobody] = await Promise.all([
      newUser(accountId, 'account_admin'),
      newUser(accountId, 'general', { risk: { access: true } }),
      newUser(accountId, 'general', { risk: { access: true, see: 'owned' } }),
      newUser(accountId, 'general'),
    ]);
  });

  it('creates a risk with the caller read, the owners read and one TransactWriteItems', async () => {
    counter.reset();
    await createRisk(callerOf(owner), body([owner.id]), clock);
    expect(counter.sent).toEqual(['Get', 'BatchGet', 'TransactWriteItems']);
  });

  it('serves a list page with the caller read and one Query, and an empty one with no Query', async () => {
    counter.reset();
    await listRisks(callerOf(seeOwned), { limit: 5, status: 'draft' });
    expect(counter.sent).toEqual(['Get', 'Query']);
    counter.reset();
    await listRiskAssessments(callerOf(nobody), {});
    expect(counter.sent).toEqual(['Get']);
  });

  it('reads with two GetItems, and updates, archives and deletes with one TransactWriteItems after them', async () => {
    const risk = await createRisk(callerOf(admin), body([owner.id]), clock);
    counter.reset();
    await getRisk(callerOf(owner), risk.id);
    expect(counter.sent).toEqual(['Get', 'Get']);
    for (const write of [
      () => updateRisk(callerOf(admin), risk.id, { version: 1, status: 'open' }, clock),
      () => archiveRisk(callerOf(admin), risk.id, clock),
      () => deleteRisk(callerOf(admin), risk.id),
    ]) {
      counter.reset();
      await write();
      expect(counter.sent).toEqual(['Get', 'Get', 'TransactWriteItems']);
    }
  });

  it('keeps a risk collection to the item and one row per owner, moving all of them to the confidential class and back', async () => {
    const risk = await createRisk(callerOf(admin), body([owner.id, seeOwned.id]), clock);
    const rowsIn = (cls: string) => [`OWNER#${owner.id} ${cls}`, `OWNER#${seeOwned.id} ${cls}`, `RISK ${cls}`].sort();
    expect(await collection(accountId, risk.id)).toEqual(rowsIn('OPEN'));
    const secret = await updateRisk(callerOf(admin), risk.id, { version: 1, confidential: true }, clock);
    expect(await collection(accountId, risk.id)).toEqual(rowsIn('CONFIDENTIAL'));
    await updateRisk(callerOf(admin), risk.id, { version: secret.version, confidential: false }, clock);
    expect(await collection(accountId, risk.id)).toEqual(rowsIn('OPEN'));
  });

  it("holds exactly one owner's open, non-confidential risks of one status in that owner's status partition", async () => {
    const made = await Promise.all([
      createRisk(callerOf(admin), body([seeOwned.id], { status: 'open' }), clock),
      createRisk(callerOf(admin), body([seeOwned.id], { status: 'closed' }), clock),
      createRisk(callerOf(admin), body([seeOwned.id], { status: 'open', confidential: true }), clock),
      createRisk(callerOf(admin), body([owner.id], { status: 'open' }), clock),
    ]);
    const target = keys.workItemList(
      'risk',
      accountId,
      { filter: { ownerId: seeOwned.id }, visibility: { kind: 'open' } },
      { archived: false, status: 'open' },
    );
    const page = await listRisks(callerOf(seeOwned), { limit: 100, status: 'open' });
    // Items read = items returned: the partition holds nothing the page drops.
    const partition = await dynamo.send(
      new QueryCommand({
        TableName: process.env.TABLE_NAME,
        IndexName: target.index,
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': target.partition.name },
        ExpressionAttributeValues: { ':p': target.partition.value },
      }),
    );
    expect(page.items.map((r) => r.id)).toEqual([made[0]?.id]);
    expect(partition.ScannedCount).toBe(page.items.length);
  });

  it('keeps confidential assessments out of the open partition', async () => {
    const [open, secret] = await Promise.all([
      createRiskAssessment(callerOf(admin), { title: 'Open', ownerIds: [owner.id] }, clock),
      createRiskAssessment(callerOf(admin), { title: 'Secret', ownerIds: [owner.id], confidential: true }, clock),
    ]);
    const target = keys.workItemList(
      'riskAssessment',
      accountId,
      { filter: {}, visibility: { kind: 'open' } },
      {
        archived: false,
      },
    );
    const partition = await dynamo.send(
      new QueryCommand({
        TableName: process.env.TABLE_NAME,
        IndexName: target.index,
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': target.partition.name },
        ExpressionAttributeValues: { ':p': target.partition.value },
      }),
    );
    const ids = (partition.Items ?? []).map((item) => item.id);
    expect(ids).toContain(open.id);
    expect(ids).not.toContain(secret.id);
  });
});
