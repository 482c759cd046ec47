import { randomBytes } from 'node:crypto';
import { type Activity, ActivityTypes, type Attachment } from 'botbuilder';
import { WEB_WIDGET_CHANNEL } from '../../bot/render/channelCapabilities.js';
import { INCOMING_STORED } from '../../bot/TranscriptMiddleware.js';
import type { Conversation } from '../../storage/repositories.js';
import { REJECTED_UPLOAD_ATTACHMENT, type RejectedUpload } from '../../uploads/attachments.js';
import { UPLOADS_RESOLVED } from '../../uploads/UploadMiddleware.js';
import { admitTenant } from './admitTenant.js';
import type { SocketIoChannelOptions } from './attachSocketIoChannel.js';
import {
  type ActivityAck,
  ClientActivity,
  type EraseAck,
  EraseRequest,
  HandshakeAuth,
  type HistoryAck,
  HistoryRequest,
} from './protocol.js';
import { payloadAndReply, refuseUnknownEvent } from './socketEvents.js';
import { type Channel, hashToken, room, toServerActivity, type WidgetSocket } from './widgetChannel.js';

/** How long a turn runs before the citizen is shown that the bot is typing. */
export const TYPING_DELAY_MS = 300;

const BOT = { id: 'govbot', name: 'GovBot', role: 'bot' };
const citizenOf = (conversationId: string) => ({ id: `citizen-${conversationId}`, name: '', role: 'user' });

/**
 * Opens the session of a widget connection: admits its tenant, resumes the conversation its token names or starts a
 * new one, answers its events (docs/protocol.md) and, for a new conversation, runs the welcome turn.
 */
export async function openSession(socket: WidgetSocket, options: SocketIoChannelOptions, channel: Channel) {
  const { limits } = channel;
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
  await socket.join(room(conversation.id));
  const session = new WidgetSession(socket, options, channel, conversation, locale);
  socket.on('activity', (...args: unknown[]) => void session.receive(args));
  socket.on('typing', (...args: unknown[]) => session.typing(args));
  socket.on('history', (...args: unknown[]) => void session.history(args));
  socket.on('erase', (...args: unknown[]) => void session.erase(args));
  // Only now that every event has its listener: a client may send the moment it hears of its session, and a message
  // sent while the welcome turn still runs waits for it in the conversation's queue instead of going unheard.
  socket.emit('session', {
    conversationId: conversation.id,
    token,
    resumed,
    tenant: { id: tenant.id, name: tenant.name, branding: tenant.branding },
  });
  if (!resumed) await session.welcome();
}

/** One connection's side of its conversation: the events its socket sends, and the turns they start. */
class WidgetSession {
  private readonly conversationId: string;
  private readonly address: string;

  constructor(
    private readonly socket: WidgetSocket,
    private readonly options: SocketIoChannelOptions,
    private readonly channel: Channel,
    private readonly conversation: Conversation,
    /** The locale the page asked for in its handshake, if any. */
    private readonly locale: string | undefined,
  ) {
    this.conversationId = conversation.id;
    this.address = channel.limits.addressOf(socket.request);
  }

  /** A new conversation's first turn: the bot greets the citizen. */
  welcome(): Promise<void> {
    const citizen = citizenOf(this.conversationId);
    return this.runTurn({ ...this.base(), type: ActivityTypes.ConversationUpdate, membersAdded: [citizen] }, false);
  }

