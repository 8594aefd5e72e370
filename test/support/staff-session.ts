import { randomUUID } from 'node:crypto';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { inject } from 'vitest';
import { provisionAccount } from '../../functions/staff/provision-account';
import { emailsTo } from './inbox';

export const apiUrl = () => inject('apiUrl');
const cognito = new CognitoIdentityProviderClient({});

/** Signs in through the real Cognito SDK against the local pool, as the web client does. */
export async function signIn(email: string, password: string): Promise<string> {
  const result = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: process.env.STAFF_USER_POOL_CLIENT_ID,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  const token = result.AuthenticationResult?.IdToken;
  if (!token) throw new Error('no ID token');
  return token;
}

/** A fresh tenant with a signed-in Account Admin. */
export async function newAccountWithAdmin(label: string) {
  const password = `Pw-${randomUUID()}!`;
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const { account, admin } = await provisionAccount({
    name: `${label} venue`,
    admin: { email, givenName: label, familyName: 'Admin' },
    password,
  });
  return { account, admin, token: await signIn(email, password) };
}

/** An API answer with its body already parsed (JSON when it is JSON). */
export interface ApiResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the API answered and assert on it
  body: any;
}

/** Calls the local HTTP API. */
export async function api(path: string, init: RequestInit & { token?: string } = {}): Promise<ApiResponse> {
  const { token, headers, ...rest } = init;
  const res = await fetch(`${apiUrl()}${path}`, {
    ...rest,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(headers as Record<string, string>) },
  });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, headers: res.headers, body: isJson && text ? JSON.parse(text) : text };
}

/** What the staff console keeps of a signed-in session (its tab's sessionStorage). */
export interface ConsoleSession {
  idToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the ID token expires. */
  expiresAt: number;
}

/**
 * Signs in for the first time with the temporary password from the invitation e-mail and sets a
 * new one (Cognito's NEW_PASSWORD_REQUIRED challenge), as the web client does; answers the session
 * that opens, as the console keeps it.
 */
export async function acceptInvitation(
  email: string,
  temporaryPassword: string,
  newPassword: string,
): Promise<ConsoleSession> {
  const clientId = process.env.STAFF_USER_POOL_CLIENT_ID;
  const first = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: email, PASSWORD: temporaryPassword },
    }),
  );
  if (first.ChallengeName !== 'NEW_PASSWORD_REQUIRED')
    throw new Error(`expected NEW_PASSWORD_REQUIRED, got ${first.ChallengeName}`);
  const done = await cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: first.Session,
      ChallengeResponses: { USERNAME: first.ChallengeParameters?.USER_ID_FOR_SRP ?? email, NEW_PASSWORD: newPassword },
    }),
  );
  const result = done.AuthenticationResult;
  if (!result?.IdToken || !result.RefreshToken) throw new Error('no ID token after the new password');
  return {
    idToken: result.IdToken,
    refreshToken: result.RefreshToken,
    expiresAt: Date.now() + (result.ExpiresIn ?? 3600) * 1000,
  };
}

/** A unique e-mail address for a test user. */
export const newEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;

/**
 * Creates a staff user as `token`'s user and signs them in through their invitation; `session` is
 * that sign-in's session, for a console tab opened already signed in (see signedInConsole).
 */
export async function invite(token: string, role: string, label = role) {
  const email = newEmail(label);
  const res = await api('/users', {
    method: 'POST',
    token,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, givenName: label, familyName: 'Tester', role }),
  });
  if (res.status !== 201) throw new Error(`create ${role}: ${res.status} ${JSON.stringify(res.body)}`);
  const [invitation] = await emailsTo(email);
  const temporary = /temporary password is (\S+)\./.exec(invitation?.body.text ?? '')?.[1] ?? '';
  const password = `Pw-${randomUUID()}!`;
  const session = await acceptInvitation(email, temporary, password);
  return { user: res.body, email, password, token: session.idToken, session };
}

export type Tenant = Awaited<ReturnType<typeof newAccountWithAdmin>>;
export type Member = Awaited<ReturnType<typeof invite>>;

/** Calls the API with a JSON body (when given) as `token`'s user. */
export const send = (method: string, path: string, token: string, body?: object) =>
  api(path, {
    method,
    token,
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

/** Invites a staff user and gives them module permissions; answers them with their stored permissions. */
export async function member(t: Tenant, role: string, label: string, permissions?: object): Promise<Member> {
  const m = await invite(t.token, role, label);
  if (!permissions) return m;
  const res = await send('PATCH', `/users/${m.user.id}`, t.token, { version: m.user.version, permissions });
  if (res.status !== 200) throw new Error(`permissions for ${label}: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...m, user: res.body };
}

/**
 * The ids of every item a list route answers `token`'s user, walking all pages (`limit` per page,
 * so paging is exercised); `query` adds filters, e.g. `status=open`.
 */
export async function listIds(path: string, token: string, query = '', limit = 3): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 200; pages++) {
    const params = [`limit=${limit}`, query, cursor ? `cursor=${cursor}` : ''].filter(Boolean).join('&');
    const res = await api(`${path}?${params}`, { token });
    if (res.status !== 200) throw new Error(`list ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(...res.body.items.map((i: { id: string }) => i.id));
    cursor = res.body.cursor;
    if (!cursor) return ids;
  }
  throw new Error(`list ${path} did not end within 200 pages`);
}
