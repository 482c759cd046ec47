import { createServer } from 'node:http';
import type { TurnContext } from 'botbuilder';
import { io, type Socket } from 'socket.io-client';
import { KeyedQueue } from '../../src/bot/KeyedQueue.js';
import { attachSocketIoChannel } from '../../src/channels/socketio/attachSocketIoChannel.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/channels/socketio/protocol.js';
import { createLogger } from '../../src/logger.js';
import type { Storage } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { singleTenant } from './testTenants.js';

export interface StubChannel {
  storage: Storage;
  /** A widget connection to the channel, its session already opened. */
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  conversationId: string;
}

/**
 * The widget channel alone on 127.0.0.1 with in-memory storage and `bot` as its bot (no middleware), and one widget
 * connected to it: for what the channel does whatever the bot says. Everything it opens is closed by `cleanups`.
 */
export async function startStubChannel(
  bot: { run(context: TurnContext): Promise<void> },
  cleanups: (() => Promise<void> | void)[],
): Promise<StubChannel> {
  const storage = openSqliteStorage(':memory:');
  cleanups.push(() => storage.close());
  const httpServer = createServer();
  const channel = attachSocketIoChannel({
    httpServer,
    conversations: storage.conversations,
    transcripts: storage.transcripts,
    bot,
    configureAdapter: () => undefined,
    turns: new KeyedQueue(),
    logger: createLogger('silent'),
    tenants: singleTenant(),
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => channel.io.close(() => resolve())));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`http://127.0.0.1:${port}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  cleanups.push(() => void socket.close());
  const { conversationId } = await new Promise<{ conversationId: string }>((resolve) =>
    socket.once('session', resolve),
  );
  return { storage, socket, conversationId };
}
