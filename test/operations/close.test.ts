import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CONNECTION_GRACE_MS } from '../../src/main.js';
import { startTestBot } from '../support/startTestBot.js';

describe('closing a running bot', () => {
  it('cuts a connection whose request never finishes once the grace period is over', async () => {
    const bot = await startTestBot();
    // Headers without their closing blank line: a request in flight that Node would otherwise wait for until its
    // headers timeout (a minute), holding the shutdown and a restart on the same port.
    const stalled = connect(bot.port, '127.0.0.1');
    await once(stalled, 'connect');
    stalled.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const ended = once(stalled, 'close');

    const started = performance.now();
    await bot.dispose();
    const took = performance.now() - started;
    await ended;
    expect(took).toBeGreaterThanOrEqual(CONNECTION_GRACE_MS - 100);
    expect(took).toBeLessThan(CONNECTION_GRACE_MS + 10_000);
  }, 30_000);
});
