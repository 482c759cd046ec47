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
    app.use(createAuthRouter(auth, { secureCookies: false }));
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
    expect(body).toEqual({ user: { name, role: expect.any(String) }, csrfToken: expect.any(String) });
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
    expect(await me.json()).toEqual({ user: { name: 'anna', role: 'agent' }, csrfToken });
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
