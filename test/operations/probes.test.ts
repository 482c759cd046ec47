import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/createHttpApp.js';
import { closeServer, listen } from '../support/staffApi.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

describe('health and readiness probes', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.dispose());

  it('says healthy and ready once the database is open, the model loaded and the server listening', async () => {
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});

describe('readiness while not ready (starting or shutting down)', () => {
  let ready = false;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = createHttpApp({
      city: 'Musterstadt',
      knowledge: () => {
        throw new Error('not asked by the probes');
      },
      botFrameworkHandler: (_req, res) => {
        res.status(500).end();
      },
      isReady: () => ready,
    });
    ({ server, base: url } = await listen(app));
  });
  afterAll(() => closeServer(server));

  it('answers 503 to /readyz, 200 to /healthz (alive, just not taking traffic), and 200 once ready', async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    ready = true;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });
});
