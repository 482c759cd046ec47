import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ActivityAck, ClientToServerEvents, ServerToClientEvents } from '../src/channels/socketio/protocol.js';

const BOT = { id: 'echo', name: 'Echo', role: 'bot' };

/**
 * The ceiling of the chat load benchmark: a bare Socket.IO server speaking the widget's events and doing nothing else.
 * It sends `session` on connecting, acknowledges every `activity` and answers it with one bot message quoting it.
 */
export async function startEchoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const httpServer = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, { serveClient: false, cookie: false });
  let conversations = 0;
  io.on('connection', (socket) => {
    conversations++;
    socket.emit('session', {
      conversationId: `echo-${conversations}`,
      token: 'echo',
      resumed: false,
      tenant: { id: 'default', name: 'Echo', branding: {} },
    });
    socket.on('activity', (raw, ack) => {
      const id = idOf(raw) ?? crypto.randomUUID();
      const reply: ActivityAck = { ok: true, id };
      if (typeof ack === 'function') ack(reply);
      socket.emit('activity', {
        type: 'message',
        id: crypto.randomUUID(),
        timestamp: new Date().toISOString(),
        from: BOT,
        text: textOf(raw),
        replyToId: id,
      });
    });
  });
  return { url: await listenLocally(httpServer), close: () => new Promise((resolve) => io.close(() => resolve())) };
}

/** Listens on a free port of 127.0.0.1; resolves with the server's address. */
export async function listenLocally(httpServer: HttpServer): Promise<string> {
  httpServer.listen(0, '127.0.0.1');
  await once(httpServer, 'listening');
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return `http://127.0.0.1:${port}`;
}

export function idOf(raw: unknown): string | undefined {
  const id = raw && typeof raw === 'object' && 'id' in raw ? raw.id : undefined;
  return typeof id === 'string' ? id : undefined;
}

export function textOf(raw: unknown): string {
  const text = raw && typeof raw === 'object' && 'text' in raw ? raw.text : undefined;
  return typeof text === 'string' ? text : '';
}
