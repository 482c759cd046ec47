// Child process of `runChatLoad` and `holdIdleSockets`: simulated citizens on widget sockets, in a process of their own
// so that the load generator never shares the event loop of the server it measures (that runs in yet another one).
// The first message from the parent is the task, the ones after it are commands.
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerActivity, ServerToClientEvents } from '../src/channels/socketio/protocol.js';
import { AnswerLedger } from './answerLedger.js';
import { GeneratorCommand, type GeneratorReport, GeneratorTask } from './generatorProtocol.js';

type WidgetSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type ChatTask = Extract<GeneratorTask, { kind: 'chat' }>;

/** Handshakes in flight at once: more only make the server's accept queue longer. */
const CONNECTS_IN_FLIGHT = 100;
const CONNECT_TIMEOUT_MS = 60_000;

// Messages can arrive before they are waited for (IPC hands over a whole chunk at once): they queue.
const inbox: unknown[] = [];
const readers: ((message: unknown) => void)[] = [];
process.on('message', (message) => {
  const reader = readers.shift();
  if (reader) reader(message);
  else inbox.push(message);
});
const nextMessage = () =>
  inbox.length > 0 ? Promise.resolve(inbox.shift()) : new Promise<unknown>((resolve) => readers.push(resolve));
const nextCommand = async () => GeneratorCommand.parse(await nextMessage());
const report = (message: GeneratorReport) => process.send?.(message);

const task = GeneratorTask.parse(await nextMessage());
if (task.kind === 'chat') await chat(task);
else await holdIdle(task.url, task.expectWelcome);
process.disconnect();

/** Connects the citizens, waits for `go`, lets them ask for warm-up plus window, and reports the window's figures. */
async function chat(task: ChatTask): Promise<void> {
  const connectStart = performance.now();
  const sockets = await connectMany(
    (i) => urlOf(task, i),
    task.citizens,
    task.expectWelcome,
    (i) => localeOf(task, i),
  );
  report({ type: 'connected', sockets: sockets.length, ms: performance.now() - connectStart });
  if ((await nextCommand()).type !== 'go') return disconnect(sockets);

  const start = performance.now();
  const windowStart = start + task.warmUpMs;
  const windowEnd = windowStart + task.durationMs;
  const latenciesMs: number[] = [];
  const counts = { asked: 0, askedInWindow: 0, answeredInWindow: 0, acknowledged: 0, late: 0, rejected: 0 };
  let lastAskedAt = start;
  let eluAtStart = performance.eventLoopUtilization();
  setTimeout(() => (eluAtStart = performance.eventLoopUtilization()), task.warmUpMs);

  const citizens = sockets.map((socket, i) => {
    const global = task.firstCitizen + i;
    // Each citizen starts elsewhere in the questions, so that at any moment all kinds are being asked.
    const citizen = { socket, ledger: new AnswerLedger(), cursor: (global * 37) % task.questions.length, sent: 0 };
    const ask = (): void => {
      const at = performance.now();
      if (at >= windowEnd) return;
      const question = task.questions[citizen.cursor++ % task.questions.length];
      if (!question) return;
      const id = `c${global}-${citizen.sent++}`;
      citizen.ledger.ask(id, at);
      counts.asked++;
      if (at >= windowStart) counts.askedInWindow++;
      lastAskedAt = at;
      socket.emit('activity', { type: 'message', id, text: question.text, locale: question.locale }, (ack) => {
        if (ack.ok) counts.acknowledged++;
        else counts.rejected++;
      });
    };
    socket.on('activity', (activity: ServerActivity) => {
      if (activity.type !== 'message' || activity.from?.role !== 'bot' || !activity.replyToId) return;
      const at = performance.now();
      const askedAt = citizen.ledger.answer(activity.replyToId);
      if (askedAt === undefined) return;
      const latency = at - askedAt;
      if (latency > task.timeoutMs) counts.late++;
      if (askedAt >= windowStart && askedAt < windowEnd) latenciesMs.push(latency);
      if (at >= windowStart && at < windowEnd) counts.answeredInWindow++;
      if (task.pace === 'closed') ask();
    });
    if (task.pace === 'closed') ask();
    else {
      // Spread evenly over the interval, on a fixed schedule: a slow answer does not delay the next question.
      const { everyMs } = task.pace;
      const offset = (global / task.totalCitizens) * everyMs;
      const tick = (k: number) => {
        const due = start + offset + k * everyMs;
        if (due >= windowEnd) return;
        setTimeout(() => {
          ask();
          tick(k + 1);
        }, due - performance.now());
      };
      tick(0);
    }
    return citizen;
  });

  await sleep(windowEnd - performance.now());
  const eventLoopUtilization = performance.eventLoopUtilization(eluAtStart).utilization;
  const unanswered = () => citizens.reduce((total, citizen) => total + citizen.ledger.unanswered, 0);
  while (unanswered() > 0 && performance.now() < lastAskedAt + task.timeoutMs) await sleep(50);
  report({
    type: 'result',
    asked: counts.asked,
    askedInWindow: counts.askedInWindow,
    answeredInWindow: counts.answeredInWindow,
    acknowledged: counts.acknowledged,
    unansweredInWindow: citizens.reduce(
      (total, citizen) => total + citizen.ledger.unansweredBetween(windowStart, windowEnd),
      0,
    ),
    lost: unanswered() + counts.late,
    duplicated: citizens.reduce((total, citizen) => total + citizen.ledger.duplicated, 0),
    rejected: counts.rejected,
    latenciesMs,
    eventLoopUtilization,
  });
  // Connected until the parent has read the server's memory.
  await nextCommand();
  disconnect(sockets);
}

