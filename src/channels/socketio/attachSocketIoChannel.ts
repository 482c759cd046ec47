import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { TurnContext } from 'botbuilder';
import { Server, type ServerOptions } from 'socket.io';
import type { TurnQueue } from '../../cluster/clusterTurns.js';
import type { Logger } from '../../logger.js';
import type { ConversationRepository, TranscriptRepository } from '../../storage/repositories.js';
import type { TenantDirectory } from '../../tenants/TenantDirectory.js';
import type { UploadMiddleware } from '../../uploads/UploadMiddleware.js';
import { corsOf, originCheck } from './originCheck.js';
import { type ClientToServerEvents, MAX_CLIENT_ATTACHMENTS, type ServerToClientEvents } from './protocol.js';
import { SocketIoAdapter } from './SocketIoAdapter.js';
import { WidgetLimits, type WidgetLimitsConfig } from './WidgetLimits.js';
import { type Channel, room, toServerActivity, type WidgetSocket } from './widgetChannel.js';
import { openSession } from './widgetSession.js';

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
/** Room in a message for everything but the files: text, value, names, JSON and Socket.IO framing. */
const MESSAGE_MARGIN_BYTES = 64 * 1024;

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

/** One message with the most files of the largest size, base64-encoded (4 characters per 3 bytes). */
function messageBufferBytes(maxUploadBytes: number): number {
  return MAX_CLIENT_ATTACHMENTS * Math.ceil(maxUploadBytes / 3) * 4 + MESSAGE_MARGIN_BYTES;
}
