import { createHash, randomBytes } from 'node:crypto';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { type Activity, ActivityTypes, type Attachment, type TurnContext } from 'botbuilder';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { WEB_WIDGET_CHANNEL } from '../../bot/render/channelCapabilities.js';
import { INCOMING_STORED } from '../../bot/TranscriptMiddleware.js';
import type { TurnQueue } from '../../cluster/clusterTurns.js';
import type { Logger } from '../../logger.js';
import type { ConversationRepository, TranscriptRepository } from '../../storage/repositories.js';
import type { TenantDirectory } from '../../tenants/TenantDirectory.js';
import { REJECTED_UPLOAD_ATTACHMENT, type RejectedUpload } from '../../uploads/attachments.js';
import { UPLOADS_RESOLVED, type UploadMiddleware } from '../../uploads/UploadMiddleware.js';
import { admitTenant } from './admitTenant.js';
import { corsOf, originCheck } from './originCheck.js';
import {
  type ActivityAck,
  ClientActivity,
  type ClientToServerEvents,
  type EraseAck,
  EraseRequest,
  HandshakeAuth,
  type HistoryAck,
  HistoryRequest,
  MAX_CLIENT_ATTACHMENTS,
  ServerActivity,
  type ServerToClientEvents,
} from './protocol.js';
import { SocketIoAdapter } from './SocketIoAdapter.js';
import { payloadAndReply, refuseUnknownEvent } from './socketEvents.js';
import { WidgetLimits, type WidgetLimitsConfig } from './WidgetLimits.js';

export interface SocketIoChannelOptions {
  httpServer: HttpServer;
  conversations: ConversationRepository;
  transcripts: TranscriptRepository;
  /** Runs a turn: the bot behind its middleware. */
  bot: { run(context: TurnContext): Promise<void> };
  /** Adds GovBot's middleware to the adapter. */
  configureAdapter(adapter: SocketIoAdapter): void;
  turns: TurnQueue;
  logger: Logger;
  /**
   * Origins of other sites whose pages may connect the widget for every tenant (`*`: any), besides each tenant's own
   * (`tenants`). The server's own origin always may; a handshake without an Origin header (not a browser) too.
   * Default: only the server's own origin and the tenants' origins.
   */
  allowedOrigins?: readonly string[];
  /**
   * The installation's tenants: a connection names its tenant in the handshake (`auth.tenant`, none: `default`),
   * and its conversation belongs to that tenant (docs/tenants.md).
   */
  tenants: TenantDirectory;
  /**
   * Stores the files of a message before it is acknowledged, so the transcript holds references, never file data.
   * Without it, files are refused (`not_allowed_here`).
   */
  uploads?: Pick<UploadMiddleware, 'resolveAttachments'>;
  /** The largest file a citizen may send, in bytes; sizes Socket.IO's message limit. Default 5 MiB. */
  maxUploadBytes?: number;
  /** The citizen is typing (for an agent who has the chat). */
  onTyping?: (conversationId: string) => void;
  /** True while the bot does not answer (a person has the conversation): no typing indicator for its turns. */
  botSilent?: (conversationId: string) => boolean;
  /**
   * Deletes a conversation on the citizen's request ("Chat löschen"), with whatever else holds their words; runs as a
   * turn of the conversation. Without it, `erase` is refused (`not_supported`).
   */
  eraseConversation?: (conversationId: string) => Promise<void>;
  /** Messages per connection and per IP address, connections per IP address; without it, no limits. */
  limits?: WidgetLimitsConfig;
  /**
   * Socket.IO's adapter for several instances (Redis): a room then spans the instances, so an answer reaches the
   * citizen's tabs wherever they are connected. Undefined: the in-memory adapter of one instance.
   */
  clusterAdapter?: ServerOptions['adapter'];
}

const DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** How long a turn runs before the citizen is shown that the bot is typing. */
export const TYPING_DELAY_MS = 300;
/** Room in a message for everything but the files: text, value, names, JSON and Socket.IO framing. */
const MESSAGE_MARGIN_BYTES = 64 * 1024;

type WidgetSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

const BOT = { id: 'govbot', name: 'GovBot', role: 'bot' };
const citizenOf = (conversationId: string) => ({ id: `citizen-${conversationId}`, name: '', role: 'user' });

/**
 * Serves the web widget over Socket.IO (protocol in docs/protocol.md): a conversation per token, every citizen
 * message stored before it is acknowledged, turns of one conversation run one after another.
 */
export function attachSocketIoChannel(options: SocketIoChannelOptions): { io: Server; adapter: SocketIoAdapter } {
  const allowedOrigins = options.allowedOrigins ?? [];
  // Before the handshake names its tenant, a page of any tenant may knock; `openSession` then checks the tenant's.
  const anyTenantsOrigins = () => [...allowedOrigins, ...options.tenants.allOrigins()];
  const limits = new WidgetLimits(options.limits);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(options.httpServer, {
    serveClient: false,
    // A message with files arrives as one Socket.IO packet; a larger one closes the connection.
    maxHttpBufferSize: messageBufferBytes(options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES),
    allowRequest: limits.allowRequest(originCheck(anyTenantsOrigins)),
    cors: corsOf(anyTenantsOrigins),
    // The token travels in the handshake's `auth`; a cookie would only let other sites' requests carry a session.
    cookie: false,
    ...(options.clusterAdapter && { adapter: options.clusterAdapter }),
  });
  const adapter = new SocketIoAdapter((conversationId, activity) => {
    io.to(room(conversationId)).emit('activity', toServerActivity(activity));
  });
  options.configureAdapter(adapter);
  const channel: Channel = {
    io,
    adapter,
    erasing: new Set(),
    limits,
    // With several instances a conversation's other tabs may be connected to another one: only the adapter knows.
    mayHaveOtherTabs: options.clusterAdapter
      ? () => true
      : (conversationId, socketId) => {
          // Not the size: the sending tab may have left the room while its message was being stored.
          for (const member of io.sockets.adapter.rooms.get(room(conversationId)) ?? []) {
            if (member !== socketId) return true;
          }
          return false;
        },
  };
  // Counted on the engine, so that the console's namespace and half-open handshakes count too.
  io.engine.on(
    'connection',
    (connection: { request: IncomingMessage; once(event: 'close', listener: () => void): unknown }) => {
      connection.once('close', limits.connectionOpened(limits.addressOf(connection.request)));
    },
  );

  io.on('connection', (socket: WidgetSocket) => {
    void openSession(socket, options, channel).catch((error: unknown) => {
      options.logger.error({ err: error }, 'socket session failed');
      socket.emit('error', { code: 'session_failed', message: 'Could not open the conversation' });
      socket.disconnect(true);
    });
  });
  return { io, adapter };
}

/** What the sessions of all sockets share. */
interface Channel {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  adapter: SocketIoAdapter;
  /**
   * Whether a conversation may be open in another tab than the one that sent a message, which then shows that message
   * too. Usually it is not, and the copy for the other tabs is not even made.
   */
  mayHaveOtherTabs(conversationId: string, socketId: string): boolean;
  /**
   * Conversations being erased, until the turns queued behind the erasure have passed: those turns (a message from
   * another tab sent at that moment) are dropped, so that nothing of the conversation is written again.
   */
  erasing: Set<string>;
  limits: WidgetLimits;
}

