import type { HistoryAck, ServerActivity } from '../../src/channels/socketio/protocol.js';
import { CitizenClient } from '../support/citizenClient.js';
import type { GovBotProcess } from './govbotProcess.js';

const QUESTIONS = ['Ich brauche einen Reisepass', 'Wie melde ich meinen Hund an?', 'Personalausweis verloren', 'Danke'];

/** A message a loading citizen sent, and whether the server acknowledged it (then it must be stored). */
export interface SentMessage {
  id: string;
  text: string;
  acked: boolean;
}

/** A citizen who sends question after question, each as soon as the previous one is acknowledged. */
export interface LoadingCitizen {
  client: CitizenClient;
  sent: SentMessage[];
  /** Resolves when the citizen stops: `stop()` was called, or the server went away. */
  done: Promise<void>;
}

/**
 * Connects `count` citizens and has them send without waiting for answers (so turns queue up on the server), until
 * `stop()`. `onAck` is called after every acknowledgement, with the number of acknowledged messages so far.
 */
export async function startChatLoad(
  url: string,
  count: number,
  onAck: (acked: number) => void = () => undefined,
): Promise<{ citizens: LoadingCitizen[]; stop(): void }> {
  let stopped = false;
  let acked = 0;
  const citizens = await Promise.all(
    Array.from({ length: count }, async (_, index): Promise<LoadingCitizen> => {
      const client = await CitizenClient.connect(url);
      const sent: SentMessage[] = [];
      // An acknowledgement lost with the server never comes: the citizen stops when the connection drops.
      const disconnected = new Promise<void>((resolve) => client.socket.once('disconnect', () => resolve()));
      const sending = (async () => {
        for (let n = 0; !stopped; n++) {
          const message = { id: `${index}-${n}`, text: QUESTIONS[n % QUESTIONS.length] ?? 'Hallo', acked: false };
          sent.push(message);
          const ack = await client.send(message).catch(() => undefined);
          if (!ack?.ok) return;
          message.acked = true;
          onAck(++acked);
        }
      })();
      return { client, sent, done: Promise.race([sending, disconnected]) };
    }),
  );
  return {
    citizens,
    stop: () => {
      stopped = true;
    },
  };
}

/** The citizen's own messages in a conversation's history, by id. */
export function citizenMessageIds(activities: ServerActivity[]): string[] {
  return activities.filter((a) => a.type === 'message' && a.from?.role === 'user').map((a) => a.id ?? '');
}

/** Everything stored of the citizen's conversation (up to 500 activities), as the widget loads it on reconnecting. */
export async function storedActivities(client: CitizenClient): Promise<ServerActivity[]> {
  const ack: HistoryAck = await client.socket.timeout(10_000).emitWithAck('history', { limit: 500 });
  if (!ack.ok) throw new Error(`history: ${ack.error}`);
  return ack.activities;
}

/**
 * Puts `count` citizens on `server` and sends it `signal` from the callback of the `at`-th acknowledgement, while the
 * other citizens' messages are on the way; resolves once the server has ended and every citizen has stopped.
 */
export async function signalUnderLoad(
  server: GovBotProcess,
  signal: NodeJS.Signals,
  at: number,
  count = 5,
): Promise<{ citizens: LoadingCitizen[]; exit: Awaited<GovBotProcess['exited']> }> {
  const load = await startChatLoad(server.url, count, (acked) => {
    if (acked === at) server.child.kill(signal);
  });
  await Promise.all(load.citizens.map((citizen) => citizen.done));
  return { citizens: load.citizens, exit: await server.exited };
}
