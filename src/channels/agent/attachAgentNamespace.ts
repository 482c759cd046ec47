import type { Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { AuthService } from '../../auth/AuthService.js';
import { worksFor } from '../../auth/tenantScope.js';
import type { User } from '../../auth/types.js';
import type { Cluster } from '../../cluster/Cluster.js';
import { HANDOVER_TOPICS } from '../../handover/clusterMessages.js';
import type { ActionError, ActionResult, HandoverService } from '../../handover/HandoverService.js';
import type { Handover } from '../../handover/types.js';
import { sameToken, sessionTokenFromCookies } from '../../http/authRouter.js';
import type { Logger } from '../../logger.js';
import type {
  HandoverRepository,
  TicketRepository,
  TranscriptRepository,
  UserRepository,
} from '../../storage/repositories.js';
import { payloadAndReply, refuseUnknownEvent } from '../socketio/socketEvents.js';
import { consoleOverview, countFor } from './consoleOverview.js';
import { AGENT_ROLES, ConsoleUsers, EVERY_TENANT_ROOM, scopeOf, scopeRooms, tenantRoom } from './consoleUsers.js';
import {
  AGENT_NAMESPACE,
  type AgentAck,
  type AgentClientEvents,
  AgentHandshake,
  type AgentInvalidRequest,
  type AgentRequest,
  type AgentRequestName,
  AgentRequests,
  type AgentServerEvents,
  type ConversationView,
  handoverView,
} from './protocol.js';

export interface AgentNamespaceOptions {
  io: Pick<Server, 'of'>;
  auth: AuthService;
  service: HandoverService;
  handovers: HandoverRepository;
  transcripts: TranscriptRepository;
  tickets: TicketRepository;
  /** To check that an agent a chat is transferred to works for its tenant, and to keep consoles' users current. */
  users: Pick<UserRepository, 'findUser'>;
  /** How often connected consoles' users are read again (a change of their tenants); default 30 s. */
  usersRefreshMs?: number;
  maxChatsPerAgent: number;
  logger: Logger;
  /** The other instances when several run behind a load balancer (with the Socket.IO Redis adapter installed). */
  cluster?: Cluster;
}

export interface AgentNamespaceHandle {
  /** Contact requests changed: every console's count of open ones, here and on the other instances. */
  ticketsChanged(): Promise<void>;
  /** Reads the consoles' users again now (after changing them behind the server's back: tests, commands). */
  refreshUsers(): Promise<void>;
  /** Stops reading the consoles' users again. */
  close(): Promise<void>;
}

interface AgentSocketData {
  user: User;
}

type AgentSocket = Socket<AgentClientEvents, AgentServerEvents, Record<string, never>, AgentSocketData>;
type AgentNamespace = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, AgentSocketData>;

const TRANSCRIPT_LIMIT = 500;
/** The events an agent may send; anything else is answered `unknown_event`. */
const AGENT_EVENTS: ReadonlySet<string> = new Set(Object.keys(AgentRequests));
/** Problems named in an `invalid_request`: enough to find the mistake, not a wall of text. */
const MAX_ISSUES = 5;

/**
 * The agent console's live side (namespace `/agent`, protocol in docs/protocol.md): staff with a session and the
 * CSRF token connect; they see the queue and the agents, take chats, write, correct form answers and hand back.
 *
 * An agent sees and works only the chats of the tenants they work for (`worksFor`, docs/tenants.md): the queue, the
 * `queued` and `handover` events (sent to the rooms of the handover's tenant), and every request naming a handover,
 * which for another tenant's is answered `not_found` as if it did not exist. A chat is transferred only to an agent
 * who works for its tenant.
 */
export function attachAgentNamespace(options: AgentNamespaceOptions): AgentNamespaceHandle {
  // A namespace has its own events; Socket.IO types them per namespace only by a cast.
  const namespace = options.io.of(AGENT_NAMESPACE) as unknown as AgentNamespace;
  const { service } = options;

  namespace.use((socket, next) => {
    void authenticate(socket, options.auth)
      .then((user) => {
        socket.data.user = user;
        next();
      })
      .catch((error: unknown) => next(error instanceof Error ? error : new Error('unauthenticated')));
  });

  let queued = new Set(service.queue().map((entry) => entry.handover.id));
  let pending = false;
  /** Overviews are per agent; many changes in one tick make one push. */
  const pushOverviews = () => {
    if (pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      void broadcast().catch((error: unknown) => options.logger.error({ err: error }, 'agent overview failed'));
    });
  };
  const broadcast = async () => {
    const queue = service.queue();
    const fresh = queue.filter((entry) => !queued.has(entry.handover.id));
    queued = new Set(queue.map((entry) => entry.handover.id));
    const openTickets = await options.tickets.listTickets({ status: 'open' });
    for (const socket of namespace.sockets.values()) {
      const { user } = socket.data;
      socket.emit('overview', overviewFor(user, countFor(user, openTickets)));
      for (const entry of fresh) {
        if (worksFor(user, entry.handover.tenantId)) {
          socket.emit('queued', { ...entry, handover: handoverView(entry.handover) });
        }
      }
    }
  };
  const overviewFor = (user: User, openTickets: number) =>
    consoleOverview(service, user, { openTickets, maxChats: options.maxChatsPerAgent });

  // Beside other instances the Redis adapter takes every room and namespace emit to their consoles too, so such an
  // event is emitted only by the instance where it happened, never again on hearing of it over the bus. Overviews
  // are per socket of this instance: each instance pushes its own on `changed`, which the service also emits for the
  // changes of the others.
  service.on('changed', pushOverviews);
  service.on('activity', (handover, activity) => {
    namespace
      .to(room(handover.id))
      .emit('activity', { handoverId: handover.id, conversationId: handover.conversationId, activity });
  });
  service.on('typing', (handover) => {
    namespace.to(room(handover.id)).emit('typing', { handoverId: handover.id });
  });
  service.on('note', (note) => {
    namespace.to(room(note.handoverId)).emit('note', note);
  });
  service.on('handover', (handover) => {
    // Every console of the agent who has the chat follows it (a transfer, another tab, a reconnect).
    if (handover.status === 'connected' && handover.agentId) {
      namespace.in(agentRoom(handover.agentId)).socketsJoin(room(handover.id));
    }
    namespace.to([tenantRoom(handover.tenantId), EVERY_TENANT_ROOM]).emit('handover', handoverView(handover));
  });

  namespace.on('connection', (socket: AgentSocket) => {
    // Read at every request: `ConsoleUsers` replaces the user when their tenants change.
    const me = () => socket.data.user;
    const { id: userId, name } = me();
    void socket.join([
      agentRoom(userId),
      ...scopeRooms(me()),
      ...service.connected(userId).map((handover) => room(handover.id)),
    ]);
    service.agentConnected({ id: userId, name, tenants: scopeOf(me()) });
    socket.on('disconnect', () => service.agentDisconnected(userId));

    socket.onAny((event: string, ...args: unknown[]) => {
      refuseUnknownEvent(socket, event, args.at(-1), AGENT_EVENTS);
    });
    const on = <N extends AgentRequestName, T extends object>(
      name: N,
      handle: (request: AgentRequest<N>) => Promise<AgentAck<T>>,
    ) => {
      socket.on(name, (async (...args: unknown[]) => {
        const { payload, reply } = payloadAndReply<AgentAck<T> | AgentInvalidRequest>(args);
        // The map pairs each name with its schema; TypeScript cannot see that through the generic index.
        const schema = AgentRequests[name] as unknown as z.ZodType<AgentRequest<N>>;
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          const issues = issuesOf(parsed.error);
          // Without an acknowledgement to answer in (a fire-and-forget `typing`), the console hears it as an error.
          if (typeof args.at(-1) === 'function') reply({ ok: false, error: 'invalid_request', issues });
          else socket.emit('error', { code: 'invalid_request', message: `Invalid ${name}: ${issues.join('; ')}` });
          return;
        }
        try {
          const { handoverId } = parsed.data as { handoverId?: string };
          if (handoverId !== undefined && !(await mayWork(handoverId))) {
            reply({ ok: false, error: 'not_found' });
            return;
          }
          reply(await handle(parsed.data));
        } catch (error) {
          options.logger.error({ err: error, event: name }, 'agent event failed');
          reply({ ok: false, error: 'internal_error' });
        }
      }) as never);
    };

    /**
     * Whether the handover exists and is of a tenant this agent works for, or is their chat: one they took keeps being
     * theirs to finish or pass on when their tenants change.
     */
    const mayWork = async (handoverId: string) => {
      const handover = service.byId(handoverId) ?? (await options.handovers.findHandover(handoverId));
      return handover !== undefined && (worksFor(me(), handover.tenantId) || handover.agentId === userId);
    };

    const conversationView = async (handover: Handover): Promise<ConversationView> => {
      await socket.join(room(handover.id));
      const [entries, form, notes] = await Promise.all([
        options.transcripts.listActivities(handover.conversationId, TRANSCRIPT_LIMIT),
        service.form(handover.id),
        options.handovers.listNotes(handover.conversationId),
      ]);
      return {
        handover: handoverView(handover),
        transcript: entries.map((entry) => entry.activity),
        form: form.ok ? (form.value.result ?? null) : null,
        notes,
      };
    };

    on('presence', async ({ status }) => {
      service.setPresence(userId, status);
      return { ok: true };
    });
    on('accept', async ({ handoverId }) => {
      const accepted = await service.accept(me(), handoverId);
      if (!accepted.ok) return failure(accepted);
      return { ok: true, conversation: await conversationView(accepted.value) };
    });
    on('open', async ({ handoverId }): Promise<AgentAck<{ conversation: ConversationView }>> => {
      const handover = await options.handovers.findHandover(handoverId);
      if (!handover) return { ok: false, error: 'not_found' };
      const allowed = handover.status === 'queued' || handover.agentId === userId || me().role === 'admin';
      if (!allowed) return { ok: false, error: 'not_yours' };
      return { ok: true, conversation: await conversationView(handover) };
    });
    on('message', async ({ handoverId, text }) => done(await service.agentMessage(me(), handoverId, text)));
    on('typing', async ({ handoverId }) => {
      service.agentTyping(me(), handoverId);
      return { ok: true };
    });
    on('note', async ({ handoverId, text }) => {
      const note = await service.addNote(me(), handoverId, text);
      return note.ok ? { ok: true, note: note.value } : failure(note);
    });
    on('transfer', async ({ handoverId, agentId }) => {
      const tenantId = service.byId(handoverId)?.tenantId;
      const target = await options.users.findUser(agentId);
      if (tenantId !== undefined && target !== undefined && !worksFor(target, tenantId)) {
        return { ok: false, error: 'not_their_tenant' };
      }
      const moved = await service.transfer(me(), handoverId, agentId);
      if (moved.ok) namespace.in(agentRoom(userId)).socketsLeave(room(handoverId));
      return done(moved);
    });
    on('end', async ({ handoverId, outcome, resumeAt }) => {
      const ended = await service.end(me(), handoverId, { outcome, resumeAt });
      return done(ended);
    });
    on('correctField', async ({ handoverId, path, value }) => {
      const corrected = await service.correctField(me(), handoverId, path, value);
      if (!corrected.ok) return failure(corrected);
      return corrected.value.ok
        ? { ok: true, form: corrected.value.form }
        : { ok: false, error: corrected.value.problem };
    });

    void options.tickets
      .listTickets({ status: 'open' })
      .then((tickets) => socket.emit('overview', overviewFor(me(), countFor(me(), tickets))))
      .catch((error: unknown) => options.logger.error({ err: error }, 'agent overview failed'));
  });

  const consoleUsers = new ConsoleUsers({
    namespace,
    users: options.users,
    rescoped: (userId, tenants) => service.agentRescoped(userId, tenants),
    changed: pushOverviews,
    logger: options.logger,
    refreshMs: options.usersRefreshMs,
  });
  consoleUsers.start();

  const { cluster } = options;
  /** Tells this instance's consoles how many open contact requests of their tenants there are now. */
  const ticketsChangedHere = async () => {
    const open = await options.tickets.listTickets({ status: 'open' });
    for (const socket of namespace.sockets.values()) socket.emit('tickets', { open: countFor(socket.data.user, open) });
    pushOverviews();
  };
  // The message carries nothing to parse: it only says that the consoles' count of open tickets is stale. Each
  // instance tells its own consoles, since the count depends on the agent's tenants.
  if (cluster?.shared) {
    cluster.bus.subscribe(HANDOVER_TOPICS.tickets, () => {
      void ticketsChangedHere().catch((error: unknown) => options.logger.error({ err: error }, 'agent tickets failed'));
    });
  }

  return {
    async ticketsChanged() {
      await ticketsChangedHere();
      if (cluster?.shared) await cluster.bus.publish(HANDOVER_TOPICS.tickets, {});
    },
    refreshUsers: () => consoleUsers.refresh(),
    close: () => consoleUsers.stop(),
  };
}

