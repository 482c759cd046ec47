import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import express from 'express';
import { Server } from 'socket.io';
import {
  ClientActivity,
  type ClientToServerEvents,
  HandshakeAuth,
  type ServerActivity,
  type ServerToClientEvents,
  type SessionTenant,
} from '../../src/channels/socketio/protocol.js';

/** A stand-in for GovBot's HTTP + Socket.IO server, speaking the widget protocol with canned answers. */
export interface FakeGovBotServer {
  url: string;
  /** Every activity that arrived, in order, including repeats and refused ones. */
  received: ClientActivity[];
  /** The `auth` of every handshake the server accepted. */
  handshakes: HandshakeAuth[];
  /** The tenants the server has, by id (`default` always); a handshake naming another gets `unknown_tenant`. */
  tenants: Map<string, SessionTenant>;
  /** Resolves with the first activity (already received or future) that matches. */
  waitForActivity(matches: (activity: ClientActivity) => boolean): Promise<ClientActivity>;
  /** Replies to the next message with these activities instead of the card answer. */
  replyOnceWith(activities: ServerActivity[]): void;
  /** Acknowledges the next `count` messages with an error. */
  failNext(count: number): void;
  /** Holds answers back after the typing activity until the returned function is called. */
  holdReplies(): () => void;
  /** While true, handshakes are refused (as by a server that is restarting). */
  refuseConnections: boolean;
  /** How many handshakes were refused so far. */
  refusedHandshakes: number;
  /**
   * Sends activities on the server's own initiative (queue changes, a service-centre person writing) to the
   * conversation that sent the last message, and keeps messages and events in its history.
   */
  push(...activities: ServerActivity[]): void;
  /** When each `typing` signal arrived (ms since the epoch). */
  typingSignals: number[];
  /** Closes every client's transport, as a network failure would. */
  dropConnections(): void;
  close(): Promise<void>;
}

interface Conversation {
  id: string;
  transcript: ServerActivity[];
  handled: Set<string>;
}

export const ANSWER_CARD = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Bewohnerparkausweis', size: 'large', weight: 'bolder', style: 'heading', wrap: true },
    { type: 'TextBlock', text: 'Für Anwohnerinnen und Anwohner in Parkzonen.', isSubtle: true, wrap: true },
    {
      type: 'FactSet',
      facts: [
        { title: 'Gebühr', value: '30,70 € pro Jahr' },
        { title: 'Bearbeitung', value: 'ca. 5 Werktage' },
        { title: 'Zuständig', value: 'Bürgerbüro' },
      ],
    },
  ],
  actions: [
    { type: 'Action.OpenUrl', title: 'Zum Online-Antrag', url: 'https://musterstadt.example/bewohnerparkausweis' },
    { type: 'Action.Submit', title: 'Unterlagen anzeigen', data: { intent: 'unterlagen', service: 'parkausweis' } },
  ],
};

export const SUGGESTED_ACTIONS = [
  { type: 'postBack', title: 'Termin buchen', value: { intent: 'termin' } },
  { type: 'imBack', title: 'Öffnungszeiten', value: 'Öffnungszeiten' },
];

