import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningGovBot, startGovBot } from '../../src/main.js';
import { CitizenClient } from '../support/citizenClient.js';
import { freshDataDir } from '../support/startTestBot.js';

/** A pino destination that keeps every JSON line written to it. */
class LogLines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.raw.push(line);
      this.lines.push(JSON.parse(line));
    }
    done();
  }

  find(predicate: (line: Record<string, unknown>) => boolean): Record<string, unknown>[] {
    return this.lines.filter(predicate);
  }
}

/** The bot's JSON log, captured, for one HTTP request and one widget turn. */
describe('structured logs with request and conversation ids', () => {
  const log = new LogLines();
  let bot: RunningGovBot;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = freshDataDir();
    const env = { HOST: '127.0.0.1', GOVBOT_SERVICE_HOURS: 'always' };
    bot = await startGovBot(loadConfig(env, { dataDir, port: 0 }), createLogger('info', log));
  });
  afterAll(async () => {
    await bot.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a sane X-Request-Id, echoes it and logs the request with it', async () => {
    const response = await fetch(`${bot.url}/datenschutz`, { headers: { 'X-Request-Id': 'lb-7f3a.42' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('lb-7f3a.42');
    await response.text();
    await until(() => log.find((line) => line.requestId === 'lb-7f3a.42').length > 0);
    expect(log.find((line) => line.requestId === 'lb-7f3a.42')).toEqual([
      expect.objectContaining({
        service: 'govbot',
        level: 30,
        msg: 'request',
        method: 'GET',
        route: '/datenschutz',
        status: 200,
        ms: expect.any(Number),
      }),
    ]);
  });

  it('replaces an odd request id by a new one, and never logs the URL (receipt links hold tokens)', async () => {
    const response = await fetch(`${bot.url}/quittung/not-a-real-token-abcdef?x=1`, {
      headers: { 'X-Request-Id': 'x y<script>' },
    });
    const requestId = response.headers.get('x-request-id') ?? '';
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await response.text();
    await until(() => log.find((line) => line.requestId === requestId).length > 0);
    expect(log.find((line) => line.requestId === requestId)).toEqual([
      expect.objectContaining({ msg: 'request', status: response.status }),
    ]);
    expect(log.raw.join('\n')).not.toContain('not-a-real-token-abcdef');
    expect(log.raw.join('\n')).not.toContain('<script>');
  });

  it("logs a widget turn with the conversation's id and timings, and not what the citizen wrote", async () => {
    const citizen = await CitizenClient.connect(bot.url);
    try {
      await citizen.nextMessage();
      await citizen.ask('Was kostet ein Reisepass für Erika Mustermann?');
      const { conversationId } = citizen.session;
      await until(() => log.find((line) => line.msg === 'turn').length > 0);
      expect(log.find((line) => line.msg === 'turn')).toEqual([
        expect.objectContaining({
          conversationId,
          channel: 'govbot-web',
          ms: expect.any(Number),
          firstAnswerMs: expect.any(Number),
        }),
      ]);
      expect(log.raw.join('\n')).not.toContain('Mustermann');
    } finally {
      citizen.close();
    }
  });
});

/** Waits for a log line that is written when the response has gone (`finish`), a moment after the client got it. */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
