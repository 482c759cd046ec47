import { createHash, randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { type Activity, ActivityTypes, type TurnContext } from 'botbuilder';
import { Server, type Socket } from 'socket.io';
import type { KeyedQueue } from '../../bot/KeyedQueue.js';
import { WEB_WIDGET_CHANNEL } from '../../bot/render/channelCapabilities.js';
import { INCOMING_STORED, toJson } from '../../bot/TranscriptMiddleware.js';
import type { Logger } from '../../logger.js';
import type { ConversationRepository, TranscriptRepository } from '../../storage/repositories.js';
import {
  ClientActivity,
  type ClientToServerEvents,
  HandshakeAuth,
  HistoryRequest,
  ServerActivity,
  type ServerToClientEvents,
} from './protocol.js';
import { SocketIoAdapter } from './SocketIoAdapter.js';

export interface SocketIoChannelOptions {
  httpServer: HttpServer;
  conversations: ConversationRepository;
  transcripts: TranscriptRepository;
  /** Runs a turn: the bot behind its middleware. */
  bot: { run(context: TurnContext): Promise<void> };
  /** Adds GovBot's middleware to the adapter. */
  configureAdapter(adapter: SocketIoAdapter): void;
  turns: KeyedQueue;
  logger: Logger;
  corsOrigins?: string[];
}

type WidgetSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

const BOT = { id: 'govbot', name: 'GovBot', role: 'bot' };
const citizenOf = (conversationId: string) => ({ id: `citizen-${conversationId}`, name: '', role: 'user' });

/**
 * Serves the web widget over Socket.IO (protocol in docs/protocol.md): a conversation per token, every citizen
 * message stored before it is acknowledged, turns of one conversation run one after another.
 */
export function attachSocketIoChannel(options: SocketIoChannelOptions): { io: Server; adapter: SocketIoAdapter } {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(options.httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    cors: options.corsOrigins ? { origin: options.corsOrigins } : undefined,
  });
  const adapter = new SocketIoAdapter((conversationId, activity) => {
    io.to(room(conversationId)).emit('activity', toServerActivity(activity));
  });
  options.configureAdapter(adapter);

  io.on('connection', (socket: WidgetSocket) => {
    void openSession(socket, options, adapter).catch((error: unknown) => {
      options.logger.error({ err: error }, 'socket session failed');
      socket.emit('error', { code: 'session_failed', message: 'Could not open the conversation' });
      socket.disconnect(true);
    });
  });
  return { io, adapter };
}

async function openSession(socket: WidgetSocket, options: SocketIoChannelOptions, adapter: SocketIoAdapter) {
  const auth = HandshakeAuth.safeParse(socket.handshake.auth ?? {});
  const { token: presented, locale } = auth.success ? auth.data : {};
  let conversation = presented
    ? await options.conversations.findConversationByTokenHash(hashToken(presented))
    : undefined;
  let token = presented;
  const resumed = conversation !== undefined;
  if (!conversation || !token) {
    token = randomBytes(32).toString('base64url');
    conversation = await options.conversations.createConversation(
      { id: crypto.randomUUID(), channel: WEB_WIDGET_CHANNEL, locale: locale ?? 'de-DE' },
      hashToken(token),
    );
  }
  const conversationId = conversation.id;
  const citizen = citizenOf(conversationId);
  const base = (): Partial<Activity> => ({
    channelId: WEB_WIDGET_CHANNEL,
    serviceUrl: 'urn:govbot:socketio',
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: citizen,
    recipient: BOT,
    timestamp: new Date(),
    locale: locale ?? conversation?.locale,
  });
  await socket.join(room(conversationId));
  socket.emit('session', { conversationId, token, resumed });
  const runTurn = (activity: Partial<Activity>, stored: boolean) =>
    options.turns.run(conversationId, async () => {
      socket.emit('activity', { type: ActivityTypes.Typing, from: BOT });
      const turnState = new Map<symbol, unknown>(stored ? [[INCOMING_STORED, true]] : []);
      await adapter.processActivity(activity, (context) => options.bot.run(context), turnState);
    });

  if (!resumed) {
    await runTurn({ ...base(), type: ActivityTypes.ConversationUpdate, membersAdded: [citizen] }, false);
  }

  socket.on('activity', async (raw, ack) => {
    const reply = typeof ack === 'function' ? ack : () => undefined;
    const parsed = ClientActivity.safeParse(raw);
    if (!parsed.success || (parsed.data.text === undefined && parsed.data.value === undefined)) {
      reply({ ok: false, error: 'invalid_activity' });
      return;
    }
    try {
      const id = parsed.data.id ?? crypto.randomUUID();
      const activity: Partial<Activity> = { ...base(), ...parsed.data, id, locale: parsed.data.locale ?? locale };
      const { duplicate } = await options.transcripts.appendActivity(conversationId, toJson(activity), id);
      reply({ ok: true, id, duplicate });
      if (duplicate) return;
      socket.to(room(conversationId)).emit('activity', toServerActivity(activity));
      await options.conversations.touchConversation(conversationId);
      await runTurn(activity, true);
    } catch (error) {
      options.logger.error({ err: error, conversationId }, 'turn failed');
      reply({ ok: false, error: 'internal_error' });
    }
  });

  socket.on('history', async (raw, ack) => {
    if (typeof ack !== 'function') return;
    const request = HistoryRequest.safeParse(raw);
    if (!request.success) return ack({ ok: false, error: 'invalid_request' });
    const entries = await options.transcripts.listActivities(conversationId, request.data?.limit ?? 200);
    ack({ ok: true, activities: entries.map((entry) => toServerActivity(entry.activity)) });
  });
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function room(conversationId: string): string {
  return `conversation:${conversationId}`;
}

/** Only what the widget needs; channel addresses and internal fields stay on the server. */
function toServerActivity(activity: Partial<Activity> | Record<string, unknown>): ServerActivity {
  return ServerActivity.parse(activity instanceof Object ? JSON.parse(JSON.stringify(activity)) : {});
}
