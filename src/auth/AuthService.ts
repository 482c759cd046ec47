import { createHash, randomBytes } from 'node:crypto';
import type { UserRepository } from '../storage/repositories.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { User } from './types.js';

export interface AuthServiceOptions {
  /** Failed logins in a row that lock the account (default 5). */
  maxFailedLogins?: number;
  /** How long a locked account refuses logins, in ms (default 15 minutes). */
  lockMs?: number;
  /** Lifetime of a session, in ms (default 8 hours). */
  sessionMs?: number;
  now?: () => Date;
}

export type LoginResult =
  | { ok: true; sessionToken: string; csrfToken: string; user: User }
  | { ok: false; reason: 'invalid' | 'locked' };

/** A valid session: who it belongs to and the token unsafe requests must echo in `X-CSRF-Token`. */
export interface Authenticated {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

/**
 * Logins and sessions of staff users. An unknown name and a wrong password give the same answer after the same work
 * (a dummy hash is checked), so the answer does not tell which names exist. Failed logins in a row lock the account
 * for a while; a locked account refuses even the right password until the lock ends. Session tokens are 32 random
 * bytes of which only the SHA-256 is stored.
 */
export class AuthService {
  private readonly maxFailedLogins: number;
  private readonly lockMs: number;
  private readonly sessionMs: number;
  private readonly now: () => Date;
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UserRepository,
    options: AuthServiceOptions = {},
  ) {
    this.maxFailedLogins = options.maxFailedLogins ?? 5;
    this.lockMs = options.lockMs ?? 15 * 60_000;
    this.sessionMs = options.sessionMs ?? 8 * 60 * 60_000;
    this.now = options.now ?? (() => new Date());
  }

  async login(name: string, password: string): Promise<LoginResult> {
    const user = await this.users.findUserByName(name);
    // Verify even for unknown or locked users, so neither answers faster than a wrong password.
    const matches = await verifyPassword(password, user?.passwordHash ?? (await this.dummy()));
    if (user === undefined) return { ok: false, reason: 'invalid' };
    const now = this.now();
    const lockedUntil = user.lockedUntil === undefined ? undefined : new Date(user.lockedUntil);
    if (lockedUntil !== undefined && lockedUntil > now) return { ok: false, reason: 'locked' };
    const lockEnded = lockedUntil !== undefined;
    if (!matches) {
      // After a lock has run out the count starts afresh: one more typo does not lock the account again.
      if (lockEnded) await this.users.resetFailedLogins(user.id);
      const failures = (lockEnded ? 0 : user.failedLogins) + 1;
      const lock = failures >= this.maxFailedLogins ? new Date(now.getTime() + this.lockMs).toISOString() : undefined;
      await this.users.recordFailedLogin(user.id, lock);
      return { ok: false, reason: lock === undefined ? 'invalid' : 'locked' };
    }
    if (user.failedLogins > 0 || lockEnded) await this.users.resetFailedLogins(user.id);
    await this.users.deleteExpiredSessions(now);
    const sessionToken = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    await this.users.createSession({
      idHash: hashToken(sessionToken),
      userId: user.id,
      csrfToken,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.sessionMs).toISOString(),
    });
    const { passwordHash: _, ...withoutPassword } = user;
    return { ok: true, sessionToken, csrfToken, user: { ...withoutPassword, failedLogins: 0, lockedUntil: undefined } };
  }

  /** The session's user and CSRF token, or undefined for an unknown or expired token. */
  async authenticate(sessionToken: string): Promise<Authenticated | undefined> {
    const idHash = hashToken(sessionToken);
    const session = await this.users.findSessionByTokenHash(idHash);
    if (session === undefined) return undefined;
    if (new Date(session.expiresAt) <= this.now()) {
      await this.users.deleteSession(idHash);
      return undefined;
    }
    const user = await this.users.findUser(session.userId);
    if (user === undefined) return undefined;
    return { user, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  async logout(sessionToken: string): Promise<void> {
    await this.users.deleteSession(hashToken(sessionToken));
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
    return this.dummyHash;
  }
}

/** The stored form of a session token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
