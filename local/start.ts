/**
 * `npm start`: the whole FieldPass backend on this machine. `npm start -- --in-memory` for a
 * throwaway run that keeps nothing.
 *
 * `npm start` runs this as `node --import tsx`, not through tsx's CLI: the CLI relays Ctrl-C to a
 * child process and SIGKILLs it when the child has not acknowledged within about 60 ms, so a busy
 * start (seeding, a stream batch) was killed without stopping DynamoDB Local or removing its lock.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { demoClient, seedDemoClients } from './demo-clients';
import { assertJava, MissingJavaError } from './dynamodb-local';
import { demoAccount, demoAdminToken, seedDemoAccount } from './seed';
import { localDataDir, localPortalPool, localStaffPool, startLocalStack } from './stack';

// The AWS SDK warns that Node 20 support ends in 2027; Lambda runs Node 24 and so can you.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const args = new Set(process.argv.slice(2));
if (args.has('--help')) {
  console.log('Usage: npm start [-- --in-memory]\n  --in-memory  keep nothing: data lives only while this run lasts');
  process.exit(0);
}
const inMemory = args.has('--in-memory');
const dataDir = localDataDir;
const lockFile = join(dataDir, 'fieldpass.lock');

/** The lock names the running instance; a stale one (its process gone) is taken over. */
function takeLock(): void {
  mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = JSON.parse(readFileSync(lockFile, 'utf8') || '{}') as { pid?: number; apiUrl?: string };
      if (holder.pid && isAlive(holder.pid)) {
        console.error(
          `FieldPass is already running (process ${holder.pid}${holder.apiUrl ? `, API at ${holder.apiUrl}` : ''}).\n` +
            'Use that one, or stop it with Ctrl-C in its terminal before starting another.',
        );
        process.exit(1);
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function main() {
  try {
    assertJava();
  } catch (error) {
    if (error instanceof MissingJavaError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  takeLock();
  const started = Date.now();
  const log = (line: string) => console.log(line);
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  const shutdown = async (code: number) => {
    await stack?.stop();
    rmSync(lockFile, { force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  try {
    stack = await startLocalStack({ inMemory, ports: 'default', dataDir, log });
  } catch (error) {
    console.error(`FieldPass could not start: ${(error as Error).message}`);
    await shutdown(1);
    return;
  }
  const seeded = await seedDemoAccount();
  if (seeded === 'created') await seedDemoClients(stack.apiUrl, await demoAdminToken(stack.cognitoUrl));
  const lock = JSON.stringify({
    pid: process.pid,
    apiUrl: stack.apiUrl,
    cognitoUrl: stack.cognitoUrl,
    clientId: localStaffPool.clientId,
    startedAt: new Date(started).toISOString(),
  });
  writeFileSync(lockFile, lock);
  console.log(`
FieldPass is running (${((Date.now() - started) / 1000).toFixed(1)} s${inMemory ? ', in memory: nothing is kept' : `, data kept in ${process.env.FIELDPASS_DATA_DIR ? dataDir : '.local/'}`}).

  Console      ${stack.staffUrl}          (the staff console: sign in as the Account Admin below)
  API          ${stack.apiUrl}          try: curl ${stack.apiUrl}/health
  OpenAPI      ${stack.apiUrl}/openapi.json
  E-mail inbox ${stack.inboxUrl}          (every e-mail FieldPass sends lands here)
  Portal       ${stack.portalUrl}          (the page e-mailed links open: click one in the inbox)
  Cognito      ${stack.cognitoUrl}          (staff pool ${localStaffPool.id}, client ${localStaffPool.clientId};
                                                portal pool ${localPortalPool.id}: codes land in the inbox)
  Dead letters ${stack.controlUrl}/dead-letters

  Demo account "${demoAccount.name}" (${seeded === 'created' ? 'created now' : 'kept from an earlier run'})
  Account Admin sign-in: ${demoAccount.admin.email} / ${demoAccount.password}
  A bearer token for it: npm run -s local:token
    curl -H "Authorization: Bearer $(npm run -s local:token)" ${stack.apiUrl}/me
  Client access: customer "Northgate Arena Ltd", its master site and two of three sub-sites, views
  "Open jobs" and "Job calendar" (role "Clients"), for the client contact ${demoClient.email}.
  Client portal ${stack.portalUrl}/#/sign-in/${demoAccount.accountId}
    (sign in with ${demoClient.email}; the code lands in the inbox: home, the job list, the
    calendar and the site dashboard of "Northgate Arena"). Or through the API:
    curl -X POST -H 'content-type: application/json' ${stack.apiUrl}/portal/sign-in/code \\
      -d '{"account":"${demoAccount.accountId}","email":"${demoClient.email}"}'
    then POST /portal/sign-in/verify with {"account","email","session","code"} (the code is in the
    inbox) and read GET /portal/me with the idToken (docs/client-access.md).
  Power BI feed (docs/feed.md): make a key, then read $metadata and a page of jobs with it:
    KEY=$(curl -s -X POST -H "Authorization: Bearer $(npm run -s local:token)" -H 'content-type: application/json' \\
      ${stack.apiUrl}/feed-keys -d '{"name":"Try"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).key')
    curl -H "x-api-key: $KEY" '${stack.apiUrl}/odata/$metadata'
    curl -H "x-api-key: $KEY" '${stack.apiUrl}/odata/Jobs?$top=5&$select=id,title,status,modifiedAt'
    curl -H "x-api-key: $KEY" '${stack.apiUrl}/odata/Assignments?$select=jobId,email,emailStatus,linkState'
  Exports and imports (the whole walk-through: docs/api-guide.md#reports-exports-and-imports):
    TOKEN=$(npm run -s local:token)
    curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' ${stack.apiUrl}/exports \\
      -d '{"report":"jobs","format":"csv","query":{"columns":"id,title,status,externalUserNames"}}'
    curl -s -H "Authorization: Bearer $TOKEN" ${stack.apiUrl}/exports/<id>   (when done: a download URL)

Ctrl-C stops everything.
`);
}

main().catch(async (error) => {
  console.error(error);
  rmSync(lockFile, { force: true });
  process.exit(1);
});
