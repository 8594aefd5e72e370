import { randomBytes } from 'node:crypto';
import { notAuthorized } from '../errors';
import type { StoredUser } from '../state';
import { hashSecret } from '../tokens';

/** A challenge in progress: who is signing in, where, which challenge is open, and the flow's own state. */
export interface AuthSession {
  poolId: string;
  clientId: string;
  /** Internal username of the user signing in. */
  username: string;
  challengeName: string;
  /** Whatever the flow needs between steps (CUSTOM_AUTH keeps its challenge history here). */
  state: unknown;
  /** The stand-in user when the username is unknown and the pool prevents existence errors. */
  phantom?: StoredUser;
  /** Epoch milliseconds. */
  expiresAt: number;
}

interface OpenSession extends AuthSession {
  /** An answer to it is being checked right now. */
  claimed: boolean;
}

/**
 * The `Session` strings of challenge responses. Each is 384 random bits handed to the client and
 * kept here only as a hash, in memory: sessions live minutes (the pool's auth session validity),
 * so a restart simply ends them.
 */
export class AuthSessions {
  private readonly sessions = new Map<string, OpenSession>();

  constructor(private readonly clock: () => Date) {}

  /** Opens a session valid for `validitySeconds` and returns its `Session` string. */
  open(session: Omit<AuthSession, 'expiresAt'>, validitySeconds: number): string {
    const now = this.clock().getTime();
    for (const [key, existing] of this.sessions) if (existing.expiresAt <= now) this.sessions.delete(key);
    const token = randomBytes(48).toString('base64url');
    this.sessions.set(hashSecret(token), { ...session, expiresAt: now + validitySeconds * 1000, claimed: false });
    return token;
  }

  /**
   * Claims the open session for one answer, or throws NotAuthorizedException as Cognito answers
   * an unknown, expired or already-answered one. Follow with `end` (answered) or `release`.
   */
  claim(token: string): AuthSession {
    const key = hashSecret(token);
    const session = this.sessions.get(key);
    if (!session || session.claimed) throw notAuthorized('Invalid session for the user.');
    if (session.expiresAt <= this.clock().getTime()) {
      this.sessions.delete(key);
      throw notAuthorized('Invalid session for the user, session is expired.');
    }
    session.claimed = true;
    return session;
  }

  /** Makes a claimed session answerable again (the answer was refused without using it up). */
  release(token: string): void {
    const session = this.sessions.get(hashSecret(token));
    if (session) session.claimed = false;
  }

  /** Ends a session: a `Session` string answers one challenge only. */
  end(token: string): void {
    this.sessions.delete(hashSecret(token));
  }
}
