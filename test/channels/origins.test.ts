import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

type Transport = 'websocket' | 'polling';

/** Opens a widget connection as a browser on `origin` would (no Origin header: as a non-browser client). */
function handshake(url: string, origin: string | undefined, transport: Transport): Promise<'session' | 'refused'> {
  const socket = io(url, {
    transports: [transport],
    upgrade: false,
    extraHeaders: origin === undefined ? {} : { origin },
    reconnection: false,
    forceNew: true,
  });
  return new Promise<'session' | 'refused'>((resolve) => {
    socket.once('session', () => resolve('session'));
    socket.once('connect_error', () => resolve('refused'));
  }).finally(() => socket.close());
}

/** The outcome of a handshake from `origin` over both transports. */
async function outcomes(url: string, origin: string | undefined) {
  return {
    websocket: await handshake(url, origin, 'websocket'),
    polling: await handshake(url, origin, 'polling'),
  };
}

const OK = { websocket: 'session', polling: 'session' };
const REFUSED = { websocket: 'refused', polling: 'refused' };

/** The first request of a polling handshake, as a browser page on `origin` sends it. */
const pollingHandshake = (bot: TestBot, origin: string) =>
  fetch(`${bot.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });

describe('origins allowed to connect the widget', () => {
  describe('by default: the server’s own origin only', () => {
    let bot: TestBot;
    beforeAll(async () => {
      bot = await startTestBot();
    });
    afterAll(() => bot?.dispose());

    it('accepts its own origin and clients without an Origin header, refuses other sites', async () => {
      const port = new URL(bot.url).port;
      expect(await outcomes(bot.url, `http://localhost:${port}`)).toEqual(OK);
      expect(await outcomes(bot.url, undefined)).toEqual(OK);
      expect(await outcomes(bot.url, 'https://evil.example')).toEqual(REFUSED);
      // Same host, another port: another origin.
      expect(await outcomes(bot.url, 'http://localhost:1')).toEqual(REFUSED);
      expect(await outcomes(bot.url, 'null')).toEqual(REFUSED);
    });

    it('refuses a foreign polling handshake with 403, without CORS headers or a cookie', async () => {
      const refused = await pollingHandshake(bot, 'https://evil.example');
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      const own = await fetch(`${bot.url}/socket.io/?EIO=4&transport=polling`);
      expect(own.status).toBe(200);
      expect(own.headers.get('set-cookie')).toBeNull();
    });
  });

  describe('with GOVBOT_ALLOWED_ORIGINS', () => {
    let bot: TestBot;
    beforeAll(async () => {
      bot = await startTestBot({
        env: { GOVBOT_ALLOWED_ORIGINS: 'https://www.musterstadt.example/, https://Portal.Musterstadt.example:8443' },
      });
    });
    afterAll(() => bot?.dispose());

    it('accepts the listed origins besides its own, and no other', async () => {
      expect(await outcomes(bot.url, 'https://www.musterstadt.example')).toEqual(OK);
      expect(await outcomes(bot.url, 'https://portal.musterstadt.example:8443')).toEqual(OK);
      expect(await outcomes(bot.url, `http://localhost:${new URL(bot.url).port}`)).toEqual(OK);
      expect(await outcomes(bot.url, 'http://www.musterstadt.example')).toEqual(REFUSED);
      expect(await outcomes(bot.url, 'https://musterstadt.example')).toEqual(REFUSED);
    });

    it('lets a listed origin read polling responses, without credentials', async () => {
      const response = await pollingHandshake(bot, 'https://www.musterstadt.example');
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('https://www.musterstadt.example');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.headers.get('set-cookie')).toBeNull();
    });
  });

  describe('with GOVBOT_ALLOWED_ORIGINS=*', () => {
    let bot: TestBot;
    beforeAll(async () => {
      bot = await startTestBot({ env: { GOVBOT_ALLOWED_ORIGINS: '*' } });
    });
    afterAll(() => bot?.dispose());

    it('accepts any origin', async () => {
      expect(await outcomes(bot.url, 'https://anywhere.example')).toEqual(OK);
      expect(await outcomes(bot.url, undefined)).toEqual(OK);
      const response = await pollingHandshake(bot, 'https://anywhere.example');
      expect(response.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('serves the widget script for pages of other origins', async () => {
      for (const path of ['/widget.js', '/widget.js.map']) {
        const response = await fetch(`${bot.url}${path}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      }
      expect((await fetch(`${bot.url}/datenschutz`)).headers.get('cross-origin-resource-policy')).toBeNull();
    });
  });

  it('refuses at start-up what is not an origin, listing every bad entry', () => {
    const load = (origins: string) => () => loadConfig({ GOVBOT_ALLOWED_ORIGINS: origins });
    expect(load('https://a.example/chat, stadt.example, *')).toThrow(ConfigError);
    expect(load('https://a.example/chat, stadt.example, *')).toThrow(
      /GOVBOT_ALLOWED_ORIGINS: not an origin \(https:\/\/host\[:port\]\) or \*: https:\/\/a\.example\/chat, stadt\.example/,
    );
    expect(
      loadConfig({ GOVBOT_ALLOWED_ORIGINS: 'HTTPS://A.example:443/, http://b.example:8080' }).allowedOrigins,
    ).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(loadConfig({ GOVBOT_ALLOWED_ORIGINS: ' ' }).allowedOrigins).toBeUndefined();
  });
});
