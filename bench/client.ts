import { randomBytes } from 'node:crypto';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/*
 * The bench drives FieldPass as its clients do: the HTTP API, the local Cognito for staff
 * sign-in, the local inbox for e-mailed links, codes and passwords, and the control URL to wait
 * for the stream. Nothing here imports the product's modules.
 */

/** An API answer with its body parsed (JSON when it is JSON). */
export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the bench reads whatever the API answered
  body: any;
}

/** What the bench needs of the running local stack. */
export interface StackUrls {
  apiUrl: string;
  inboxUrl: string;
  controlUrl: string;
  staffClientId: string;
}

/** A phone's browser, as the portal's users send it (answers store the user agent). */
export const phoneUserAgent =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** A request id as the portal page makes one (fixed length, so item sizes do not drift). */
export const requestId = () => randomBytes(16).toString('base64url').slice(0, 22);

/** A unique e-mail address of fixed length. */
export const newEmail = (label: string) => `${label}-${randomBytes(6).toString('hex')}@example.com`;

export function benchClient(urls: StackUrls) {
  const cognito = new CognitoIdentityProviderClient({});

  /** Calls the HTTP API; `token` as the bearer, `body` as JSON. */
  async function api(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer> {
    const res = await fetch(`${urls.apiUrl}${path}`, {
      method,
      headers: {
        'user-agent': phoneUserAgent,
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, body: isJson && text ? JSON.parse(text) : text };
  }

  /** Like `api`, but throws unless the answer has `status`. */
  async function expect(status: number, method: string, path: string, options: Parameters<typeof api>[2] = {}) {
    const answer = await api(method, path, options);
    if (answer.status !== status)
      throw new Error(`${method} ${path}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** The e-mails the SES stand-in holds for `to`, oldest first. */
  async function emailsTo(to: string): Promise<{ subject: string; body: { text?: string } }[]> {
    const res = await fetch(`${urls.inboxUrl}/store`);
    const { emails } = (await res.json()) as {
      emails: { destination: { to: string[] }; subject: string; body: { text?: string } }[];
    };
    return emails.filter((e) => e.destination.to.some((a) => a.toLowerCase() === to.toLowerCase()));
  }

  /**
   * Waits until the stream consumer has handled every record written so far. The control URL gives
   * up after a minute; a backlog (after the soak) may take longer, so ask again until `patienceMs`.
   */
  async function drain(patienceMs = 60_000): Promise<void> {
    const deadline = Date.now() + patienceMs;
    for (;;) {
      const res = await fetch(`${urls.controlUrl}/streams/drain`, { method: 'POST' });
      if (res.status === 204) return;
      const text = await res.text();
      if (Date.now() > deadline || !text.includes('did not drain')) throw new Error(`drain: ${res.status} ${text}`);
    }
  }

  /** A staff user's ID token, signed in with e-mail and password as the web client does. */
  async function staffSignIn(email: string, password: string): Promise<string> {
    const result = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: urls.staffClientId,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const token = result.AuthenticationResult?.IdToken;
    if (!token) throw new Error('no staff ID token');
    return token;
  }

  /** Creates a staff user as `adminToken` and signs them in through their invitation e-mail. */
  async function inviteStaff(adminToken: string, body: Record<string, unknown>) {
    const email = newEmail(String(body.givenName).toLowerCase());
    const user = await expect(201, 'POST', '/users', { token: adminToken, body: { ...body, email } });
    const [invitation] = await emailsTo(email);
    const temporary = /temporary password is (\S+)\./.exec(invitation?.body.text ?? '')?.[1];
    if (!temporary) throw new Error(`no invitation e-mail for ${email}`);
    const first = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: urls.staffClientId,
        AuthParameters: { USERNAME: email, PASSWORD: temporary },
      }),
    );
    const done = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: urls.staffClientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: first.Session,
        ChallengeResponses: {
          USERNAME: first.ChallengeParameters?.USER_ID_FOR_SRP ?? email,
          NEW_PASSWORD: `Pw-${randomBytes(12).toString('hex')}!`,
        },
      }),
    );
    const token = done.AuthenticationResult?.IdToken;
    if (!token) throw new Error(`no ID token for ${email}`);
    return { user, token, email };
  }

  /** The link tokens e-mailed to `email`, oldest first (drain first: the stream sends them). */
  async function linksTo(email: string): Promise<string[]> {
    return (await emailsTo(email))
      .map((m) => /#\/l\/([A-Za-z0-9_-]{43})\b/.exec(m.body.text ?? '')?.[1])
      .filter((t): t is string => t !== undefined);
  }

  /** The one-time codes e-mailed to `email`, oldest first. */
  async function codesTo(email: string): Promise<string[]> {
    return (await emailsTo(email))
      .map((m) => /Your code: (\d{6})/.exec(m.body.text ?? '')?.[1])
      .filter((c): c is string => c !== undefined);
  }

  const requestCode = (link: string) => api('POST', '/portal/sign-in/code', { headers: { 'x-link-token': link } });
  const verifyCode = (link: string, session: string, code: string) =>
    api('POST', '/portal/sign-in/verify', { headers: { 'x-link-token': link }, body: { session, code } });

  /** The whole portal sign-in for a link e-mailed to `email`: its ID token. */
  async function portalSignIn(link: string, email: string): Promise<string> {
    const before = (await codesTo(email)).length;
    const asked = await requestCode(link);
    if (asked.status !== 200) throw new Error(`code request: ${asked.status} ${JSON.stringify(asked.body)}`);
    const code = (await codesTo(email))[before];
    if (!code) throw new Error(`no code e-mailed to ${email}`);
    const verified = await verifyCode(link, asked.body.session, code);
    if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`);
    return verified.body.idToken as string;
  }

  return {
    api,
    expect,
    emailsTo,
    drain,
    staffSignIn,
    inviteStaff,
    linksTo,
    codesTo,
    requestCode,
    verifyCode,
    portalSignIn,
  };
}

export type BenchClient = ReturnType<typeof benchClient>;
