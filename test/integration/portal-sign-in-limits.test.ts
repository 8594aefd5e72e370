import { randomUUID } from 'node:crypto';
import {
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CreateAuthChallengeTriggerEvent, PostAuthenticationTriggerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listExternalActivity } from '../../functions/audit/audit-service';
import { saveAnswer } from '../../functions/checklists/answer-service';
import { createChecklist } from '../../functions/checklists/checklist-service';
import { createExternalUser } from '../../functions/external-users/external-user-service';
import { createJob } from '../../functions/item-writes/create-job';
import { readPortalItem } from '../../functions/portal/portal-item-service';
import { findCodeSends, reserveSendWrites } from '../../functions/portal-sign-in/code-send-repository';
import { createEmailCodeChallenge, recordCodeSignIn } from '../../functions/portal-sign-in/email-code';
import { dynamo, transact } from '../../functions/shared/data/table';
import { sesSender } from '../../functions/shared/email';
import type { PortalCaller } from '../../functions/shared/http';
import { logger } from '../../functions/shared/logger';
import { portalCallerFrom } from '../../functions/shared/portal-caller';
import type { StaffUser } from '../../functions/staff/staff.contract';
import { jobReads as jobs } from '../../functions/work/jobs/job-kind';
import { startLocalCognito } from '../../local/cognito';
import { secretHash } from '../../local/cognito/auth/secret-hash';
import { localCredentials, localRegion } from '../../local/dynamodb-local';
import { freePort } from '../../local/ports';
import { portalAuthTriggers } from '../../local/stack';
import { callerOf, newAccount, newUser } from '../support/data-fixtures';
import { daysFromNow } from '../support/dates';
import { httpEvent } from '../support/events';
import { emailsTo } from '../support/inbox';
import { codesTo, linksTo } from '../support/portal-session';
import { countRequests } from '../support/request-counter';
import { drainStreams } from '../support/streams';

const counter = countRequests(dynamo);

/**
 * The sign-in's limits, with time under the test's control: a local Cognito of its own whose
 * clock (sessions, auth_time) moves with the services' clock, running the deployed trigger
 * modules against the shared DynamoDB Local and SES stand-in.
 */
const pool = { id: 'local_PortalClock', client: 'portalclockclient' };
// Time stands still unless a test moves it, so waits and windows come out exact.
const startedAt = Date.now();
let offsetMs = 0;
const clock = () => new Date(startedAt + offsetMs);
const seconds = (s: number) => {
  offsetMs += s * 1000;
};

let cognito: Awaited<ReturnType<typeof startLocalCognito>>;
let sdk: CognitoIdentityProviderClient;
let service: typeof import('../../functions/portal-sign-in/portal-sign-in-service');
let disableHandler: typeof import('../../functions/external-users/disable-external-user.handler');
let admin: StaffUser;
let clientSecret: string;
/** SECRET_HASH for `username`, as only a holder of the client's secret (the API) can make it. */
const hashFor = (username: string) => secretHash(clientSecret, username, pool.client);

beforeAll(async () => {
  cognito = await startLocalCognito({
    port: await freePort(),
    host: '127.0.0.1',
    clock,
    pools: [
      {
        id: pool.id,
        immutableAttributes: ['custom:accountId'],
        preventUserExistenceErrors: true,
        authSessionValidityMinutes: 10,
        triggers: portalAuthTriggers(),
        clients: [
          {
            id: pool.client,
            generateSecret: true,
            explicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            idTokenValidityMinutes: 1440,
            accessTokenValidityMinutes: 1440,
            refreshTokenValidityDays: 1,
          },
        ],
      },
    ],
  });
  // The modules that talk to the portal pool read these at load: import them afterwards.
  process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = cognito.url;
  process.env.PORTAL_USER_POOL_ID = pool.id;
  process.env.PORTAL_USER_POOL_CLIENT_ID = pool.client;
  service = await import('../../functions/portal-sign-in/portal-sign-in-service');
  disableHandler = await import('../../functions/external-users/disable-external-user.handler');
  sdk = new CognitoIdentityProviderClient({
    endpoint: cognito.url,
    region: localRegion,
    credentials: localCredentials,
  });
  admin = await newUser(await newAccount('portal-clock'), 'account_admin');
  const described = await sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.id, ClientId: pool.client }));
  clientSecret = described.UserPoolClient?.ClientSecret ?? '';
});