/** The staff user of a handshake: a valid session cookie of an agent or admin and the session's CSRF token. */
async function authenticate(socket: AgentSocket, auth: AuthService): Promise<User> {
  const token = sessionTokenFromCookies(socket.handshake.headers.cookie);
  const session = token === undefined ? undefined : await auth.authenticate(token);
  if (!session) throw new Error('unauthenticated');
  if (!AGENT_ROLES.has(session.user.role)) throw new Error('forbidden');
  const handshake = AgentHandshake.safeParse(socket.handshake.auth ?? {});
  if (!handshake.success || !sameToken(handshake.data.csrfToken, session.csrfToken)) throw new Error('csrf');
  return session.user;
}

/** zod's problems as `path: message` lines (`(payload)` for the payload as a whole). */
function issuesOf(error: z.ZodError): string[] {
  return error.issues
    .slice(0, MAX_ISSUES)
    .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`.slice(0, 200));
}

function agentRoom(agentId: string): string {
  return `agent:${agentId}`;
}

function room(handoverId: string): string {
  return `handover:${handoverId}`;
}

function done(result: ActionResult): AgentAck {
  return result.ok ? { ok: true } : failure(result);
}

function failure(result: { ok: false; error: ActionError }): { ok: false; error: string } {
  return { ok: false, error: result.error };
}
