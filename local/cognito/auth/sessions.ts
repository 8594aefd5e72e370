import { randomBytes } from 'node:crypto';
import { notAuthorized } from '../errors';
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
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * The `Session` strings of challenge responses. Each is 384 random bits handed to the client and
 * kept here only as a hash, in memory: sessions live minutes (the pool's auth session validity),
 * so a restart simply ends them.
 */
export class AuthSessions {
  private readonly sessions = new Map<string, AuthSession>();

  constructor(private readonly clock: () => Date) {}

  /** Opens a session valid for `validitySeconds` and returns its `Session` string. */
  open(session: Omit<AuthSession, 'expiresAt'>, validitySeconds: number): string {
    const now = this.clock().getTime();
    for (const [key, existing] of this.sessions) if (existing.expiresAt <= now) this.sessions.delete(key);
    const token = randomBytes(48).toString('base64url');
    this.sessions.set(hashSecret(token), { ...session, expiresAt: now + validitySeconds * 1000 });
    return token;
  }

  /** The open session, or NotAuthorizedException as Cognito answers an unknown or expired one. */
  get(token: string): AuthSession {
    const session = this.sessions.get(hashSecret(token));
    if (!session) throw notAuthorized('Invalid session for the user.');
    if (session.expiresAt <= this.clock().getTime()) {
      this.sessions.delete(hashSecret(token));
      throw notAuthorized('Invalid session for the user, session is expired.');
    }
    return session;
  }

  /** Ends a session: a `Session` string answers one challenge only. */
  end(token: string): void {
    this.sessions.delete(hashSecret(token));
  }
}