async function openSession(socket: WidgetSocket, options: SocketIoChannelOptions, channel: Channel) {
  const { adapter, erasing, limits } = channel;
  const address = limits.addressOf(socket.request);
  socket.on('disconnect', () => limits.connectionClosed(socket.id));
  socket.onAny((event: string, ...args: unknown[]) => {
    refuseUnknownEvent(socket, event, args.at(-1));
  });
  const admission = admitTenant(
    { auth: socket.handshake.auth, request: socket.request },
    options.tenants,
    options.allowedOrigins ?? [],
  );
  if (!admission.ok) {
    socket.emit('error', { code: admission.code, message: admission.message });
    socket.disconnect(true);
    return;
  }
  const { tenant } = admission;
  const auth = HandshakeAuth.omit({ tenant: true }).safeParse(socket.handshake.auth ?? {});
  const { token: presented, locale } = auth.success ? auth.data : {};
  const found = presented ? await options.conversations.findConversationByTokenHash(hashToken(presented)) : undefined;
  // A token resumes its conversation only within the tenant that created it: presented to another tenant's widget
  // (two municipalities on one site, a copied tag), it opens a new conversation there, and nothing of the other is
  // used or sent, not even its id.
  let conversation = found?.tenantId === tenant.id ? found : undefined;
  let token = presented;
  const resumed = conversation !== undefined;
  if (!conversation || !token) {
    token = randomBytes(32).toString('base64url');
    conversation = await options.conversations.createConversation(
      { id: crypto.randomUUID(), tenantId: tenant.id, channel: WEB_WIDGET_CHANNEL, locale: locale ?? 'de-DE' },
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
  const runTurn = (activity: Partial<Activity>, stored: boolean) =>
    options.turns.run(conversationId, async () => {
      if (erasing.has(conversationId)) return;
      // The typing indicator only for an answer that keeps the citizen waiting: most come within milliseconds, and an
      // indicator that flashes up for them is noise (to a screen reader too) and a packet more per question.
      const typing = options.botSilent?.(conversationId)
        ? undefined
        : setTimeout(() => socket.emit('activity', { type: ActivityTypes.Typing, from: BOT }), TYPING_DELAY_MS);
      // A stored message was stored by this channel, with its files already replaced by references.
      const turnState = new Map<symbol, unknown>();
      if (stored) turnState.set(INCOMING_STORED, true).set(UPLOADS_RESOLVED, true);
      try {
        await adapter.processActivity(
          activity,
          (context) => {
            context.onSendActivities((_context, _activities, next) => {
              clearTimeout(typing);
              return next();
            });
            return options.bot.run(context);
          },
          turnState,
        );
      } finally {
        clearTimeout(typing);
      }
    });

  socket.on('activity', async (...args: unknown[]) => {
    const { payload: raw, reply } = payloadAndReply<ActivityAck>(args);
    const parsed = ClientActivity.safeParse(raw);
    const files = parsed.data?.attachments ?? [];
    if (!parsed.success || (parsed.data.text === undefined && parsed.data.value === undefined && !files.length)) {
      reply({ ok: false, error: 'invalid_activity' });
      return;
    }
    if (erasing.has(conversationId)) {
      reply({ ok: false, error: 'erased' });
      return;
    }
    // After the checks above (a refused message costs nothing) and before storing: a limited message is not kept.
    const admission = limits.admitMessage(socket.id, address);
    if (!admission.ok) {
      reply({ ok: false, error: 'rate_limited', retryAfterMs: admission.retryAfterMs });
      return;
    }
    try {
      const id = parsed.data.id ?? crypto.randomUUID();
      const activity: Partial<Activity> = { ...base(), ...parsed.data, id, locale: parsed.data.locale ?? locale };
      // Files are stored first: the transcript (written before the acknowledgement) then holds their references.
      // A retry after a lost acknowledgement stores its files again; the turn still runs once.
      if (files.length) activity.attachments = await resolveFiles(options, conversationId, files);
      else delete activity.attachments;
      const { duplicate } = await options.transcripts.appendActivity(conversationId, activity, id);
      reply({ ok: true, id, duplicate });
      if (duplicate) return;
      if (channel.mayHaveOtherTabs(conversationId, socket.id)) {
        socket.to(room(conversationId)).emit('activity', toServerActivity(activity));
      }
      await runTurn(activity, true);
    } catch (error) {
      options.logger.error({ err: error, conversationId }, 'turn failed');
      reply({ ok: false, error: 'internal_error' });
    }
  });

  socket.on('typing', (...args: unknown[]) => {
    try {
      options.onTyping?.(conversationId);
    } catch (error) {
      options.logger.warn({ err: error, conversationId }, 'typing not passed on');
    }
    // Typing needs no acknowledgement; a client that asks for one anyway gets it rather than waiting forever.
    payloadAndReply<{ ok: true }>(args).reply({ ok: true });
  });

  socket.on('history', async (...args: unknown[]) => {
    const { payload, reply } = payloadAndReply<HistoryAck>(args);
    const request = HistoryRequest.safeParse(payload);
    if (!request.success) return reply({ ok: false, error: 'invalid_request' });
    try {
      // In the conversation's queue: a turn still running (its last answers out, its state being committed) ends
      // first, so the history holds whole turns, and whoever hears it back knows that every earlier turn is stored.
      const entries = await options.turns.run(conversationId, () =>
        options.transcripts.listActivities(conversationId, request.data?.limit ?? 200),
      );
      reply({ ok: true, activities: entries.map((entry) => toServerActivity(entry.activity)) });
    } catch (error) {
      options.logger.error({ err: error, conversationId }, 'history failed');
      reply({ ok: false, error: 'internal_error' });
    }
  });

  socket.on('erase', async (...args: unknown[]) => {
    const { payload, reply } = payloadAndReply<EraseAck>(args);
    if (!EraseRequest.safeParse(payload).success) return reply({ ok: false, error: 'invalid_request' });
    const erase = options.eraseConversation;
    if (!erase) return reply({ ok: false, error: 'not_supported' });
    try {
      await eraseConversation(channel, options.turns, conversationId, erase);
    } catch (error) {
      options.logger.error({ err: error, conversationId }, 'erasing the conversation failed');
      return reply({ ok: false, error: 'internal_error' });
    }
    // The asking tab hears `ok` before it, like every other tab, is told and disconnected.
    reply({ ok: true });
    channel.io.to(room(conversationId)).emit('erased', {});
    channel.io.in(room(conversationId)).disconnectSockets(true);
  });

  // Only now that every event has its listener: a client may send the moment it hears of its session, and a message
  // sent while the welcome turn still runs waits for it in the conversation's queue instead of going unheard.
  socket.emit('session', {
    conversationId,
    token,
    resumed,
    tenant: { id: tenant.id, name: tenant.name, branding: tenant.branding },
  });
  if (!resumed) {
    await runTurn({ ...base(), type: ActivityTypes.ConversationUpdate, membersAdded: [citizen] }, false);
  }
}

/**
 * Erases the conversation as one of its turns, so that it never races a running one. Turns queued behind it are
 * dropped (see `Channel.erasing`); the mark is taken away once they have passed.
 */
async function eraseConversation(
  channel: Channel,
  turns: TurnQueue,
  conversationId: string,
  erase: (conversationId: string) => Promise<void>,
): Promise<void> {
  await turns.run(conversationId, async () => {
    channel.erasing.add(conversationId);
    try {
      await erase(conversationId);
    } catch (error) {
      channel.erasing.delete(conversationId);
      throw error;
    }
  });
  void turns.run(conversationId, async () => {
    channel.erasing.delete(conversationId);
  });
}

/** The message's files as upload references or rejections. */
function resolveFiles(
  options: SocketIoChannelOptions,
  conversationId: string,
  files: Attachment[],
): Promise<Attachment[]> {
  if (options.uploads) return options.uploads.resolveAttachments(conversationId, files, false);
  return Promise.resolve(
    files.map((file) => {
      const content: RejectedUpload = { name: file.name ?? '', reason: 'not_allowed_here' };
      return { contentType: REJECTED_UPLOAD_ATTACHMENT, name: content.name, content };
    }),
  );
}

/** One message with the most files of the largest size, base64-encoded (4 characters per 3 bytes). */
function messageBufferBytes(maxUploadBytes: number): number {
  return MAX_CLIENT_ATTACHMENTS * Math.ceil(maxUploadBytes / 3) * 4 + MESSAGE_MARGIN_BYTES;
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
