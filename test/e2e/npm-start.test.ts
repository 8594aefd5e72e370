import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoClient } from '../../local/demo-clients';
import { localCredentials, localRegion } from '../../local/dynamodb-local';
import { portInUse } from '../../local/ports';
import { demoAccount } from '../../local/seed';
import {
  isolatedStartEnv,
  killStartedProcesses,
  type StartedFieldPass,
  type StartPorts,
  startFieldPass,
} from '../support/start-process';

// A generous bound for a cold start on a slow, shared machine (the issue allows 90 s); it only
// limits how long a broken start is waited for, it is not a timing assertion.
const startTimeout = 90_000;
const ready = 'Ctrl-C stops everything.';

// The worker's environment points at the integration project's own stack: start from one without it,
// as a developer's shell would be.
const stackVariables = new Set(Object.keys(inject('localEnv')));
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !stackVariables.has(name)));

const temporaryDirs: string[] = [];
function temporaryDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fieldpass-npm-start-'));
  temporaryDirs.push(dir);
  return dir;
}

afterAll(async () => {
  await killStartedProcesses();
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

/** What the start banner tells a user, read back the way a user would read it. */
function readBanner(stdout: string) {
  const cognito = /Cognito\s+(\S+)\s+\(staff pool (\S+), client (\S+);/.exec(stdout);
  const signIn = /Account Admin sign-in: (\S+) \/ (\S+)/.exec(stdout);
  return {
    apiUrl: /^\s*API\s+(\S+)/m.exec(stdout)?.[1],
    inboxUrl: /E-mail inbox\s+(\S+)/.exec(stdout)?.[1],
    portalUrl: /^\s*Portal\s+(http\S+)/m.exec(stdout)?.[1],
    cognitoUrl: cognito?.[1],
    clientId: cognito?.[3],
    email: signIn?.[1],
    password: signIn?.[2],
  };
}

/** Signs in as a web client would, against the Cognito endpoint and client the banner printed. */
async function signIn(banner: string, password?: string): Promise<string> {
  const printed = readBanner(banner);
  const cognito = new CognitoIdentityProviderClient({
    endpoint: printed.cognitoUrl,
    region: localRegion,
    credentials: localCredentials,
  });
  const result = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: printed.clientId,
      AuthParameters: { USERNAME: printed.email ?? '', PASSWORD: password ?? printed.password ?? '' },
    }),
  );
  const token = result.AuthenticationResult?.IdToken;
  if (!token) throw new Error('no ID token');
  return token;
}

async function get(url: string, token?: string) {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}

