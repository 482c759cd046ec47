import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/AuthService.js';
import { loginStaff, type StaffSession, staffRequest } from '../support/staffApi.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

/**
 * The HTTP side against abuse: security headers on every kind of response, bad bodies answered in JSON without a
 * stack trace, and the CSRF token required by every staff router.
 */
describe('HTTP hardening', () => {
  let bot: TestBot;
  let admin: StaffSession;
  let editor: StaffSession;

  beforeAll(async () => {
    bot = await startTestBot({ env: { GOVBOT_PUBLIC_URL: 'https://chat.musterstadt.example' } });
    const session = await loginStaff(bot.storage, new AuthService(bot.storage.users), {
      anna: 'admin',
      emil: 'editor',
    });
    admin = session('anna');
    editor = session('emil');
  });

  afterAll(async () => {
    await bot?.dispose();
  });

  it.each([
    ['the widget page', '/'],
    ['the widget script', '/widget.js'],
    ['the agent console', '/agent'],
    ['the editor', '/editor'],
    ['a citizen page', '/datenschutz'],
    ['the health check', '/healthz'],
    ['an API answer', '/api/auth/me'],
    ['an unknown API path', '/api/nothing-here'],
  ])('sends the security headers with %s (%s)', async (_, path) => {
    const response = await fetch(`${bot.url}${path}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    // GOVBOT_PUBLIC_URL is https: browsers are told to come back over https only.
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('keeps the widget script loadable by the pages of other sites', async () => {
    const response = await fetch(`${bot.url}/widget.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('sends no HSTS when citizens reach GovBot over plain http', async () => {
    const plain = await startTestBot();
    try {
      const response = await fetch(`${plain.url}/healthz`);
      expect(response.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await plain.dispose();
    }
  });

  it('answers malformed JSON to /api/messages with 400 invalid_json, in JSON and without a stack trace', async () => {
    const response = await post('/api/messages', '{"type": "message", oops', 'application/json');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: 'invalid_json' });
    expect(text).not.toMatch(/at .*\.js|node_modules|SyntaxError/);
  });

  it('answers a body over the limit with 413 too_large', async () => {
    const huge = JSON.stringify({ type: 'message', text: 'x'.repeat(22 * 1024 * 1024) });
    const response = await post('/api/messages', huge, 'application/json');
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'too_large' });
  });

  it('refuses a body that is no JSON object or no activity, and a body of another content type', async () => {
    for (const body of ['[]', '"text"', '42', 'null', '{}']) {
      const response = await post('/api/messages', body, 'application/json');
      expect(response.status, body).toBe(400);
      expect((await response.json()).error, body).toMatch(/^invalid_/);
    }
    const form = await post('/api/messages', 'type=message', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(400);
    expect(await form.json()).toMatchObject({ error: 'invalid_activity' });
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const response = await fetch(`${bot.url}/api/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not_found' });
  });

  it('refuses a cross-site POST without the CSRF token on every staff router', async () => {
    const attempts: [StaffSession, string, string, unknown][] = [
      [admin, 'POST', '/api/auth/logout', undefined],
      [admin, 'POST', '/api/auth/renew', undefined],
      [admin, 'POST', '/api/agent/canned', { title: 'Gefälscht', text: 'Gefälscht', lang: 'de' }],
      [admin, 'PATCH', '/api/agent/tickets/any', { status: 'done' }],
      [editor, 'POST', '/api/editor/catalogue/import', { services: [] }],
    ];
    for (const [session, method, path, body] of attempts) {
      const reply = await staffRequest(`${bot.url}${path}`, session, method, body, { csrf: false });
      expect(reply.status, `${method} ${path}`).toBe(403);
      expect(reply.json, `${method} ${path}`).toEqual({ error: 'csrf' });
    }
    // The same request with the token goes through: the refusal was the token's doing.
    const created = await staffRequest(`${bot.url}/api/agent/canned`, admin, 'POST', {
      title: 'Echt',
      text: 'Echt',
      lang: 'de',
    });
    expect(created.status).toBeLessThan(300);
    // And the session is still valid: the refused logout did not log anyone out.
    expect((await staffRequest(`${bot.url}/api/auth/me`, admin, 'GET')).status).toBe(200);
  });

  function post(path: string, body: string, contentType: string): Promise<Response> {
    return fetch(`${bot.url}${path}`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
  }
});
