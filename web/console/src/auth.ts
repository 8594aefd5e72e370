/**
 * Sign-in with the staff user pool, straight from the browser to Cognito's public operations
 * (USER_PASSWORD_AUTH, the first sign-in's NEW_PASSWORD_REQUIRED, REFRESH_TOKEN_AUTH; forgotten
 * passwords by e-mailed code). The session lives in sessionStorage: it ends with the tab, and
 * the ID token is refreshed with the refresh token a minute before it expires. Signing out revokes
 * the refresh token (RevokeToken), so a copy of it no longer opens a session.
 */
const config = (globalThis as { FIELDPASS_CONFIG?: { cognitoUrl?: string; clientId?: string } }).FIELDPASS_CONFIG;
const key = 'fieldpass.console.session';

interface Session {
  idToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the ID token expires. */
  expiresAt: number;
}

/** Cognito refused: its exception name (`NotAuthorizedException`, …) and message. */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: Cognito's answers differ per operation; each caller reads its own
async function cognito(operation: string, body: object): Promise<any> {
  const res = await fetch(config?.cognitoUrl ?? '', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
    referrerPolicy: 'no-referrer',
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) {
    const type = String(answer.__type ?? 'Error').replace(/^.*#/, '');
    throw new CognitoError(type, String(answer.message ?? answer.Message ?? 'Sign-in failed.'));
  }
  return answer;
}

function keep(result: { IdToken: string; RefreshToken?: string; ExpiresIn: number }, refreshToken?: string): void {
  const session: Session = {
    idToken: result.IdToken,
    refreshToken: result.RefreshToken ?? refreshToken ?? '',
    expiresAt: Date.now() + result.ExpiresIn * 1000,
  };
  sessionStorage.setItem(key, JSON.stringify(session));
}

function stored(): Session | undefined {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

/** What a sign-in attempt led to: signed in, or Cognito asks for a new password first. */
export type SignInStep = { done: true } | { done: false; username: string; session: string };

export async function signIn(email: string, password: string): Promise<SignInStep> {
  const answer = await cognito('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: config?.clientId,
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
  if (answer.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
    return { done: false, username: answer.ChallengeParameters?.USER_ID_FOR_SRP ?? email, session: answer.Session };
  }
  keep(answer.AuthenticationResult);
  return { done: true };
}

/** Answers the first sign-in's NEW_PASSWORD_REQUIRED challenge. */
export async function setNewPassword(step: { username: string; session: string }, password: string): Promise<void> {
  const answer = await cognito('RespondToAuthChallenge', {
    ClientId: config?.clientId,
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: step.session,
    ChallengeResponses: { USERNAME: step.username, NEW_PASSWORD: password },
  });
  keep(answer.AuthenticationResult);
}

/** Asks Cognito to e-mail a code to reset a forgotten password. */
export async function forgotPassword(email: string): Promise<void> {
  await cognito('ForgotPassword', { ClientId: config?.clientId, Username: email });
}

/** Sets a new password with the e-mailed code. */
export async function confirmForgotPassword(email: string, code: string, password: string): Promise<void> {
  await cognito('ConfirmForgotPassword', {
    ClientId: config?.clientId,
    Username: email,
    ConfirmationCode: code,
    Password: password,
  });
}

/** The ID token for the API, refreshed when it ends within a minute; undefined when signed out. */
export async function idToken(): Promise<string | undefined> {
  const session = stored();
  if (!session) return undefined;
  if (session.expiresAt - Date.now() > 60_000) return session.idToken;
  try {
    const answer = await cognito('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: config?.clientId,
      AuthParameters: { REFRESH_TOKEN: session.refreshToken },
    });
    keep(answer.AuthenticationResult, session.refreshToken);
    return stored()?.idToken;
  } catch {
    forget();
    return undefined;
  }
}

/** Forgets the session (the tab's tokens). */
function forget(): void {
  sessionStorage.removeItem(key);
}

/**
 * Signs out: revokes the refresh token with Cognito, then forgets the session. The tab forgets it
 * even when Cognito cannot be reached; the ID token then ends within the hour by itself.
 */
export async function signOut(): Promise<void> {
  const session = stored();
  forget();
  if (!session?.refreshToken) return;
  await cognito('RevokeToken', { ClientId: config?.clientId, Token: session.refreshToken }).catch(() => undefined);
}
