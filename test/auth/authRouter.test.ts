import type { Server } from 'node:http';
import express, { type Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/AuthService.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { createAuthRouter, requireStaff, staffLocals } from '../../src/http/authRouter.js';
import type { Storage } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';

const PASSWORD = 'richtig langes Passwort';

describe('auth router', () => {
  let storage: Storage;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    storage = openSqliteStorage(':memory:');
    const passwordHash = await hashPassword(PASSWORD);
    for (const [name, role] of [
      ['anna', 'agent'],
      ['eddi', 'editor'],
      ['lena', 'agent'],
    ] as const) {
      await storage.users.createUser({ name, role, passwordHash });
    }
    const auth = new AuthService(storage.users);
    const app = express();
    app.use(createAuthRouter(auth, { secureCookies: false, audit: storage.audit }));
    app.use('/api/handover', requireStaff(auth, ['agent', 'admin']));
    app.post('/api/handover/take', (_req, res) => {
      res.json({ takenBy: staffLocals(res).user.name });
    });
    ({ server, base } = await listen(app));
  });
  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    await storage.close();
  });

  const login = (name: string, password: string) =>
    fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });

  /** Logs in and returns the cookie to send back and the CSRF token. */
  async function session(name: string): Promise<{ cookie: string; csrfToken: string; setCookie: string }> {
    const response = await login(name, PASSWORD);
    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    expect(body).toEqual({
      user: { name, role: expect.any(String) },
      csrfToken: expect.any(String),
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      maxExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const setCookie = response.headers.get('set-cookie') ?? '';
    const csrfToken = typeof body === 'object' && body !== null && 'csrfToken' in body ? body.csrfToken : undefined;
    if (typeof csrfToken !== 'string') throw new Error('no csrf token');
    return { cookie: setCookie.split(';')[0] ?? '', csrfToken, setCookie };
  }

  it('login sets an HttpOnly, SameSite=Strict session cookie for the whole site, and /me answers with it', async () => {
    const { cookie, csrfToken, setCookie } = await session('anna');
    expect(setCookie).toMatch(/^govbot_session=[\w-]{43};/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const me = await fetch(`${base}/api/auth/me`, { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    const answer = (await me.json()) as { expiresAt: string; maxExpiresAt: string };
    expect(answer).toEqual({
      user: { name: 'anna', role: 'agent' },
      csrfToken,
      expiresAt: expect.any(String),
      maxExpiresAt: expect.any(String),
    });
    // Eight hours from the login, renewable up to 24 hours after it.
    const hoursLeft = (Date.parse(answer.expiresAt) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(7.9);
    expect(hoursLeft).toBeLessThanOrEqual(8);
    expect(Date.parse(answer.maxExpiresAt) - Date.parse(answer.expiresAt)).toBe(16 * 3_600_000);
    expect((await fetch(`${base}/api/auth/me`)).status).toBe(401);
    expect((await fetch(`${base}/api/auth/me`, { headers: { Cookie: 'govbot_session=forged' } })).status).toBe(401);
  });

  it('refuses a POST without the CSRF header or with a wrong one, and accepts it with the right one', async () => {
    const { cookie, csrfToken } = await session('anna');
    const take = (headers: Record<string, string>) =>
      fetch(`${base}/api/handover/take`, { method: 'POST', headers: { Cookie: cookie, ...headers } });
    const missing = await take({});
    expect(missing.status).toBe(403);
    expect(await missing.json()).toEqual({ error: 'csrf' });
    expect((await take({ 'X-CSRF-Token': `${csrfToken.slice(1)}x` })).status).toBe(403);
    const ok = await take({ 'X-CSRF-Token': csrfToken });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ takenBy: 'anna' });
  });

  it('refuses a user of another role with 403, and a request without a session with 401', async () => {
    const { cookie, csrfToken } = await session('eddi');
    const forbidden = await fetch(`${base}/api/handover/take`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken },
    });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: 'forbidden' });
    expect((await fetch(`${base}/api/handover/take`, { method: 'POST' })).status).toBe(401);
  });

  it('answers a wrong password and an unknown user with the same 401, a malformed body with 400', async () => {
    for (const response of [await login('anna', 'falsches Passwort'), await login('niemand', PASSWORD)]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(await response.json()).toEqual({ error: 'invalid_credentials' });
    }
    const malformed = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'anna' }),
    });
    expect(malformed.status).toBe(400);
  });

  it('answers 423 once the account is locked, even for the right password', async () => {
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) statuses.push((await login('lena', 'falsches Passwort')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const locked = await login('lena', PASSWORD);
    expect(locked.status).toBe(423);
    expect(await locked.json()).toEqual({ error: 'locked' });
  });

  it('logout needs the CSRF header, ends the session and clears the cookie', async () => {
    const { cookie, csrfToken } = await session('anna');
    const logout = (headers: Record<string, string>) =>
      fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { Cookie: cookie, ...headers } });
    expect((await logout({})).status).toBe(403);
    expect((await fetch(`${base}/api/auth/me`, { headers: { Cookie: cookie } })).status).toBe(200);
    const done = await logout({ 'X-CSRF-Token': csrfToken });
    expect(done.status).toBe(204);
    expect(done.headers.get('set-cookie')).toMatch(/^govbot_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await fetch(`${base}/api/auth/me`, { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('renews a session on a CSRF-protected POST: new cookie, same CSRF token, later end, audited', async () => {
    const { cookie, csrfToken } = await session('anna');
    const before = (await (await fetch(`${base}/api/auth/me`, { headers: { Cookie: cookie } })).json()) as {
      expiresAt: string;
    };
    const renew = (headers: Record<string, string>) =>
      fetch(`${base}/api/auth/renew`, { method: 'POST', headers: { Cookie: cookie, ...headers } });
    const forged = await renew({});
    expect(forged.status).toBe(403);
    expect(await forged.json()).toEqual({ error: 'csrf' });
    expect((await fetch(`${base}/api/auth/renew`, { method: 'POST' })).status).toBe(401);

    const renewed = await renew({ 'X-CSRF-Token': csrfToken });
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get('cache-control')).toBe('no-store');
    const setCookie = renewed.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^govbot_session=[\w-]{43};.*HttpOnly.*SameSite=Strict/);
    const body = (await renewed.json()) as { expiresAt: string; maxExpiresAt: string; csrfToken: string };
    expect(body).toMatchObject({ user: { name: 'anna', role: 'agent' }, csrfToken });
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.parse(before.expiresAt));

    // The old cookie no longer opens the session; the new one does, with the same CSRF token.
    const renewedCookie = setCookie.split(';')[0] ?? '';
    expect(renewedCookie).not.toBe(cookie);
    expect((await fetch(`${base}/api/auth/me`, { headers: { Cookie: cookie } })).status).toBe(401);
    const me = await fetch(`${base}/api/auth/me`, { headers: { Cookie: renewedCookie } });
    expect(await me.json()).toMatchObject({ csrfToken, expiresAt: body.expiresAt });
    expect((await renew({ 'X-CSRF-Token': csrfToken })).status).toBe(401);

    const [entry] = await storage.audit.listAudit({ action: 'session.renewed' });
    expect(entry).toMatchObject({
      actorName: 'anna',
      action: 'session.renewed',
      details: { previousExpiresAt: before.expiresAt, expiresAt: body.expiresAt, extended: true },
    });
  });

  it('sets the Secure attribute when asked to', async () => {
    const app = express().use(createAuthRouter(new AuthService(storage.users), { secureCookies: true }));
    const secure = await listen(app);
    try {
      const response = await fetch(`${secure.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'anna', password: PASSWORD }),
      });
      expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await new Promise((resolve) => secure.server.close(resolve));
    }
  });
});

async function listen(app: Express): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  return { server, base: `http://127.0.0.1:${address.port}` };
}
