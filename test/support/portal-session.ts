import { emailsTo } from './inbox';
import { type ApiResponse, api, send } from './staff-session';
import { drainStreams } from './streams';

/*
 * The portal as its page drives it: the link's token from the e-mail, a code asked for and read
 * from the local inbox, the code answered, then portal routes with the ID token.
 */

/** The tokens of every link e-mailed to `email` so far, oldest first, once the stream has drained. */
export async function linksTo(email: string): Promise<string[]> {
  await drainStreams();
  return (await emailsTo(email))
    .map((message) => /#\/l\/([A-Za-z0-9_-]{43})\b/.exec(message.body.text ?? '')?.[1])
    .filter((token): token is string => token !== undefined);
}

/** The codes e-mailed to `email` so far, oldest first. */
export async function codesTo(email: string): Promise<string[]> {
  return (await emailsTo(email))
    .map((message) => /Your code: (\d{6})/.exec(message.body.text ?? '')?.[1])
    .filter((code): code is string => code !== undefined);
}

/** POST /portal/sign-in/code for the link. */
export const requestCode = (token: string): Promise<ApiResponse> =>
  api('/portal/sign-in/code', { method: 'POST', headers: { 'x-link-token': token } });

/** POST /portal/sign-in/verify for the link. */
export const verifyCode = (token: string, session: string, code: string): Promise<ApiResponse> =>
  api('/portal/sign-in/verify', {
    method: 'POST',
    headers: { 'x-link-token': token, 'content-type': 'application/json' },
    body: JSON.stringify({ session, code }),
  });

/** The whole sign-in for the link whose e-mail went to `email`: answers the verification. */
export async function portalSignIn(token: string, email: string) {
  const before = (await codesTo(email)).length;
  const asked = await requestCode(token);
  if (asked.status !== 200) throw new Error(`code request: ${asked.status} ${JSON.stringify(asked.body)}`);
  const code = (await codesTo(email))[before];
  if (!code) throw new Error('no code e-mailed');
  const verified = await verifyCode(token, asked.body.session, code);
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`);
  return verified.body as {
    idToken: string;
    verifiedUntil: string;
    item: { type: string; id: string };
  };
}

/** Calls a portal route as the verified external user. */
export const portal = (method: string, path: string, idToken: string, body?: object) =>
  send(method, path, idToken, body);