export async function startFakeGovBotServer(staticDir: string): Promise<FakeGovBotServer> {
  const app = express();
  // The demo page must work under the strictest sensible policy.
  app.use((_request, response, next) => {
    response.setHeader('Content-Security-Policy', "default-src 'self'");
    next();
  });
  app.use(express.static(staticDir));
  const httpServer = createServer(app);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer);
  const conversations = new Map<string, Conversation>();
  const arrivals = new EventEmitter();
  let botMessages = 0;
  let failures = 0;
  let gate: Promise<void> = Promise.resolve();
  let override: ServerActivity[] | undefined;
  let lastSender: Conversation | undefined;

  const fake: FakeGovBotServer = {
    url: '',
    received: [],
    handshakes: [],
    tenants: new Map([['default', { id: 'default', name: 'Musterstadt', branding: {} }]]),
    refuseConnections: false,
    refusedHandshakes: 0,
    waitForActivity(matches) {
      const found = fake.received.find(matches);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => {
        const listener = (activity: ClientActivity) => {
          if (!matches(activity)) return;
          arrivals.off('activity', listener);
          resolve(activity);
        };
        arrivals.on('activity', listener);
      });
    },
    replyOnceWith: (activities) => {
      override = activities;
    },
    failNext: (count) => {
      failures = count;
    },
    holdReplies() {
      let release = () => {};
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return release;
    },
    push(...activities) {
      if (!lastSender) throw new Error('fake GovBot server: no conversation has sent a message yet');
      for (const activity of activities) {
        const sent = { ...activity, id: `p-${++botMessages}`, timestamp: new Date().toISOString() };
        if (sent.type !== 'typing') lastSender.transcript.push(sent);
        io.to(lastSender.id).emit('activity', sent);
      }
    },
    typingSignals: [],
    dropConnections() {
      for (const socket of io.sockets.sockets.values()) socket.conn.close();
    },
    close() {
      const closed = new Promise<void>((resolve) => io.close(() => resolve()));
      // Pages that are still open (their contexts close after the server) would hold the HTTP server open through
      // their keep-alive and reconnecting connections: a stub has nothing to drain.
      httpServer.closeAllConnections();
      return closed;
    },
  };

  io.use((_socket, next) => {
    if (!fake.refuseConnections) return next();
    fake.refusedHandshakes++;
    next(new Error('unavailable'));
  });
  io.on('connection', (socket) => {
    const auth = HandshakeAuth.parse(socket.handshake.auth);
    fake.handshakes.push(auth);
    const tenant = fake.tenants.get(auth.tenant ?? 'default');
    if (!tenant) {
      socket.emit('error', { code: 'unknown_tenant', message: 'This server has no such tenant' });
      socket.disconnect(true);
      return;
    }
    // Tokens are per tenant, as on the real server.
    const key = (token: string) => `${tenant.id}|${token}`;
    const known = auth.token ? conversations.get(key(auth.token)) : undefined;
    const token = known && auth.token ? auth.token : randomUUID();
    const conversation = known ?? { id: randomUUID(), transcript: [], handled: new Set<string>() };
    conversations.set(key(token), conversation);
    void socket.join(conversation.id);
    socket.emit('session', { conversationId: conversation.id, token, resumed: known !== undefined, tenant });

    socket.on('history', (_request, ack) => ack({ ok: true, activities: conversation.transcript }));
    socket.on('typing', () => fake.typingSignals.push(Date.now()));
    socket.on('activity', async (payload, ack) => {
      const parsed = ClientActivity.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: 'invalid activity' });
      const activity = parsed.data;
      const id = activity.id ?? randomUUID();
      fake.received.push(activity);
      lastSender = conversation;
      arrivals.emit('activity', activity);
      if (failures > 0) {
        failures--;
        return ack({ ok: false, error: 'temporarily unavailable' });
      }
      if (conversation.handled.has(id)) return ack({ ok: true, id, duplicate: true });
      conversation.handled.add(id);
      const timestamp = new Date().toISOString();
      conversation.transcript.push({ ...activity, id, timestamp, from: { id: 'citizen', role: 'user' } });
      ack({ ok: true, id });
      socket.emit('activity', { type: 'typing', from: { id: 'govbot', role: 'bot' } });
      await gate;
      const replies = override ?? [cardAnswer(activity)];
      override = undefined;
      for (const reply of replies) {
        const message = { ...reply, id: `b-${++botMessages}`, timestamp: new Date().toISOString() };
        conversation.transcript.push(message);
        socket.emit('activity', message);
      }
    });
  });

  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const address = httpServer.address();
  if (!address || typeof address === 'string') throw new Error('fake GovBot server: no TCP address');
  fake.url = `http://127.0.0.1:${address.port}`;
  return fake;
}

/** A bot message asking for a file, as a form dialog's `file` field does. */
export function fileRequest(text: string, maxBytes = 5 * 1024 * 1024): ServerActivity {
  return {
    type: 'message',
    from: { id: 'govbot', name: 'GovBot', role: 'bot' },
    text,
    channelData: {
      govbot: { expect: { kind: 'file', accept: ['application/pdf', 'image/jpeg', 'image/png'], maxBytes } },
    },
  };
}

function cardAnswer(question: ClientActivity): ServerActivity {
  return {
    type: 'message',
    from: { id: 'govbot', name: 'GovBot', role: 'bot' },
    text: `Zu **${question.text ?? 'Ihrer Auswahl'}** habe ich Folgendes gefunden:`,
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: ANSWER_CARD }],
    suggestedActions: { actions: SUGGESTED_ACTIONS },
  };
}
