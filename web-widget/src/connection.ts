import { io, type Socket } from 'socket.io-client';
import type {
  ActivityAck,
  ClientActivity,
  ClientToServerEvents,
  HistoryAck,
  ServerActivity,
  ServerToClientEvents,
  SessionInfo,
} from '../../src/channels/socketio/protocol.js';

export const TOKEN_KEY = 'govbot.token';
const ACK_TIMEOUT_MS = 10_000;
const MANUAL_RETRY_MIN_MS = 2_000;
const MANUAL_RETRY_MAX_MS = 30_000;

/** What the conversation hears from the connection. */
export interface ConnectionListener {
  session(info: SessionInfo): void;
  activity(activity: ServerActivity): void;
  /** `false` while the widget cannot reach the server. */
  online(connected: boolean): void;
}

export interface ConnectionOptions {
  /** Server origin; undefined means the page's own origin. */
  serverUrl?: string;
  locale: string;
  listener: ConnectionListener;
}

/** A Socket.IO connection speaking GovBot's widget protocol; the session token survives reloads. */
export interface Connection {
  send(activity: ClientActivity): Promise<ActivityAck>;
  history(): Promise<HistoryAck>;
  /** Tells the server the citizen is typing (for the service-centre person); dropped while offline. */
  typing(): void;
  /** Tries to connect now instead of waiting for the next back-off step. */
  reconnect(): void;
  close(): void;
}

export function openConnection({ serverUrl, locale, listener }: ConnectionOptions): Connection {
  const options = {
    // A function so that every reconnect presents the latest token.
    auth: (send: (auth: { token?: string; locale: string }) => void) => {
      const token = readToken();
      send(token ? { token, locale } : { locale });
    },
  };
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = serverUrl ? io(serverUrl, options) : io(options);
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = MANUAL_RETRY_MIN_MS;

  // Socket.IO retries on its own after network failures, but not after the server refused the
  // handshake or closed the socket on purpose; the widget keeps trying, slowly, in those cases.
  const scheduleManualRetry = () => {
    if (socket.active || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      socket.connect();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, MANUAL_RETRY_MAX_MS);
  };

  socket.on('connect', () => {
    retryDelay = MANUAL_RETRY_MIN_MS;
    listener.online(true);
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return;
    listener.online(false);
    scheduleManualRetry();
  });
  socket.on('connect_error', () => {
    listener.online(false);
    scheduleManualRetry();
  });
  socket.on('session', (info) => {
    writeToken(info.token);
    listener.session(info);
  });
  socket.on('activity', (activity) => listener.activity(activity));
  socket.on('error', (error) => console.warn('GovBot:', error.code, error.message));

  return {
    send: (activity) => socket.timeout(ackTimeout(activity)).emitWithAck('activity', activity),
    history: () => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('history', {}),
    // Volatile: a typing signal that cannot go now is stale by the time the connection is back.
    typing: () => socket.volatile.emit('typing'),
    reconnect() {
      clearTimeout(retryTimer);
      retryTimer = undefined;
      // The citizen asked to try again: the back-off starts over.
      retryDelay = MANUAL_RETRY_MIN_MS;
      if (socket.connected) return;
      socket.disconnect();
      socket.connect();
    },
    close() {
      clearTimeout(retryTimer);
      socket.disconnect();
    },
  };
}

/** Files take time to travel: on top of the usual wait, allow for a slow mobile link (25 KB/s). */
function ackTimeout(activity: ClientActivity): number {
  const bytes = (activity.attachments ?? []).reduce((sum, attachment) => sum + attachment.contentUrl.length, 0);
  return ACK_TIMEOUT_MS + Math.ceil(bytes / 25);
}

// Storage can be unavailable (privacy settings, sandboxed frames); the widget then works without resuming.
function readToken(): string | undefined {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function writeToken(token: string): void {
  try {
    localStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Not resumable after a reload; nothing else breaks.
  }
}