describe('npm start -- --in-memory', () => {
  let dataDir: string;
  let lockFile: string;
  let ports: StartPorts;
  let env: NodeJS.ProcessEnv;
  let first: StartedFieldPass;
  let banner: string;

  beforeAll(async () => {
    dataDir = temporaryDataDir();
    lockFile = join(dataDir, 'fieldpass.lock');
    ({ ports, env } = await isolatedStartEnv(dataDir, cleanEnv));
    first = startFieldPass(['--in-memory'], env);
    banner = await first.waitFor(ready, startTimeout);
  }, startTimeout + 10_000);

  it('prints the API and inbox URLs on the chosen ports, the demo Account Admin sign-in and how to stop', () => {
    const printed = readBanner(banner);
    expect(printed.apiUrl).toBe(`http://127.0.0.1:${ports.api}`);
    expect(printed.inboxUrl).toBe(`http://127.0.0.1:${ports.ses}`);
    expect(printed.cognitoUrl).toBe(`http://127.0.0.1:${ports.cognito}`);
    expect(printed).toMatchObject({ email: demoAccount.admin.email, password: demoAccount.password });
    expect(banner).toContain('in memory: nothing is kept');
    expect(banner).toContain(`Demo account "${demoAccount.name}" (created now)`);
    expect(banner).toContain(ready);
  });

  it('answers GET /health with 200 on the printed API URL', async () => {
    const res = await get(`${readBanner(banner).apiUrl}/health`);
    expect(res.status).toBe(200);
  });

  it('serves the e-mail inbox page on the printed inbox URL', async () => {
    const res = await get(`${readBanner(banner).inboxUrl}/`);
    expect(res.status).toBe(200);
    expect(res.text.length).toBeGreaterThan(0);
  });

  it('serves the portal page on the printed portal URL, calling the printed API, under a CSP without inline code', async () => {
    const printed = readBanner(banner);
    expect(printed.portalUrl).toBe(`http://127.0.0.1:${ports.portal}`);
    const page = await fetch(`${printed.portalUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/app.js"></script>');
    const config = await get(`${printed.portalUrl}/config.js`);
    expect(config.text).toContain(JSON.stringify({ apiUrl: printed.apiUrl }));
    expect((await get(`${printed.portalUrl}/app.js`)).status).toBe(200);
    // The API lets the portal's origin call it from the browser.
    const preflight = await fetch(`${printed.apiUrl}/links/state`, {
      method: 'OPTIONS',
      headers: {
        origin: printed.portalUrl ?? '',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-link-token',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(printed.portalUrl);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-link-token');
  });

  it('lets the demo Account Admin sign in with the printed sign-in and read GET /me as account_admin', async () => {
    const token = await signIn(banner);
    const res = await get(`${readBanner(banner).apiUrl}/me`, token);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      accountId: demoAccount.accountId,
      email: demoAccount.admin.email,
      role: 'account_admin',
      status: 'active',
    });
  });

  it('lets the demo client contact sign in with the printed command and see their customer’s work, never the confidential job or the blocked sub-site', async () => {
    const { apiUrl, inboxUrl } = readBanner(banner);
    const body = /-d '(\{[^']*\})'/.exec(banner)?.[1];
    expect(body).toBeDefined();
    const { account, email } = JSON.parse(body ?? '{}') as { account: string; email: string };
    expect(email).toBe(demoClient.email);
    const post = (path: string, json: unknown) =>
      fetch(`${apiUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(json),
      });
    const requested = await post('/portal/sign-in/code', { account, email });
    expect(requested.status).toBe(200);
    const { session } = (await requested.json()) as { session: string };
    const store = (await (await fetch(`${inboxUrl}/store`)).json()) as {
      emails: { destination: { to: string[] }; body: { text?: string } }[];
    };
    const mail = store.emails.filter((e) => e.destination.to.includes(email)).at(-1);
    const code = /\b(\d{6})\b/.exec(mail?.body.text ?? '')?.[1];
    expect(code).toBeDefined();
    const verified = await post('/portal/sign-in/verify', { account, email, session, code });
    expect(verified.status).toBe(200);
    const { idToken } = (await verified.json()) as { idToken: string };

    const me = (await get(`${apiUrl}/portal/me`, idToken)).json();
    const views = me.views as { id: string; name: string; kind: string }[];
    expect(views.map((v) => v.name).sort()).toEqual(['Job calendar', 'Open jobs']);
    const jobsView = views.find((v) => v.kind === 'jobs');
    const page = await get(`${apiUrl}/portal/views/${jobsView?.id}/jobs?limit=100`, idToken);
    expect(page.status).toBe(200);
    const titles = (page.json().items as { title: string }[]).map((job) => job.title).sort();
    // The customer scope shows every non-confidential job of the customer, the blocked sub-site's too.
    expect(titles).toEqual([
      'Barrier repairs',
      'CCTV review',
      'Pre-match safety walk',
      'Steward briefing',
      'Turnstile inspection',
    ]);

    const master = (me.accesses as { site?: { id: string } }[]).find((a) => a.site)?.site?.id;
    const activity = await get(`${apiUrl}/portal/sites/${master}/activity?limit=100`, idToken);
    expect(activity.status).toBe(200);
    const seen = (activity.json().items as { title: string }[]).map((item) => item.title).sort();
    // The site grant: the master and two of its three sub-sites (not the car park), nothing confidential.
    expect(seen).toEqual([
      'CCTV review',
      'Fan taken ill in the North Stand',
      'Fire door audit',
      'Floodlight check',
      'Gates opened',
      'Gates opened',
      'Lost property handed in',
      'Patrol round completed',
      'Patrol round completed',
      'Pre-match safety walk',
      'Spectator slipped on wet steps',
      'Steward briefing',
      'Turnstile inspection',
    ]);
  });

  it("prints the client portal's sign-in address for the demo account, which the portal page serves", async () => {
    const { portalUrl } = readBanner(banner);
    const address = /Client portal (http\S+)/.exec(banner)?.[1];
    expect(address).toBe(`${portalUrl}/#/sign-in/${demoAccount.accountId}`);
    expect((await fetch(address ?? '')).status).toBe(200);
  });

  it('refuses the demo Account Admin a wrong password', async () => {
    await expect(signIn(banner, `${demoAccount.password}x`)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('refuses a second start in the same data directory, saying where the running one is, and leaves it running', async () => {
    const second = startFieldPass(['--in-memory'], env);
    const exit = await second.exited;
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(second.stderr()).toContain('FieldPass is already running');
    expect(second.stderr()).toContain(`API at http://127.0.0.1:${ports.api}`);
    expect(second.stdout()).not.toContain(ready);
    expect(existsSync(lockFile)).toBe(true);
    expect((await get(`${readBanner(banner).apiUrl}/health`)).status).toBe(200);
  });

  // Last in this block: it stops the instance the tests above use.
  // SIGINT to the start process alone, not its group, so DynamoDB Local only stops if start.ts stops it.
  it('exits with code 0 on SIGINT, frees every port it listened on and removes its lock', async () => {
    first.interrupt();
    const exit = await first.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    const stillTaken = [];
    for (const [name, port] of Object.entries(ports)) if (await portInUse(port)) stillTaken.push(`${name} ${port}`);
    expect(stillTaken).toEqual([]);
    expect(existsSync(lockFile)).toBe(false);
  });
});

describe('npm start keeping data in its data directory', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let deadPid: number;
  let firstRun: StartedFieldPass;
  let firstBanner: string;

  beforeAll(async () => {
    dataDir = temporaryDataDir();
    ({ env } = await isolatedStartEnv(dataDir, cleanEnv));
    // A run that crashed leaves its lock behind, naming a process that no longer exists.
    const crashed = spawnSync(process.execPath, ['-e', '']);
    deadPid = crashed.pid ?? 0;
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'fieldpass.lock'), JSON.stringify({ pid: deadPid, apiUrl: 'http://127.0.0.1:1' }));
    firstRun = startFieldPass([], env);
    firstBanner = await firstRun.waitFor(ready, startTimeout);
  }, startTimeout + 10_000);

  it('takes over the lock a crashed run left behind', () => {
    const lock = JSON.parse(readFileSync(join(dataDir, 'fieldpass.lock'), 'utf8'));
    expect(lock.pid).not.toBe(deadPid);
    expect(lock.apiUrl).toBe(readBanner(firstBanner).apiUrl);
    expect(firstBanner).toContain(`data kept in ${dataDir}`);
  });

  it(
    'keeps the demo account, its sign-in and the data created before a restart',
    async () => {
      expect(firstBanner).toContain('(created now)');
      const email = 'kept@example.com';
      const created = await fetch(`${readBanner(firstBanner).apiUrl}/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await signIn(firstBanner)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email, givenName: 'Kept', familyName: 'Across', role: 'general' }),
      });
      expect(created.status).toBe(201);
      const user = (await created.json()) as { id: string };
      firstRun.interrupt();
      expect((await firstRun.exited).code).toBe(0);

      const secondRun = startFieldPass([], env);
      const secondBanner = await secondRun.waitFor(ready, startTimeout);
      expect(secondBanner).toContain(`Demo account "${demoAccount.name}" (kept from an earlier run)`);
      const res = await get(`${readBanner(secondBanner).apiUrl}/users/${user.id}`, await signIn(secondBanner));
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ id: user.id, email, role: 'general' });
      secondRun.interrupt();
      expect((await secondRun.exited).code).toBe(0);
    },
    2 * startTimeout,
  );
});