/** Holds idle sockets: grows to the number asked for, again and again, until told to close. */
async function holdIdle(url: string, expectWelcome: boolean): Promise<void> {
  const sockets: WidgetSocket[] = [];
  for (;;) {
    const command = await nextCommand();
    if (command.type === 'hold') {
      const start = performance.now();
      const more = Math.max(0, command.sockets - sockets.length);
      const added = await connectMany(
        () => url,
        more,
        expectWelcome,
        () => 'de-DE',
      );
      sockets.push(...added);
      report({ type: 'connected', sockets: sockets.length, ms: performance.now() - start });
    } else if (command.type === 'close') {
      return disconnect(sockets);
    }
  }
}

function disconnect(sockets: WidgetSocket[]): void {
  for (const socket of sockets) socket.disconnect();
}

/** Opens `count` widget sockets, socket i to `addressOf(i)`, `CONNECTS_IN_FLIGHT` at a time. */
async function connectMany(
  addressOf: (i: number) => string,
  count: number,
  expectWelcome: boolean,
  localeOf: (i: number) => string,
): Promise<WidgetSocket[]> {
  const sockets: WidgetSocket[] = new Array(count);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < count; i = next++) sockets[i] = await connect(addressOf(i), localeOf(i), expectWelcome);
  };
  await Promise.all(Array.from({ length: Math.min(CONNECTS_IN_FLIGHT, count) }, lane));
  return sockets;
}

/** A widget socket once it has its session (and, from GovBot, the welcome message). */
function connect(url: string, locale: string, expectWelcome: boolean): Promise<WidgetSocket> {
  const socket: WidgetSocket = io(url, {
    auth: { locale },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    let session = false;
    let welcome = !expectWelcome;
    const timer = setTimeout(() => reject(new Error(`no session within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
    const done = () => {
      if (!session || !welcome) return;
      clearTimeout(timer);
      socket.off('activity', onActivity);
      resolve(socket);
    };
    const onActivity = (activity: ServerActivity) => {
      welcome ||= activity.type === 'message' && activity.replyToId === undefined;
      done();
    };
    socket.on('activity', onActivity);
    socket.once('session', () => {
      session = true;
      done();
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function urlOf(task: ChatTask, i: number): string {
  const url = task.urls[(task.firstCitizen + i) % task.urls.length];
  if (url === undefined) throw new Error('a chat task without a server address');
  return url;
}

function localeOf(task: ChatTask, i: number): string {
  return task.questions[(task.firstCitizen + i) % task.questions.length]?.locale ?? 'de-DE';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