  /** A citizen's message: checked, stored, acknowledged, shown in their other tabs, then answered. */
  async receive(args: unknown[]): Promise<void> {
    const { options, channel, conversationId, socket } = this;
    const { payload: raw, reply } = payloadAndReply<ActivityAck>(args);
    const parsed = ClientActivity.safeParse(raw);
    const files = parsed.data?.attachments ?? [];
    if (!parsed.success || (parsed.data.text === undefined && parsed.data.value === undefined && !files.length)) {
      reply({ ok: false, error: 'invalid_activity' });
      return;
    }
    if (channel.erasing.has(conversationId)) {
      reply({ ok: false, error: 'erased' });
      return;
    }
    // After the checks above (a refused message costs nothing) and before storing: a limited message is not kept.
    const admission = channel.limits.admitMessage(socket.id, this.address);
    if (!admission.ok) {
      reply({ ok: false, error: 'rate_limited', retryAfterMs: admission.retryAfterMs });
      return;
    }
    try {
      const id = parsed.data.id ?? crypto.randomUUID();
      const activity: Partial<Activity> = {
        ...this.base(),
        ...parsed.data,
        id,
        locale: parsed.data.locale ?? this.locale,
      };
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
      await this.runTurn(activity, true);
    } catch (error) {
      options.logger.error({ err: error, conversationId }, 'turn failed');
      reply({ ok: false, error: 'internal_error' });
    }
  }

  typing(args: unknown[]): void {
    try {
      this.options.onTyping?.(this.conversationId);
    } catch (error) {
      this.options.logger.warn({ err: error, conversationId: this.conversationId }, 'typing not passed on');
    }
    // Typing needs no acknowledgement; a client that asks for one anyway gets it rather than waiting forever.
    payloadAndReply<{ ok: true }>(args).reply({ ok: true });
  }

  async history(args: unknown[]): Promise<void> {
    const { options, conversationId } = this;
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
  }

  /** "Chat löschen": the conversation and everything of it is deleted, and every tab of it is told and closed. */
  async erase(args: unknown[]): Promise<void> {
    const { options, channel, conversationId } = this;
    const { payload, reply } = payloadAndReply<EraseAck>(args);
    if (!EraseRequest.safeParse(payload).success) return reply({ ok: false, error: 'invalid_request' });
    const erase = options.eraseConversation;
    if (!erase) return reply({ ok: false, error: 'not_supported' });
    try {
      await eraseConversation(channel, options, conversationId, erase);
    } catch (error) {
      options.logger.error({ err: error, conversationId }, 'erasing the conversation failed');
      return reply({ ok: false, error: 'internal_error' });
    }
    // The asking tab hears `ok` before it, like every other tab, is told and disconnected.
    reply({ ok: true });
    channel.io.to(room(conversationId)).emit('erased', {});
    channel.io.in(room(conversationId)).disconnectSockets(true);
  }

  private runTurn(activity: Partial<Activity>, stored: boolean): Promise<void> {
    const { options, channel, conversationId, socket } = this;
    return options.turns.run(conversationId, async () => {
      if (channel.erasing.has(conversationId)) return;
      // The typing indicator only for an answer that keeps the citizen waiting: most come within milliseconds, and an
      // indicator that flashes up for them is noise (to a screen reader too) and a packet more per question.
      const typing = options.botSilent?.(conversationId)
        ? undefined
        : setTimeout(() => socket.emit('activity', { type: ActivityTypes.Typing, from: BOT }), TYPING_DELAY_MS);
      // A stored message was stored by this channel, with its files already replaced by references.
      const turnState = new Map<symbol, unknown>();
      if (stored) turnState.set(INCOMING_STORED, true).set(UPLOADS_RESOLVED, true);
      try {
        await channel.adapter.processActivity(
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
  }

  /** What every activity of the citizen's carries. */
  private base(): Partial<Activity> {
    const { conversationId } = this;
    return {
      channelId: WEB_WIDGET_CHANNEL,
      serviceUrl: 'urn:govbot:socketio',
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: citizenOf(conversationId),
      recipient: BOT,
      timestamp: new Date(),
      locale: this.locale ?? this.conversation.locale,
    };
  }
}

/**
 * Erases the conversation as one of its turns, so that it never races a running one. Turns queued behind it are
 * dropped (see `Channel.erasing`); the mark is taken away once they have passed.
 */
async function eraseConversation(
  channel: Channel,
  { turns }: Pick<SocketIoChannelOptions, 'turns'>,
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
