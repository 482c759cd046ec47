import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthService, hashToken } from '../../src/auth/AuthService.js';
import { hashPassword } from '../../src/auth/passwords.js';
import type { Storage } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';

const PASSWORD = 'richtig langes Passwort';
const MINUTE = 60_000;

describe('AuthService', () => {
  let storage: Storage;
  let now: Date;
  let auth: AuthService;
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  beforeEach(async () => {
    storage = openSqliteStorage(':memory:');
    now = new Date('2026-03-02T09:00:00.000Z');
    auth = new AuthService(storage.users, { now: () => now });
    await storage.users.createUser({ name: 'anna', role: 'agent', passwordHash: await hashPassword(PASSWORD) });
  });
  afterEach(async () => {
    await storage.close();
  });

  it('logs in with the right password: a session whose token is stored only as its hash', async () => {
    const result = await auth.login('anna', PASSWORD);
    if (!result.ok) throw new Error(`login failed: ${result.reason}`);
    expect(result.user).toMatchObject({ name: 'anna', role: 'agent' });
    expect(result.user).not.toHaveProperty('passwordHash');
    expect(Buffer.from(result.sessionToken, 'base64url')).toHaveLength(32);
    expect(await storage.users.findSessionByTokenHash(result.sessionToken)).toBeUndefined();
    expect(await storage.users.findSessionByTokenHash(hashToken(result.sessionToken))).toMatchObject({
      csrfToken: result.csrfToken,
    });
    expect(await auth.authenticate(result.sessionToken)).toEqual({
      user: result.user,
      csrfToken: result.csrfToken,
      expiresAt: '2026-03-02T17:00:00.000Z',
      maxExpiresAt: '2026-03-03T09:00:00.000Z',
    });
    expect(result).toMatchObject({ expiresAt: '2026-03-02T17:00:00.000Z', maxExpiresAt: '2026-03-03T09:00:00.000Z' });
  });

  it('answers an unknown user exactly as a wrong password', async () => {
    expect(await auth.login('anna', 'falsches Passwort')).toEqual({ ok: false, reason: 'invalid' });
    expect(await auth.login('niemand', 'falsches Passwort')).toEqual({ ok: false, reason: 'invalid' });
    expect(await auth.login('niemand', PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('locks the account after 5 failed logins in a row, refuses even the right password, and unlocks after 15 minutes', async () => {
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect(await auth.login('anna', `falsch ${attempt} falsch`)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(await auth.login('anna', 'falsch 5 falsch')).toEqual({ ok: false, reason: 'locked' });
    expect(await auth.login('anna', PASSWORD)).toEqual({ ok: false, reason: 'locked' });
    advance(15 * MINUTE - 1);
    expect(await auth.login('anna', PASSWORD)).toEqual({ ok: false, reason: 'locked' });
    advance(1);
    expect(await auth.login('anna', PASSWORD)).toMatchObject({ ok: true });
    expect(await storage.users.findUserByName('anna')).toMatchObject({ failedLogins: 0, lockedUntil: undefined });
  });

  it('after a lock runs out, one more wrong password does not lock again', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) await auth.login('anna', 'falsches Passwort');
    advance(15 * MINUTE);
    expect(await auth.login('anna', 'falsches Passwort')).toEqual({ ok: false, reason: 'invalid' });
    expect(await auth.login('anna', PASSWORD)).toMatchObject({ ok: true });
  });

  it('a successful login resets the count: failures must be in a row to lock', async () => {
    for (let attempt = 1; attempt <= 4; attempt += 1) await auth.login('anna', 'falsches Passwort');
    expect(await auth.login('anna', PASSWORD)).toMatchObject({ ok: true });
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect(await auth.login('anna', 'falsches Passwort')).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(await auth.login('anna', PASSWORD)).toMatchObject({ ok: true });
  });

  it('takes the lockout threshold and duration from its options', async () => {
    const strict = new AuthService(storage.users, { now: () => now, maxFailedLogins: 2, lockMs: MINUTE });
    expect(await strict.login('anna', 'falsches Passwort')).toEqual({ ok: false, reason: 'invalid' });
    expect(await strict.login('anna', 'falsches Passwort')).toEqual({ ok: false, reason: 'locked' });
    advance(MINUTE);
    expect(await strict.login('anna', PASSWORD)).toMatchObject({ ok: true });
  });

  it('ends a session after 8 hours, and on logout', async () => {
    const first = await auth.login('anna', PASSWORD);
    const second = await auth.login('anna', PASSWORD);
    if (!first.ok || !second.ok) throw new Error('login failed');
    advance(8 * 60 * MINUTE - 1);
    expect(await auth.authenticate(first.sessionToken)).toMatchObject({ user: { name: 'anna' } });
    await auth.logout(second.sessionToken);
    expect(await auth.authenticate(second.sessionToken)).toBeUndefined();
    advance(1);
    expect(await auth.authenticate(first.sessionToken)).toBeUndefined();
    expect(await storage.users.findSessionByTokenHash(hashToken(first.sessionToken))).toBeUndefined();
    expect(await auth.authenticate('not a token')).toBeUndefined();
  });

  it('renews a session by 8 hours from now under a new token, keeping its CSRF token', async () => {
    const login = await auth.login('anna', PASSWORD);
    if (!login.ok) throw new Error('login failed');
    advance(7 * 60 * MINUTE + 56 * MINUTE); // four minutes left: the console's warning is up
    const renewed = await auth.renew(login.sessionToken);
    expect(renewed).toMatchObject({
      user: { name: 'anna' },
      csrfToken: login.csrfToken,
      previousExpiresAt: '2026-03-02T17:00:00.000Z',
      expiresAt: '2026-03-03T00:56:00.000Z',
      maxExpiresAt: '2026-03-03T09:00:00.000Z',
      extended: true,
    });
    if (!renewed) throw new Error('not renewed');
    expect(renewed.sessionToken).not.toBe(login.sessionToken);
    // The old token opens nothing any more; the new one does, past the first end.
    expect(await auth.authenticate(login.sessionToken)).toBeUndefined();
    expect(await auth.renew(login.sessionToken)).toBeUndefined();
    advance(5 * MINUTE);
    expect(await auth.authenticate(renewed.sessionToken)).toMatchObject({
      csrfToken: login.csrfToken,
      expiresAt: '2026-03-03T00:56:00.000Z',
    });
  });

  it('renews at most until 24 hours after the login, and not an expired session', async () => {
    const login = await auth.login('anna', PASSWORD);
    if (!login.ok) throw new Error('login failed');
    let token = login.sessionToken;
    for (const hours of [7, 7, 7]) {
      advance(hours * 60 * MINUTE);
      const renewed = await auth.renew(token);
      if (!renewed) throw new Error('not renewed');
      token = renewed.sessionToken;
    }
    // 21 hours after the login: 8 more would pass the maximum, so the session ends at it.
    expect(await auth.authenticate(token)).toMatchObject({ expiresAt: '2026-03-03T09:00:00.000Z' });
    advance(60 * MINUTE);
    const atMaximum = await auth.renew(token);
    expect(atMaximum).toMatchObject({ extended: false, expiresAt: '2026-03-03T09:00:00.000Z', sessionToken: token });
    advance(2 * 60 * MINUTE);
    expect(await auth.authenticate(token)).toBeUndefined();
    expect(await auth.renew(token)).toBeUndefined();
    expect(await auth.renew('not a token')).toBeUndefined();
  });

  it('takes the session length and the maximum from its options', async () => {
    const short = new AuthService(storage.users, { now: () => now, sessionMs: 10 * MINUTE, maxSessionMs: 15 * MINUTE });
    const login = await short.login('anna', PASSWORD);
    expect(login).toMatchObject({ expiresAt: '2026-03-02T09:10:00.000Z', maxExpiresAt: '2026-03-02T09:15:00.000Z' });
    if (!login.ok) throw new Error('login failed');
    advance(9 * MINUTE);
    expect(await short.renew(login.sessionToken)).toMatchObject({ expiresAt: '2026-03-02T09:15:00.000Z' });
  });
});
