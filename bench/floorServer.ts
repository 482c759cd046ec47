import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { type Language, languageOf } from '../src/catalogue/schema.js';
import type { ActivityAck, ClientToServerEvents, ServerToClientEvents } from '../src/channels/socketio/protocol.js';
import { loadCurrentModel } from '../src/nlu/trainModel.js';
import { Understanding } from '../src/nlu/Understanding.js';
import { openDataDir } from '../src/storage/openDataDir.js';
import { idOf, listenLocally, stringField, textOf } from './echoServer.js';

const BOT = { id: 'floor', name: 'Floor', role: 'bot' };

/**
 * The floor of the chat load benchmark: the least any bot must do for a question under GovBot's promises (an
 * acknowledgement means stored), and nothing more. It stores the citizen's message (GovBot's SQLite transcript, group
 * commit) before acknowledging it, reads it with GovBot's trained understanding, stores the answer (the entry's title
 * or "not understood") and sends it. No conversation state, no dialogs, no botbuilder, no validation beyond the echo
 * server's, no metrics or logs.
 *
 * GovBot cannot beat it on one event loop with the same storage and model. Beside the echo server (the same events
 * and nothing else) it shows how much of the echo server's rate any such bot can reach on the machine at hand.
 */
export async function startFloorServer(dataDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const { storage } = await openDataDir(dataDir);
  const { model, services } = await loadCurrentModel(storage);
  const understanding = new Understanding(model, services);
  await understanding.prepare(() => new Promise((resolve) => setImmediate(resolve)));
  const httpServer = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, { serveClient: false, cookie: false });
  let conversations = 0;
  io.on('connection', (socket) => {
    conversations++;
    const conversationId = `floor-${conversations}`;
    const citizen = { id: conversationId, role: 'user' };
    socket.emit('session', {
      conversationId,
      token: 'floor',
      resumed: false,
      tenant: { id: 'default', name: 'Floor', branding: {} },
    });
    socket.on('activity', (raw, ack) => {
      const id = idOf(raw) ?? crypto.randomUUID();
      const text = textOf(raw);
      const langHint = languageOf(stringField(raw, 'locale'));
      const question = { type: 'message', id, timestamp: new Date().toISOString(), from: citizen, text };
      const acknowledge = (reply: ActivityAck) => {
        if (typeof ack === 'function') ack(reply);
      };
      storage.transcripts.appendActivity(conversationId, { ...question, channelId: 'webchat' }, id).then(
        () => {
          acknowledge({ ok: true, id });
          void answer(id, text, langHint).catch(() => undefined);
        },
        (error: unknown) => acknowledge({ ok: false, error: String(error) }),
      );
    });
    const answer = async (replyToId: string, text: string, langHint: Language) => {
      const { service } = understanding.parse(text, { langHint });
      const activity = {
        type: 'message' as const,
        id: crypto.randomUUID(),
        timestamp: new Date().toISOString(),
        from: BOT,
        text: service?.title ?? 'Das habe ich leider nicht verstanden.',
        replyToId,
      };
      await storage.transcripts.appendActivity(conversationId, activity, activity.id);
      socket.emit('activity', activity);
    };
  });
  return {
    url: await listenLocally(httpServer),
    close: async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await storage.close();
    },
  };
}
