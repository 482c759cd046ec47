import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/AuthService.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningGovBot, startGovBot } from '../../src/main.js';
import { CitizenClient, visibleText } from '../support/citizenClient.js';
import { loginStaff, type StaffSession } from '../support/staffApi.js';
import { freshDataDir } from '../support/startTestBot.js';
import { FuzzInput } from './fuzzInput.js';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SOCKETS = 20;
const SOCKET_EVENTS = 2000;
const BOT_FRAMEWORK_POSTS = 600;
const HTTP_BODIES = 400;
const BATCH = 200;
/** Socket.IO's own events, which a client cannot emit. */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
const EVENT_NAMES = ['activity', 'history', 'typing', 'erase', 'session', 'error', 'message', 'agent', '__proto__'];

/**
 * Thousands of random and malformed inputs against one real bot, on every way in: Socket.IO events of the widget,
 * Bot Framework activities, JSON bodies of the staff APIs. Afterwards the bot must be alive and answer a citizen
 * correctly, with nothing logged as an error, no unhandled rejection and no exploded memory. The seed is printed;
 * FUZZ_SEED=<seed> replays a run.
 */
describe(`fuzzing the bot (FUZZ_SEED=${SEED})`, () => {
  const random = new FuzzInput(SEED);
  const errors: unknown[] = [];
  const logged: { level: number; msg?: string }[] = [];
  let bot: RunningGovBot;
  let dataDir: string;
  let sink: Server;
  let sinkUrl: string;
  let staff: StaffSession;
  const onProcessError = (error: unknown) => errors.push(error);

  beforeAll(async () => {
    console.log(`fuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED})`);
    process.on('unhandledRejection', onProcessError);
    process.on('uncaughtException', onProcessError);
    // Bot Framework replies go here, so that a valid activity's turn has somewhere to answer.
    sink = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const address = sink.address();
    sinkUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    dataDir = freshDataDir();
    const env = {
      HOST: '127.0.0.1',
      GOVBOT_SERVICE_HOURS: 'always',
      // The default limits per connection; none per address, so that the fresh citizen at the end gets through.
      GOVBOT_IP_MESSAGE_BURST: '0',
      GOVBOT_MAX_CONNECTIONS_PER_IP: '0',
    };
    bot = await startGovBot(loadConfig(env, { dataDir, port: 0 }), createLogger('warn', collect(logged)));
    const session = await loginStaff(bot.storage, new AuthService(bot.storage.users), { fuzz: 'admin' });
    staff = session('fuzz');
  });

  afterAll(async () => {
    process.off('unhandledRejection', onProcessError);
    process.off('uncaughtException', onProcessError);
    await bot?.close();
    sink?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('survives random socket events, activities and bodies and still answers citizens', {
    timeout: 90_000,
  }, async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const sockets = await Promise.all(Array.from({ length: SOCKETS }, () => connect(bot.url)));
    const disconnects: string[] = [];
    for (const socket of sockets) socket.on('disconnect', (reason) => disconnects.push(reason));
    const unanswered: string[] = [];
    const replies: Promise<void>[] = [];
    for (let i = 0; i < SOCKET_EVENTS; i++) {
      // In batches: thousands of acknowledgements outstanding at once measure the machine's load, not the server.
      if (i % BATCH === 0) await Promise.all(replies);
      const socket = random.pick(sockets);
      const { name, args, withAck } = socketEvent(random);
      if (!withAck) {
        socket.emit(name, ...args);
        continue;
      }
      replies.push(
        socket
          .timeout(10_000)
          .emitWithAck(name, ...args)
          .then(
            (ack: unknown) => {
              if (!isAck(ack)) unanswered.push(`${name}: not an acknowledgement: ${JSON.stringify(ack)}`);
            },
            () => {
              unanswered.push(`${name}(${describeArgs(args)}): no acknowledgement`);
            },
          ),
      );
    }
    const statuses: string[] = [];
    const requests: Promise<void>[] = [];
    for (let i = 0; i < BOT_FRAMEWORK_POSTS; i++) {
      requests.push(expectClientError('/api/messages', botFrameworkBody(random, sinkUrl), statuses));
    }
    for (let i = 0; i < HTTP_BODIES; i++) {
      const path = random.pick(['/api/auth/login', '/api/agent/canned', '/api/editor/catalogue/import']);
      requests.push(expectClientError(path, httpBody(random), statuses, staff));
    }
    await Promise.all([...replies, ...requests]);

    expect(disconnects).toEqual([]);
    expect(unanswered).toEqual([]);
    expect(statuses).toEqual([]);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    // The fuzzed connections are still open and served.
    const survivor = sockets.find((socket) => socket.connected);
    expect(survivor).toBeDefined();
    expect(await survivor?.timeout(5000).emitWithAck('history', { limit: 5 })).toMatchObject({ ok: true });
    const citizen = await CitizenClient.connect(bot.url);
    try {
      expect(visibleText(await citizen.ask('Ich möchte einen Personalausweis beantragen'))).toMatch(/Personalausweis/);
    } finally {
      citizen.close();
    }
    for (const socket of sockets) socket.close();
    expect(errors).toEqual([]);
    expect(logged.filter((entry) => entry.level >= 50)).toEqual([]);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(300 * 1024 * 1024);
  });

  /** A request whose answer must be JSON and not a server error; else a line for the test's failure message. */
  async function expectClientError(
    path: string,
    body: { payload: string | Buffer; contentType: string },
    problems: string[],
    session?: StaffSession,
  ): Promise<void> {
    const headers: Record<string, string> = { 'Content-Type': body.contentType };
    if (session) Object.assign(headers, { Cookie: session.cookie, 'X-CSRF-Token': session.csrfToken });
    const payload = typeof body.payload === 'string' ? body.payload : new Uint8Array(body.payload);
    let response: Response;
    try {
      response = await fetch(`${bot.url}${path}`, { method: 'POST', headers, body: payload });
    } catch (error) {
      // A body the server need not read (wrong content type, refused before parsing) may be cut off when the answer
      // is sent: a reset then is the client's loss, not the server's fault. Any other failure is a problem.
      const unread = body.contentType !== 'application/json' || body.payload.length > 64 * 1024;
      if (!unread) problems.push(`${path}: ${String(error)} for ${String(body.payload).slice(0, 200)}`);
      return;
    }
    const text = await response.text();
    const json = response.headers.get('content-type')?.startsWith('application/json');
    if (response.status >= 500 || (response.status >= 400 && !json)) {
      problems.push(`${path} ${response.status}: ${text.slice(0, 200)} for ${String(body.payload).slice(0, 200)}`);
    }
  }
});

/** One Socket.IO event: a known one with bad arguments, or an unknown one; with an acknowledgement or without. */
function socketEvent(random: FuzzInput): { name: string; args: unknown[]; withAck: boolean } {
  const name = random.chance(0.6) ? 'activity' : random.chance(0.7) ? random.pick(EVENT_NAMES) : random.string();
  const safeName = RESERVED.has(name) || name === 'erase' ? 'nonsense' : name;
  const first = safeName === 'activity' && random.chance(0.7) ? random.clientActivity() : random.value(3);
  const args = random.chance(0.2) ? [first, random.value(2)] : random.chance(0.1) ? [] : [first];
  return { name: safeName, args, withAck: random.chance(0.7) };
}

/** A body for `/api/messages`: an activity with broken fields, broken JSON, or the wrong content type. */
function botFrameworkBody(random: FuzzInput, serviceUrl: string): { payload: string | Buffer; contentType: string } {
  const json = JSON.stringify(random.botFrameworkActivity(serviceUrl)) ?? 'null';
  return mangled(random, json);
}

function httpBody(random: FuzzInput): { payload: string | Buffer; contentType: string } {
  return mangled(random, JSON.stringify(random.value(4)) ?? 'null');
}

function mangled(random: FuzzInput, json: string): { payload: string | Buffer; contentType: string } {
  const contentType = random.chance(0.85)
    ? 'application/json'
    : random.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin-7', '']);
  if (random.chance(0.15)) return { payload: json.slice(0, random.int(json.length)), contentType };
  if (random.chance(0.05)) return { payload: Buffer.from([0xff, 0xfe, 0x00, 0x7b]), contentType };
  return { payload: json, contentType };
}

function isAck(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function describeArgs(args: unknown[]): string {
  return JSON.stringify(args, (_key, value: unknown) =>
    typeof value === 'string' && value.length > 50 ? `${value.slice(0, 50)}…` : value,
  ).slice(0, 300);
}

function connect(url: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('session', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** A log destination that keeps the entries (pino writes one JSON object per line). */
function collect(entries: { level: number; msg?: string }[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) entries.push(JSON.parse(line));
      done();
    },
  });
}
