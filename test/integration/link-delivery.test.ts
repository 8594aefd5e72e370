import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createExternalUser } from '../../functions/external-users/external-user-service';
import { createJob } from '../../functions/item-writes/create-job';
import { deliverAssignmentLink, EmailDeliveryError } from '../../functions/links/link-delivery';
import type { AssignmentRef } from '../../functions/links/link-repository';
import { keys } from '../../functions/shared/data/keys';
import { dynamo } from '../../functions/shared/data/table';
import type { Email } from '../../functions/shared/email';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { callerOf, clock, newAccount, newUser, now } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { drainStreams } from '../support/streams';

/**
 * Delivering an assignment's link when SES fails, against DynamoDB Local: a refusal for good is
 * recorded on the assignment and counted, and does not throw (so the stream record after it goes
 * on); anything else throws so that the record is retried.
 */
describe('delivering a link when SES fails', () => {
  let admin: StaffUser;
  let ref: AssignmentRef;

  const sesError = (name: string, message = 'SES said no') => Object.assign(new Error(message), { name });
  const stored = async () =>
    (
      await dynamo.send(
        new GetCommand({
          TableName: process.env.TABLE_NAME,
          Key: keys.assignment(ref.type, ref.accountId, ref.itemId, ref.externalUserId),
        }),
      )
    ).Item as Record<string, unknown>;
  /**
   * The assignment as it was before its e-mail went out: the local stack's stream consumer has
   * delivered it already, and its mailer ignores this write (the link request does not change).
   */
  const pendingRequest = async () => {
    await dynamo.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: keys.assignment(ref.type, ref.accountId, ref.itemId, ref.externalUserId),
        UpdateExpression: 'SET emailStatus = :pending REMOVE sentLinkRequestId, emailSentAt, emailFailedAt, emailError',
        ExpressionAttributeValues: { ':pending': 'pending' },
      }),
    );
    return String((await stored()).linkRequestId);
  };
  const deliver = (requestId: string, send: (email: Email) => Promise<void>) => {
    const counted: [string, Record<string, string> | undefined][] = [];
    const outcome = deliverAssignmentLink(ref, requestId, admin.id, {
      send,
      portalUrl: 'https://portal.example.com',
      clock,
      count: (name, properties) => counted.push([name, properties]),
    });
    return { outcome, counted };
  };

  beforeAll(async () => {
    const accountId = await newAccount('delivery');
    admin = await newUser(accountId, 'account_admin');
    const email = `ext-${accountId}@example.com`;
    const externalUserId = (
      await createExternalUser(callerOf(admin), { givenName: 'Ext', familyName: 'Person', email }, clock)
    ).id;
    const job = await createJob(
      callerOf(admin),
      {
        title: 'Barriers',
        dueAt: daysFromNow(7),
        location: { text: 'Gate' },
        ownerIds: [admin.id],
        externalUsers: [{ id: externalUserId }],
      },
      clock,
    );
    ref = { type: 'job', accountId, itemId: job.id, externalUserId };
    await drainStreams();
  });

  it('marks the request sent and counts LinkEmailSent when SES takes the e-mail', async () => {
    const requestId = await pendingRequest();

    const { outcome, counted } = deliver(requestId, async () => undefined);

    expect(await outcome).toBe('sent');
    expect(await stored()).toMatchObject({ emailStatus: 'sent', sentLinkRequestId: requestId });
    expect(counted).toEqual([['LinkEmailSent', undefined]]);
  });

  it("marks the assignment failed with SES's error name and the time, counts LinkEmailFailed, and does not throw when SES refuses the address", async () => {
    const requestId = await pendingRequest();

    const { outcome, counted } = deliver(requestId, async () => {
      throw sesError('MessageRejected', 'Email address is not verified.');
    });

    expect(await outcome).toBe('failed');
    expect(await stored()).toMatchObject({ emailStatus: 'failed', emailError: 'MessageRejected', emailFailedAt: now });
    expect(counted).toEqual([['LinkEmailFailed', { reason: 'MessageRejected' }]]);
  });

  it('sends nothing and counts nothing when the refused request is delivered again (a replayed record)', async () => {
    const requestId = await pendingRequest();
    await deliver(requestId, async () => {
      throw sesError('InvalidParameterValue', 'Local address contains control or whitespace');
    }).outcome;
    const sent: Email[] = [];

    const again = deliver(requestId, async (email) => void sent.push(email));

    expect(await again.outcome).toBe('failed');
    expect(sent).toEqual([]);
    expect(again.counted).toEqual([]);
    expect(await stored()).toMatchObject({ emailStatus: 'failed', emailError: 'InvalidParameterValue' });
  });

  it.each([
    ['throttled', sesError('Throttling', 'Maximum sending rate exceeded.')],
    ['unavailable', sesError('ServiceUnavailable')],
    ['unreachable', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['paused for the whole account', sesError('AccountSendingPausedException')],
  ])(
    'throws so the record is retried when SES is %s, leaving the assignment pending, and sends on the retry',
    async (_, error) => {
      const requestId = await pendingRequest();
      const failing = deliver(requestId, async () => {
        throw error;
      });

      await expect(failing.outcome).rejects.toBeInstanceOf(EmailDeliveryError);
      expect(await stored()).toMatchObject({ emailStatus: 'pending' });
      expect(failing.counted).toEqual([]);

      const sent: Email[] = [];
      expect(await deliver(requestId, async (email) => void sent.push(email)).outcome).toBe('sent');
      expect(sent).toHaveLength(1);
      expect(await stored()).toMatchObject({ emailStatus: 'sent', sentLinkRequestId: requestId });
    },
  );
});
