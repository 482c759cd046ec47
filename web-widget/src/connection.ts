import { io, type Socket } from 'socket.io-client';
import type {
  ActivityAck,
  ClientActivity,
  ClientToServerEvents,
  EraseAck,
  HandshakeAuth,
  HistoryAck,
  ServerActivity,
  ServerToClientEvents,
  SessionInfo,
} from '../../src/channels/socketio/protocol.js';
import { clearToken, readToken, writeToken } from './browserStorage.js';

const ACK_TIMEOUT_MS = 10_000;
const MANUAL_RETRY_MIN_MS = 2_000;
const MANUAL_RETRY_MAX_MS = 30_000;

/** What the conversation hears from the connection. */
export interface ConnectionListener {
  session(info: SessionInfo): void;
  activity(activity: ServerActivity): void;
  /** `true` once a session is open (messages can be sent), `false` while the widget cannot reach the server. */
  online(connected: boolean): void;
  /** The conversation was deleted on the server (by this tab or another); the connection is closed. */
  erased(): void;
}

export interface ConnectionOptions {
  /** Server origin; undefined means the page's own origin. */
  serverUrl?: string;
  /** The tenant to ask for (`auth.tenant`); undefined: the server's `default`. */
  tenant?: string;
  /** Where the token is kept: per server and tenant (`storageScope`). */
  scope: string;
  locale: string;
  listener: ConnectionListener;
}

/** A Socket.IO connection speaking GovBot's widget protocol; the session token survives reloads. */
export interface Connection {
  /** Rejects at once while no session is open, so that nothing waits in Socket.IO's own buffer. */
  send(activity: ClientActivity): Promise<ActivityAck>;
  history(): Promise<HistoryAck>;
  /** Deletes the conversation on the server. */
  erase(): Promise<EraseAck>;
  /** Tells the server the citizen is typing (for the service-centre person); dropped while offline. */
  typing(): void;
  /** Tries to connect now instead of waiting for the next back-off step. */
  reconnect(): void;
  close(): void;
}

export function openConnection({ serverUrl, tenant, scope, locale, listener }: ConnectionOptions): Connection {
  const options = {
    // A function so that every reconnect presents the latest token.
    auth: (send: (auth: HandshakeAuth) => void) => {
      const token = readToken(scope);
      send({ token, locale, tenant });
    },
  };
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = serverUrl ? io(serverUrl, options) : io(options);
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = MANUAL_RETRY_MIN_MS;
  /** The token of the open session; undefined while there is none. */
  let sessionToken: string | undefined;

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
  });
  socket.on('disconnect', (reason) => {
    sessionToken = undefined;
    if (reason === 'io client disconnect') return;
    listener.online(false);
    scheduleManualRetry();
  });
  socket.on('connect_error', () => {
    listener.online(false);
    scheduleManualRetry();
  });
  socket.on('session', (info) => {
    writeToken(scope, info.token);
    sessionToken = info.token;
    listener.session(info);
    // Online only now: the server listens for messages once the session is open.
    listener.online(true);
  });
  socket.on('erased', () => {
    // Another tab may already have started a new conversation with a new token: that one stays.
    if (sessionToken) clearToken(scope, sessionToken);
    clearTimeout(retryTimer);
    socket.disconnect();
    listener.erased();
  });
  socket.on('activity', (activity) => listener.activity(activity));
  // The browser knows of a lost network long before Socket.IO's heartbeat misses (up to 45 s): messages typed now
  // are queued at once, and the connection comes back as soon as the network does.
  const offline = () => {
    if (!socket.active) return;
    socket.disconnect();
    sessionToken = undefined;
    listener.online(false);
  };
  const online = () => connectNow();
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);
  socket.on('error', (error) => console.warn('GovBot:', error.code, error.message));

  /** Tries to connect now; the back-off starts over. */
  function connectNow(): void {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    retryDelay = MANUAL_RETRY_MIN_MS;
    if (socket.connected) return;
    socket.disconnect();
    socket.connect();
  }

  return {
    send: (activity) =>
      sessionToken
        ? socket.timeout(ackTimeout(activity)).emitWithAck('activity', activity)
        : Promise.reject(new Error('offline')),
    history: () => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('history', {}),
    erase: () => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('erase', {}),
    // Volatile: a typing signal that cannot go now is stale by the time the connection is back.
    typing: () => socket.volatile.emit('typing'),
    reconnect: connectNow,
    close() {
      clearTimeout(retryTimer);
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      socket.disconnect();
    },
  };
}

/** Files take time to travel: on top of the usual wait, allow for a slow mobile link (25 KB/s). */
function ackTimeout(activity: ClientActivity): number {
  const bytes = (activity.attachments ?? []).reduce((sum, attachment) => sum + attachment.contentUrl.length, 0);
  return ACK_TIMEOUT_MS + Math.ceil(bytes / 25);
}
