import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

describe('staff login on the running bot', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
    await bot.storage.users.createUser({
      name: 'agent.anna',
      role: 'agent',
      passwordHash: await hashPassword('correct horse battery'),
    });
  });
  afterAll(() => bot.dispose());

  it('logs an agent in with a session cookie that /api/auth/me accepts', async () => {
    const login = await fetch(`${bot.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'agent.anna', password: 'correct horse battery' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/govbot_session=[^;]+;.*HttpOnly/i);
    const me = await fetch(`${bot.url}/api/auth/me`, { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    expect(await me.json()).toMatchObject({ user: { name: 'agent.anna', role: 'agent' } });
  });

  it('renews the session and writes it to the audit log', async () => {
    const login = await fetch(`${bot.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'agent.anna', password: 'correct horse battery' }),
    });
    const { csrfToken, expiresAt } = (await login.json()) as { csrfToken: string; expiresAt: string };
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const renewed = await fetch(`${bot.url}/api/auth/renew`, {
      method: 'POST',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken },
    });
    expect(renewed.status).toBe(200);
    expect(await renewed.json()).toMatchObject({ user: { name: 'agent.anna' }, csrfToken });
    expect(await bot.storage.audit.listAudit({ action: 'session.renewed' })).toEqual([
      expect.objectContaining({
        actorName: 'agent.anna',
        details: expect.objectContaining({ previousExpiresAt: expiresAt }),
      }),
    ]);
  });

  it('refuses a wrong password without saying whether the user exists', async () => {
    const attempt = (name: string) =>
      fetch(`${bot.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, password: 'not the password' }),
      });
    const [wrong, unknown] = await Promise.all([attempt('agent.anna'), attempt('nobody')]);
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await unknown.json());
  });
});