afterAll(async () => {
  await cognito?.stop();
});

/** A job assigned to a new external user; answers the user and their link's token. */
async function assigned() {
  const ext = await createExternalUser(callerOf(admin), {
    givenName: 'Tess',
    familyName: 'Steward',
    email: `tess-${randomUUID().slice(0, 8)}@example.com`,
  });
  const job = await createJob(callerOf(admin), {
    title: 'Gate C barriers',
    dueAt: daysFromNow(180),
    location: { text: 'Gate C' },
    ownerIds: [admin.id],
    externalUsers: [{ id: ext.id }],
  });
  const [token] = await linksTo(ext.email);
  if (!token) throw new Error('no link');
  return { ext, token, job };
}

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as {
      status: number;
      code: string;
      details?: Record<string, unknown>;
      headers?: Record<string, string>;
    };
  }
  throw new Error('expected a refusal');
};

describe('portal code limits', () => {
  it('refuses a second send within 60 seconds and a sixth within an hour, with 429 and Retry-After', async () => {
    const { ext, token } = await assigned();
    await service.requestCode({ token }, clock);
    seconds(30);
    const tooSoon = await refusal(service.requestCode({ token }, clock));
    expect(tooSoon).toMatchObject({ status: 429, code: 'RATE_LIMITED', headers: { 'retry-after': '30' } });

    for (let sends = 2; sends <= 5; sends++) {
      seconds(31);
      await service.requestCode({ token }, clock);
      seconds(30);
    }
    expect(await codesTo(ext.email)).toHaveLength(5);
    seconds(31);
    // Five sends in the past 5 minutes: the next fits once the first is an hour old.
    const sixth = await refusal(service.requestCode({ token }, clock));
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers?.['retry-after'])).toBe(3600 - (30 + 4 * 61 + 31));
    expect(await codesTo(ext.email)).toHaveLength(5);

    seconds(3600);
    await service.requestCode({ token }, clock);
    expect(await codesTo(ext.email)).toHaveLength(6);
  });

  it("accepts a code only in its own session, and only the newest code: session A's code fails in session B", async () => {
    const { ext, token } = await assigned();
    const a = await service.requestCode({ token }, clock);
    seconds(61);
    const b = await service.requestCode({ token }, clock);
    const [codeA, codeB] = await codesTo(ext.email);
    if (codeA === codeB) return; // one chance in a million: nothing to tell apart

    const crossed = await refusal(service.verifyCode({ token }, { session: b.session, code: codeA as string }, clock));
    expect(crossed).toMatchObject({ status: 401, code: 'CODE_INCORRECT', details: { attemptsRemaining: 2 } });
    // A's own code in A's session: superseded by B, one outstanding code per user.
    const superseded = await refusal(
      service.verifyCode({ token }, { session: a.session, code: codeA as string }, clock),
    );
    expect(superseded).toMatchObject({ status: 401, code: 'CODE_INCORRECT' });

    const verified = await service.verifyCode(
      { token },
      { session: crossed.details?.session as string, code: codeB as string },
      clock,
    );
    expect(verified.item?.type).toBe('job');
  });

  it('refuses a right code once its session is older than 10 minutes', async () => {
    const { ext, token } = await assigned();
    const asked = await service.requestCode({ token }, clock);
    const [code] = await codesTo(ext.email);
    seconds(10 * 60 + 1);
    const late = await refusal(service.verifyCode({ token }, { session: asked.session, code: code as string }, clock));
    expect(late).toMatchObject({ status: 401, code: 'CODE_EXPIRED' });
  });

  it('refuses the token with VERIFICATION_EXPIRED 24 hours and 1 second after the code was accepted', async () => {
    const { ext, token } = await assigned();
    const asked = await service.requestCode({ token }, clock);
    const [code] = await codesTo(ext.email);
    const { idToken } = await service.verifyCode({ token }, { session: asked.session, code: code as string }, clock);
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    // As API Gateway passes them: every claim a string.
    const event = httpEvent({ claims: Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, String(v)])) });
    const signedInAt = clock().getTime();

    const caller: PortalCaller = portalCallerFrom(event, new Date(signedInAt + 24 * 3600_000 - 1000));
    expect(caller).toMatchObject({ accountId: admin.accountId, externalUserId: ext.id });
    expect(() => portalCallerFrom(event, new Date(signedInAt + 24 * 3600_000 + 1000))).toThrow(
      expect.objectContaining({ status: 401, code: 'VERIFICATION_EXPIRED' }),
    );
  });

  it('sends one e-mail when Cognito invokes CreateAuthChallenge twice for the same send', async () => {
    const { ext } = await assigned();
    const sendId = randomUUID();
    await transact(
      reserveSendWrites(
        {
          accountId: admin.accountId,
          externalUserId: ext.id,
          sendId,
          email: ext.email,
          item: { type: 'job', id: 'job-1', title: 'Gate C barriers' },
          accountName: 'Venue',
        },
        undefined,
        [clock().toISOString()],
        clock(),
      ),
      'reserved already',
    );
    const event = (): CreateAuthChallengeTriggerEvent => ({
      version: '1',
      region: 'local',
      userPoolId: pool.id,
      userName: ext.id,
      callerContext: { awsSdkVersion: '3', clientId: pool.client },
      triggerSource: 'CreateAuthChallenge_Authentication',
      request: {
        userAttributes: { 'custom:accountId': admin.accountId },
        challengeName: 'CUSTOM_CHALLENGE',
        session: [],
        clientMetadata: { sendId },
      },
      response: { publicChallengeParameters: {}, privateChallengeParameters: {}, challengeMetadata: '' },
    });
    const sendEmail = sesSender(process.env.SENDER_EMAIL as string, process.env.SES_CONFIGURATION_SET as string);
    const before = (await emailsTo(ext.email)).length;
    const first = await createEmailCodeChallenge(event(), { sendEmail });
    const second = await createEmailCodeChallenge(event(), { sendEmail });
    expect((await emailsTo(ext.email)).length).toBe(before + 1);
    expect(second.response.privateChallengeParameters).toEqual(first.response.privateChallengeParameters);
    expect(first.response.privateChallengeParameters.hash).toEqual(expect.any(String));
  });

  it("refuses Cognito's public InitiateAuth without the client secret, and even with it e-mails nothing without a ticket of one's own", async () => {
    const { ext, token } = await assigned();
    const other = await assigned();
    const theirs = randomUUID();
    await transact(
      reserveSendWrites(
        {
          accountId: admin.accountId,
          externalUserId: other.ext.id,
          sendId: theirs,
          email: other.ext.email,
          item: { type: 'job', id: other.job.id, title: 'Gate C barriers' },
          accountName: 'Venue',
        },
        undefined,
        [clock().toISOString()],
        clock(),
      ),
      'reserved already',
    );
    // A real code of their own, to try in the sessions they start themselves.
    await service.requestCode({ token }, clock);
    const before = [(await emailsTo(ext.email)).length, (await emailsTo(other.ext.email)).length];
    await expect(
      sdk.send(
        new InitiateAuthCommand({
          ClientId: pool.client,
          AuthFlow: 'CUSTOM_AUTH',
          AuthParameters: { USERNAME: ext.id },
        }),
      ),
    ).rejects.toBeInstanceOf(NotAuthorizedException);
    // Should the secret leak, the triggers still trust nothing they are sent (R5).
    for (const metadata of [undefined, { sendId: randomUUID() }, { sendId: theirs }]) {
      const started = await sdk.send(
        new InitiateAuthCommand({
          ClientId: pool.client,
          AuthFlow: 'CUSTOM_AUTH',
          AuthParameters: { USERNAME: ext.id, SECRET_HASH: hashFor(ext.id) },
          ...(metadata ? { ClientMetadata: metadata } : {}),
        }),
      );
      expect(started.ChallengeName).toBe('CUSTOM_CHALLENGE');
      const [code] = (await codesTo(ext.email)).slice(-1);
      const answered = await sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: pool.client,
          ChallengeName: 'CUSTOM_CHALLENGE',
          Session: started.Session,
          ChallengeResponses: { USERNAME: ext.id, ANSWER: code as string, SECRET_HASH: hashFor(ext.id) },
        }),
      );
      expect(answered.AuthenticationResult).toBeUndefined();
    }
    expect([(await emailsTo(ext.email)).length, (await emailsTo(other.ext.email)).length]).toEqual(before);
  });

  it('writes no code, link token, session or JWT to the logs, even at DEBUG level', async () => {
    const { ext, token } = await assigned();
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    logger.setLogLevel('DEBUG');
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    let secrets: string[];
    try {
      const asked = await service.requestCode({ token }, clock);
      const [code] = await codesTo(ext.email);
      const wrong = await refusal(
        service.verifyCode({ token }, { session: asked.session, code: code === '000000' ? '111111' : '000000' }, clock),
      );
      const session = wrong.details?.session as string;
      const verified = await service.verifyCode({ token }, { session, code: code as string }, clock);
      secrets = [code as string, token, asked.session, session, verified.idToken];
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
      logger.setLogLevel('ERROR');
    }
    const output = lines.join('');
    expect(output).toContain('Portal code requested');
    expect(output).toContain('Portal sign-in: verified');
    // The failed answer's line names the external user, so a wrong code is attributable.
    const failed = lines.find((line) => line.includes('Portal sign-in failed'));
    expect(failed && JSON.parse(failed)).toMatchObject({
      externalUserId: ext.id,
      reason: 'incorrect',
      attemptsLeft: 2,
    });
    for (const secret of secrets) expect(output).not.toContain(secret);
  });

  it('records a sign-in once when Cognito invokes PostAuthentication again for it', async () => {
    const { ext, token } = await assigned();
    seconds(61);
    const asked = await service.requestCode({ token }, clock);
    const code = (await codesTo(ext.email)).at(-1) as string;
    await service.verifyCode({ token }, { session: asked.session, code }, clock);
    const event: PostAuthenticationTriggerEvent = {
      version: '1',
      region: 'local',
      userPoolId: pool.id,
      userName: ext.id,
      callerContext: { awsSdkVersion: '3', clientId: pool.client },
      triggerSource: 'PostAuthentication_Authentication',
      request: { userAttributes: { 'custom:accountId': admin.accountId }, newDeviceUsed: false },
      response: {},
    };
    const signedInAt = (await findCodeSends(admin.accountId, ext.id))?.lastSignInAt;
    expect(signedInAt).toEqual(expect.any(String));

    seconds(1);
    await recordCodeSignIn(event, clock);

    expect((await findCodeSends(admin.accountId, ext.id))?.lastSignInAt).toBe(signedInAt);
    await drainStreams();
    const activity = await listExternalActivity(callerOf(admin), { externalUserId: ext.id });
    expect(activity.items.filter((entry) => entry.action === 'signed_in')).toHaveLength(1);
  });

  it('signs a disabled external user out of the portal pool: their refresh token stops working', async () => {
    const { ext, token } = await assigned();
    const asked = await service.requestCode({ token }, clock);
    const [code] = await codesTo(ext.email);
    const answered = await sdk.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: pool.id,
        ClientId: pool.client,
        ChallengeName: 'CUSTOM_CHALLENGE',
        ChallengeResponses: { USERNAME: ext.id, ANSWER: code as string, SECRET_HASH: hashFor(ext.id) },
        Session: asked.session,
      }),
    );
    const refreshToken = answered.AuthenticationResult?.RefreshToken as string;
    const refresh = () =>
      sdk.send(
        new AdminInitiateAuthCommand({
          UserPoolId: pool.id,
          ClientId: pool.client,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: hashFor(ext.id) },
        }),
      );
    expect((await refresh()).AuthenticationResult?.IdToken).toEqual(expect.any(String));

    const res = await disableHandler.handler.run(
      httpEvent({
        method: 'POST',
        path: `/external-users/${ext.id}/disable`,
        pathParameters: { externalUserId: ext.id },
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ version: ext.version }),
        claims: { sub: admin.id, 'custom:accountId': admin.accountId },
      }),
    );
    expect(res.statusCode).toBe(200);
    await expect(refresh()).rejects.toBeInstanceOf(NotAuthorizedException);
  });
});

