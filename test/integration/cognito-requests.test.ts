import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { awsJsonApi, awsService, isAwsError } from '#shared/aws-request';
import { cognito } from '#shared/cognito';

/*
 * Cognito's user pool API called as signed JSON 1.1 requests (shared/cognito.ts), first against
 * the local Cognito stand-in the stack runs (found, as the SDK client found it, through
 * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER), then against a scripted server for what the
 * stand-in never answers: throttling, 5xx and a gateway's HTML page.
 */
const staffPool = () => process.env.STAFF_USER_POOL_ID as string;
const newEmail = () => `cognito-${randomUUID()}@example.com`;

describe('Cognito calls against the local Cognito', () => {
  it('creates a user and answers its attributes, the sub among them', async () => {
    const email = newEmail();
    const created = await cognito('AdminCreateUser', {
      UserPoolId: staffPool(),
      Username: email,
      UserAttributes: [{ Name: 'email', Value: email }],
      MessageAction: 'SUPPRESS',
    });
    const sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
    expect(sub).toMatch(/^[\w-]{8,}$/);
  });

  it('throws UsernameExistsException, by name, for a user created twice', async () => {
    const email = newEmail();
    const input = {
      UserPoolId: staffPool(),
      Username: email,
      UserAttributes: [{ Name: 'email', Value: email }],
      MessageAction: 'SUPPRESS' as const,
    };
    await cognito('AdminCreateUser', input);
    const error = await cognito('AdminCreateUser', input).catch((e: unknown) => e);
    expect(isAwsError(error, 'UsernameExistsException')).toBe(true);
    expect(error).toMatchObject({ status: 400 });
  });

  it('throws UserNotFoundException for a user that does not exist', async () => {
    const error = await cognito('AdminDeleteUser', { UserPoolId: staffPool(), Username: newEmail() }).catch(
      (e: unknown) => e,
    );
    expect(isAwsError(error, 'UserNotFoundException')).toBe(true);
  });

  it('disables, signs out, enables and deletes a user', async () => {
    const email = newEmail();
    const user = { UserPoolId: staffPool(), Username: email };
    await cognito('AdminCreateUser', {
      ...user,
      UserAttributes: [{ Name: 'email', Value: email }],
      MessageAction: 'SUPPRESS',
    });
    await cognito('AdminDisableUser', user);
    await cognito('AdminUserGlobalSignOut', user);
    await cognito('AdminEnableUser', user);
    await cognito('AdminDeleteUser', user);
    const error = await cognito('AdminDeleteUser', user).catch((e: unknown) => e);
    expect(isAwsError(error, 'UserNotFoundException')).toBe(true);
  });
});

/** A JSON 1.1 server that answers each call with the next scripted answer and keeps what it got. */
const answers: { status: number; body: string; headers?: Record<string, string> }[] = [];
const received: { target: string; authorization: string; body: string }[] = [];
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    received.push({
      target: String(request.headers['x-amz-target']),
      authorization: String(request.headers.authorization),
      body,
    });
    const answer = answers.shift() ?? { status: 200, body: '{}' };
    response
      .writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1', ...answer.headers })
      .end(answer.body);
  });
});
const refusal = (type: string, message: string) => ({
  status: 400,
  body: JSON.stringify({ __type: type, message }),
});
let call: ReturnType<typeof awsJsonApi>;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL_SCRIPTED_JSON = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  call = awsJsonApi(
    awsService('cognito-idp', 'AWS_ENDPOINT_URL_SCRIPTED_JSON', 'cognito-idp'),
    'AWSCognitoIdentityProviderService',
  );
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  answers.length = 0;
  received.length = 0;
});

describe('Cognito calls, as signed JSON 1.1 requests', () => {
  it('sends one request signed for cognito-idp, naming the operation in X-Amz-Target', async () => {
    answers.push({ status: 200, body: JSON.stringify({ UserPoolClient: { ClientSecret: 's' } }) });
    const output = await call('DescribeUserPoolClient', { UserPoolId: 'pool', ClientId: 'client' });
    expect(output).toEqual({ UserPoolClient: { ClientSecret: 's' } });
    expect(received).toHaveLength(1);
    const [request] = received as [(typeof received)[number]];
    expect(request.target).toBe('AWSCognitoIdentityProviderService.DescribeUserPoolClient');
    expect(request.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=\S+\/cognito-idp\/aws4_request, SignedHeaders=\S*x-amz-target\S*, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.parse(request.body)).toEqual({ UserPoolId: 'pool', ClientId: 'client' });
  });

  it('names the error by its type without the namespace, and does not try a refusal again', async () => {
    answers.push(refusal('com.amazonaws.cognito.identity.idp.model#NotAuthorizedException', 'Invalid session.'));
    await expect(call('AdminRespondToAuthChallenge', {})).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session.',
      status: 400,
    });
    expect(received).toHaveLength(1);
  });

  it('reads the type from the x-amzn-errortype header when the body has none', async () => {
    answers.push({
      status: 400,
      body: '{}',
      headers: { 'x-amzn-errortype': 'UserNotFoundException:http://internal.amazon.com/coral/' },
    });
    await expect(call('AdminGetUser', {})).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('tries again on throttling and on a 5xx, and succeeds on the third attempt', async () => {
    answers.push(refusal('TooManyRequestsException', 'Rate exceeded'));
    answers.push({ status: 503, body: '<html>Service Unavailable</html>' });
    answers.push({ status: 200, body: '{}' });
    await expect(call('AdminDisableUser', {})).resolves.toEqual({});
    expect(received).toHaveLength(3);
  });

  it('gives up after three attempts and throws the last error, a gateway page named by its status', async () => {
    for (let i = 0; i < 3; i++) answers.push({ status: 502, body: '<html>Bad Gateway</html>' });
    await expect(call('AdminEnableUser', {})).rejects.toMatchObject({ name: 'ServiceUnavailable', status: 502 });
    expect(received).toHaveLength(3);
  });

  it('answers an empty body as an empty output', async () => {
    answers.push({ status: 200, body: '' });
    await expect(call('AdminUserGlobalSignOut', {})).resolves.toEqual({});
  });
});
