import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, type Readiness } from '../../src/http/createHttpApp.js';
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
  let readiness: Readiness = 'starting';
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = createHttpApp({
      municipality: () => 'Musterstadt',
      knowledge: () => {
        throw new Error('not asked by the probes');
      },
      botFrameworkHandler: (_req, res) => {
        res.status(500).end();
      },
      readiness: () => readiness,
    });
    ({ server, base: url } = await listen(app));
  });
  afterAll(() => closeServer(server));

  it('answers 503 to /readyz, 200 to /healthz (alive, just not taking traffic), and 200 once ready', async () => {
    const readyz = async () => {
      const response = await fetch(`${url}/readyz`);
      return { status: response.status, body: await response.json() };
    };
    expect(await readyz()).toEqual({ status: 503, body: { status: 'starting' } });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    readiness = 'ready';
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready' } });
    // Draining on SIGTERM: the load balancer stops sending new citizens.
    readiness = 'stopping';
    expect(await readyz()).toEqual({ status: 503, body: { status: 'stopping' } });
  });
});
