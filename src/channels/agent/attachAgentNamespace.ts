import type { Server } from 'socket.io';
import type { AuthService } from '../../auth/AuthService.js';
import { worksFor } from '../../auth/tenantScope.js';
import type { User } from '../../auth/types.js';
import type { Cluster } from '../../cluster/Cluster.js';
import { HANDOVER_TOPICS } from '../../handover/clusterMessages.js';
import type { HandoverService } from '../../handover/HandoverService.js';
import { sameToken, sessionTokenFromCookies } from '../../http/authRouter.js';
import type { Logger } from '../../logger.js';
import type {
  HandoverRepository,
  TicketRepository,
  TranscriptRepository,
  UserRepository,
} from '../../storage/repositories.js';
import { type AgentNamespace, type AgentSocket, agentRoom, handoverRoom, openAgentSession } from './agentSession.js';
import { consoleOverview, countFor } from './consoleOverview.js';
import { AGENT_ROLES, ConsoleUsers, EVERY_TENANT_ROOM, tenantRoom } from './consoleUsers.js';
import { AGENT_NAMESPACE, AgentHandshake, handoverView } from './protocol.js';

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
      .to(handoverRoom(handover.id))
      .emit('activity', { handoverId: handover.id, conversationId: handover.conversationId, activity });
  });
  service.on('typing', (handover) => {
    namespace.to(handoverRoom(handover.id)).emit('typing', { handoverId: handover.id });
  });
  service.on('note', (note) => {
    namespace.to(handoverRoom(note.handoverId)).emit('note', note);
  });
  service.on('handover', (handover) => {
    // Every console of the agent who has the chat follows it (a transfer, another tab, a reconnect).
    if (handover.status === 'connected' && handover.agentId) {
      namespace.in(agentRoom(handover.agentId)).socketsJoin(handoverRoom(handover.id));
    }
    namespace.to([tenantRoom(handover.tenantId), EVERY_TENANT_ROOM]).emit('handover', handoverView(handover));
  });

  namespace.on('connection', (socket: AgentSocket) => openAgentSession(socket, options, namespace, overviewFor));

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
