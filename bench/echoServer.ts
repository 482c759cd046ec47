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

/** A string field of a client's event payload, which the bare servers do not validate. */
export function stringField(raw: unknown, name: string): string | undefined {
  const value: unknown = raw && typeof raw === 'object' ? Reflect.get(raw, name) : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function idOf(raw: unknown): string | undefined {
  return stringField(raw, 'id');
}

export function textOf(raw: unknown): string {
  return stringField(raw, 'text') ?? '';
}