describe('portal sign-in request budgets', () => {
  it('asks for a code with the link read, the send window read, one transaction, and the trigger claiming its ticket', async () => {
    const { token } = await assigned();
    counter.reset();
    await service.requestCode({ token }, clock);
    expect(counter.sent).toEqual(['Get', 'BatchGet', 'Get', 'TransactWriteItems', 'Update']);
  });

  it('costs an unknown link the same two reads as a known one, and no write', async () => {
    counter.reset();
    await service.requestCode({ token: 'Z'.repeat(43) }, clock);
    expect(counter.sent).toEqual(['Get', 'BatchGet']);
  });

  it('checks a code with the link read, the trigger reading the newest send, and PostAuthentication noting the sign-in', async () => {
    const { ext, token } = await assigned();
    seconds(61);
    const asked = await service.requestCode({ token }, clock);
    const code = (await codesTo(ext.email)).at(-1) as string;
    counter.reset();
    await service.verifyCode({ token }, { session: asked.session, code }, clock);
    expect(counter.sent).toEqual(['Get', 'BatchGet', 'Get', 'Update']);
  });

  it('notes a wrong code with the link read, the trigger reading the newest send, and one update', async () => {
    const { ext, token } = await assigned();
    seconds(61);
    const asked = await service.requestCode({ token }, clock);
    const code = (await codesTo(ext.email)).at(-1) as string;
    counter.reset();
    await refusal(
      service.verifyCode({ token }, { session: asked.session, code: code === '000000' ? '111111' : '000000' }, clock),
    );
    expect(counter.sent).toEqual(['Get', 'BatchGet', 'Get', 'Update']);
  });

  it('serves a portal item with its checklists in one round: one BatchGetItem (access, item, terms), one Query and the view', async () => {
    const { ext, job } = await assigned();
    const caller = { accountId: admin.accountId, externalUserId: ext.id, verifiedAt: clock() };
    counter.reset();
    const item = await readPortalItem(caller, 'job', job.id, clock);
    expect(item.access.state).toBe('open');
    // The two reads and the view noted on the access record (the audit trail's "item viewed") in
    // parallel, and nothing after: the owners' names come with the job (structure changed by
    // issue 17: the view and the names used to take a second round).
    expect([...counter.sent].sort()).toEqual(['BatchGet', 'Query', 'Update']);
    expect(item.owners).toHaveLength(1);
    // A reload within the visit (five minutes) reads only the two: the visit is known.
    seconds(60);
    counter.reset();
    await readPortalItem(caller, 'job', job.id, clock);
    expect([...counter.sent].sort()).toEqual(['BatchGet', 'Query']);
  });

  it('autosaves an answer in one TransactWriteItems once the checklist is known, with no Scan', async () => {
    const { ext, job } = await assigned();
    const checklist = await createChecklist(jobs, callerOf(admin), job.id, {
      title: 'Gate',
      audience: { all: true },
      sections: [{ title: 'S', items: [{ label: 'Vest on?', required: true, response: { type: 'yes_no_na' } }] }],
    });
    const caller = { accountId: admin.accountId, externalUserId: ext.id, verifiedAt: clock() };
    const itemId = checklist.sections[0]?.items[0]?.id as string;
    const body = (version: number) => ({ value: 'yes', version, requestId: randomUUID() });
    counter.reset();
    await saveAnswer(caller, 'job', job.id, checklist.id, itemId, body(0), { userAgent: 'test' }, clock);
    expect(counter.sent).toEqual(['BatchGet', 'TransactWriteItems']);
    counter.reset();
    await saveAnswer(caller, 'job', job.id, checklist.id, itemId, body(1), { userAgent: 'test' }, clock);
    expect(counter.sent).toEqual(['TransactWriteItems']);
  });
});
