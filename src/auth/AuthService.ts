import { createHash, randomBytes } from 'node:crypto';
import type { UserRepository } from '../storage/repositories.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { User } from './types.js';

export interface AuthServiceOptions {
  /** Failed logins in a row that lock the account (default 5). */
  maxFailedLogins?: number;
  /** How long a locked account refuses logins, in ms (default 15 minutes). */
  lockMs?: number;
  /** Lifetime of a session, in ms (default 8 hours); `renew` gives it as much again, counted from then. */
  sessionMs?: number;
  /**
   * How long after the login renewals may keep a session alive, in ms (default 24 hours, at least `sessionMs`): a
   * stolen cookie cannot be kept alive for ever, and a limit above 20 hours meets WCAG 2.2.1 (its 20-hour
   * exception) without a further way to extend (docs/accessibility.md).
   */
  maxSessionMs?: number;
  now?: () => Date;
}

/** When a session ends unless renewed, and the latest end renewals can reach (ISO timestamps). */
export interface SessionTimes {
  expiresAt: string;
  maxExpiresAt: string;
}

export type LoginResult =
  | ({ ok: true; sessionToken: string; csrfToken: string; user: User } & SessionTimes)
  | { ok: false; reason: 'invalid' | 'locked' };

/** A valid session: who it belongs to and the token unsafe requests must echo in `X-CSRF-Token`. */
export interface Authenticated extends SessionTimes {
  user: User;
  csrfToken: string;
}

/**
 * A renewed session: its new token (the old one no longer opens it), the same CSRF token, and its new end.
 * `extended` is false when the session had reached `maxExpiresAt` already (the token is then the same).
 */
export interface Renewed extends Authenticated {
  sessionToken: string;
  previousExpiresAt: string;
  extended: boolean;
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
  private readonly maxSessionMs: number;
  private readonly now: () => Date;
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UserRepository,
    options: AuthServiceOptions = {},
  ) {
    this.maxFailedLogins = options.maxFailedLogins ?? 5;
    this.lockMs = options.lockMs ?? 15 * 60_000;
    this.sessionMs = options.sessionMs ?? 8 * 60 * 60_000;
    this.maxSessionMs = Math.max(options.maxSessionMs ?? 24 * 60 * 60_000, this.sessionMs);
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
    const session = {
      idHash: hashToken(sessionToken),
      userId: user.id,
      csrfToken,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.sessionMs).toISOString(),
    };
    await this.users.createSession(session);
    const { passwordHash: _, ...withoutPassword } = user;
    return {
      ok: true,
      sessionToken,
      csrfToken,
      user: { ...withoutPassword, failedLogins: 0, lockedUntil: undefined },
      ...this.timesOf(session),
    };
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
    return { user, csrfToken: session.csrfToken, ...this.timesOf(session) };
  }

  /**
   * Gives a valid session `sessionMs` more from now (staff asked for it before it ends, WCAG 2.2.1), but never past
   * `maxSessionMs` after the login; undefined for an unknown or expired token. The session gets a new token (a token
   * that leaked before stops working) and keeps its CSRF token, so that pages and the console's open connection
   * carry on.
   */
  async renew(sessionToken: string): Promise<Renewed | undefined> {
    const current = await this.authenticate(sessionToken);
    const session = current && (await this.users.findSessionByTokenHash(hashToken(sessionToken)));
    if (!current || !session) return undefined;
    const wanted = this.now().getTime() + this.sessionMs;
    const expiresAt = new Date(Math.min(wanted, Date.parse(current.maxExpiresAt))).toISOString();
    const unchanged = { ...current, sessionToken, previousExpiresAt: session.expiresAt };
    if (Date.parse(expiresAt) <= Date.parse(session.expiresAt)) return { ...unchanged, extended: false };
    const renewedToken = randomBytes(32).toString('base64url');
    // The new one first: should deleting the old fail, it still ends at its own time.
    await this.users.createSession({ ...session, idHash: hashToken(renewedToken), expiresAt });
    await this.users.deleteSession(session.idHash);
    return { ...unchanged, sessionToken: renewedToken, expiresAt, extended: true };
  }

  async logout(sessionToken: string): Promise<void> {
    await this.users.deleteSession(hashToken(sessionToken));
  }

  private timesOf(session: { createdAt: string; expiresAt: string }): SessionTimes {
    const latest = Date.parse(session.createdAt) + this.maxSessionMs;
    return { expiresAt: session.expiresAt, maxExpiresAt: new Date(latest).toISOString() };
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
