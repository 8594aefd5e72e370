import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../local/ports';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How a started process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running `npm start` (tsx local/start.ts) child, as a terminal user would see it. */
export interface StartedFieldPass {
  /** The tsx process; start.ts itself runs in a node process tsx spawns below it. */
  child: ChildProcess;
  /** Everything printed to stdout so far. */
  stdout(): string;
  /** Everything printed to stderr so far. */
  stderr(): string;
  /** Resolves once the process has exited and its output has been read to the end. */
  exited: Promise<Exit>;
  /** Resolves with stdout once it contains `text`; rejects (with the output) on exit or after `timeoutMs`. */
  waitFor(text: string, timeoutMs: number): Promise<string>;
  /** SIGINT as `kill -INT <pid>` sends it: to the tsx process only, which relays it to start.ts. */
  interrupt(): void;
  /** SIGINT as a terminal's Ctrl-C sends it: to every process in the group, DynamoDB Local's JVM too. */
  pressCtrlC(): void;
}

const started: StartedFieldPass[] = [];

/**
 * Spawns `node --import tsx local/start.ts <args>` (what `npm start` runs) in the repository with
 * exactly `env`. Each child leads its own process group, so `killStartedProcesses` can take down
 * it and DynamoDB Local's JVM together, even when a test failed half-way.
 */
export function startFieldPass(args: string[], env: NodeJS.ProcessEnv): StartedFieldPass {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', ...args], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  const exited = new Promise<Exit>((resolve) => {
    // 'close', not 'exit': by then everything it printed has been read.
    child.once('close', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  const describe = () => `stdout:\n${out}\nstderr:\n${err}`;
  const waitFor = (text: string, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.stdout?.off('data', check);
        if (error) reject(error);
        else resolve(out);
      };
      const check = () => {
        if (out.includes(text)) settle();
      };
      const timer = setTimeout(
        () => settle(new Error(`"${text}" was not printed within ${timeoutMs / 1000} s\n${describe()}`)),
        timeoutMs,
      );
      child.stdout?.on('data', check);
      check();
      void exited.then(() => {
        check();
        settle(new Error(`the process exited before printing "${text}"\n${describe()}`));
      });
    });
  const handle: StartedFieldPass = {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor,
    interrupt: () => {
      if (running()) child.kill('SIGINT');
    },
    pressCtrlC: () => {
      if (running() && child.pid !== undefined) process.kill(-child.pid, 'SIGINT');
    },
  };
  started.push(handle);
  return handle;
}

/**
 * SIGKILLs the process group of every process `startFieldPass` started, whether or not its tsx
 * process has exited (a JVM or node process orphaned by a failed test still carries the group),
 * and waits for the tsx processes to be gone.
 */
export async function killStartedProcesses(): Promise<void> {
  for (const { child } of started.splice(0)) {
    if (child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // ESRCH: the whole group is gone already.
    }
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
}

/** The ports one `npm start` run listens on, each moved by its FIELDPASS_<NAME>_PORT variable. */
export type StartPorts = Record<'api' | 'dynamodb' | 'ses' | 's3' | 'cognito' | 'control' | 'portal' | 'staff', number>;

/**
 * Eight free ports and the environment that moves `npm start` onto them and keeps its data and lock
 * in `dataDir`, never in the developer's `.local/`. `base` is the environment to start from,
 * without anything that points at another stack.
 */
export async function isolatedStartEnv(
  dataDir: string,
  base: NodeJS.ProcessEnv,
): Promise<{ ports: StartPorts; env: NodeJS.ProcessEnv }> {
  const [api, dynamodb, ses, s3, cognito, control, portal, staff] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const ports: StartPorts = { api, dynamodb, ses, s3, cognito, control, portal, staff };
  if (new Set(Object.values(ports)).size !== 8) return isolatedStartEnv(dataDir, base);
  const env: NodeJS.ProcessEnv = { ...base, FIELDPASS_DATA_DIR: dataDir };
  for (const [name, port] of Object.entries(ports)) env[`FIELDPASS_${name.toUpperCase()}_PORT`] = String(port);
  return { ports, env };
}
