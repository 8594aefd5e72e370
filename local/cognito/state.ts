import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { PasswordHash } from './passwords';
import { createSigningKey, type StoredSigningKey } from './signing-key';

export type UserStatus = 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED' | 'RESET_REQUIRED';

/** A user of one pool. Times are epoch milliseconds. */
export interface StoredUser {
  /** Cognito's internal username: the `sub` when the pool signs in with email. */
  username: string;
  sub: string;
  /** Every attribute except `sub`, by Cognito name (`email`, `custom:accountId` …). */
  attributes: Record<string, string>;
  enabled: boolean;
  status: UserStatus;
  password?: PasswordHash;
  /** When a FORCE_CHANGE_PASSWORD user's temporary password stops working. */
  temporaryPasswordExpiresAt?: number;
  groups: string[];
  createdAt: number;
  modifiedAt: number;
}

export interface StoredGroup {
  name: string;
  description?: string;
  precedence?: number;
  createdAt: number;
  modifiedAt: number;
}

/**
 * What a refresh token stands for. The token itself is never stored, only its SHA-256 (it is
 * 256 random bits, so a fast hash is enough). `authTime` is kept so a refresh never moves it.
 */
export interface StoredRefreshToken {
  tokenHash: string;
  poolId: string;
  clientId: string;
  sub: string;
  /** Epoch seconds of the sign-in that issued the token. */
  authTime: number;
  originJti: string;
  eventId: string;
  expiresAt: number;
  revoked: boolean;
}

/** One pool's users (keyed by lower-cased username: Cognito usernames are case-insensitive) and groups. */
export interface PoolData {
  users: Map<string, StoredUser>;
  groups: Map<string, StoredGroup>;
}

const passwordHashSchema = z.object({
  algorithm: z.literal('scrypt'),
  N: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
  salt: z.string(),
  hash: z.string(),
});
const userSchema = z.object({
  username: z.string(),
  sub: z.string(),
  attributes: z.record(z.string(), z.string()),
  enabled: z.boolean(),
  status: z.enum(['FORCE_CHANGE_PASSWORD', 'CONFIRMED', 'RESET_REQUIRED']),
  password: passwordHashSchema.optional(),
  temporaryPasswordExpiresAt: z.number().optional(),
  groups: z.array(z.string()),
  createdAt: z.number(),
  modifiedAt: z.number(),
});
const groupSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  precedence: z.number().int().optional(),
  createdAt: z.number(),
  modifiedAt: z.number(),
});
const refreshTokenSchema = z.object({
  tokenHash: z.string(),
  poolId: z.string(),
  clientId: z.string(),
  sub: z.string(),
  authTime: z.number(),
  originJti: z.string(),
  eventId: z.string(),
  expiresAt: z.number(),
  revoked: z.boolean(),
});
const FORMAT = 'fieldpass-local-cognito';
const persistedSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  signingKey: z.object({ kid: z.string(), privateJwk: z.record(z.string(), z.unknown()) }),
  pools: z.record(z.string(), z.object({ users: z.array(userSchema), groups: z.array(groupSchema) })),
  refreshTokens: z.array(refreshTokenSchema),
});
type PersistedState = z.infer<typeof persistedSchema>;

/**
 * Everything the local Cognito remembers: the signing key, each pool's users and groups, and
 * the refresh tokens. Kept in memory; with a data file, every change is written to it
 * atomically (temporary file + rename), so a restart keeps users and issued tokens stay
 * verifiable. Challenge sessions are not kept: they live minutes, and a restart ends them.
 */
export class CognitoState {
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    readonly signingKey: StoredSigningKey,
    private readonly pools: Map<string, PoolData>,
    readonly refreshTokens: Map<string, StoredRefreshToken>,
    private readonly dataFile: string | undefined,
  ) {}

  /**
   * Loads the state from `dataFile` when it exists, or starts empty with a new signing key (and
   * writes it at once, so the key survives even a restart before the first user).
   * A data file that cannot be read as local Cognito state is an error, never overwritten.
   */
  static async open(dataFile?: string): Promise<CognitoState> {
    const persisted = dataFile ? await readState(dataFile) : undefined;
    if (!persisted) {
      const state = new CognitoState(await createSigningKey(), new Map(), new Map(), dataFile);
      await state.save();
      return state;
    }
    const pools = new Map<string, PoolData>();
    for (const [poolId, data] of Object.entries(persisted.pools)) {
      pools.set(poolId, {
        users: new Map(data.users.map((user) => [user.username.toLowerCase(), user])),
        groups: new Map(data.groups.map((group) => [group.name, group])),
      });
    }
    const refreshTokens = new Map(persisted.refreshTokens.map((token) => [token.tokenHash, token]));
    return new CognitoState(persisted.signingKey as StoredSigningKey, pools, refreshTokens, dataFile);
  }

  /** The users and groups of a pool (empty for a pool seen for the first time). */
  pool(poolId: string): PoolData {
    let data = this.pools.get(poolId);
    if (!data) {
      data = { users: new Map(), groups: new Map() };
      this.pools.set(poolId, data);
    }
    return data;
  }

  /** Forgets refresh tokens that expired before `nowMs`; they can never be used again. */
  pruneRefreshTokens(nowMs: number): void {
    for (const [hash, token] of this.refreshTokens) if (token.expiresAt <= nowMs) this.refreshTokens.delete(hash);
  }

  /**
   * Writes the current state to the data file (no-op without one). Writes are queued, so a
   * later call never lands before an earlier one; it resolves once this state is on disk.
   */
  save(): Promise<void> {
    const { dataFile } = this;
    if (!dataFile) return Promise.resolve();
    const run = this.writes.then(() => writeAtomically(dataFile, JSON.stringify(this.snapshot())));
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Resolves when every queued write has finished. */
  flush(): Promise<void> {
    return this.writes;
  }

  private snapshot(): PersistedState {
    const pools: PersistedState['pools'] = {};
    for (const [poolId, data] of this.pools) {
      pools[poolId] = { users: [...data.users.values()], groups: [...data.groups.values()] };
    }
    return {
      format: FORMAT,
      version: 1,
      signingKey: this.signingKey as PersistedState['signingKey'],
      pools,
      refreshTokens: [...this.refreshTokens.values()],
    };
  }
}

async function readState(dataFile: string): Promise<PersistedState | undefined> {
  let text: string;
  try {
    text = await readFile(dataFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`Local Cognito: ${dataFile} is not valid JSON; move it away to start with no users`);
  }
  const parsed = persistedSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `Local Cognito: ${dataFile} is not local Cognito state (${parsed.error.issues[0]?.message ?? 'invalid'})`,
    );
  }
  return parsed.data;
}

async function writeAtomically(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    // Owner-only: the file holds the private signing key and password hashes.
    await writeFile(temporary, content, { mode: 0o600 });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
