import type { Cluster } from '../cluster/Cluster.js';
import type { Logger } from '../logger.js';
import { ClusterPresence } from './ClusterPresence.js';
import type { PeerAgent } from './clusterMessages.js';

export type PresenceStatus = 'online' | 'away';

/** The tenants an agent works for (docs/tenants.md): some, or every one (an admin). */
export type TenantScope = string[] | 'all';

export function inScope(scope: TenantScope, tenantId: string): boolean {
  return scope === 'all' || scope.includes(tenantId);
}

export interface AgentInfo {
  id: string;
  name: string;
  tenants: TenantScope;
  status: PresenceStatus | 'offline';
  /** Connected chats. */
  chats: number;
}

export interface AgentPresenceOptions {
  /** The other instances; without (or not shared), only this instance's consoles count. */
  cluster: Cluster | undefined;
  logger: Logger;
  /** How long an agent may be disconnected (a reload, a network change) before their chats go back to the queue. */
  reconnectGraceMs: number | undefined;
  /** How often this instance announces its agents to the others; default 10 s. */
  presenceHeartbeatMs: number | undefined;
  /** How long another instance's agents count without its announcement (it died); default 30 s. */
  presenceTtlMs: number | undefined;
  /** The agent's connected chats. */
  chatsOf: (agentId: string) => number;
  /** Records an agent's presence change (`agent.online`, `agent.away`, `agent.offline`) in the audit log. */
  audit: (agent: { id: string | undefined; name: string }, action: string) => Promise<void>;
  /** Who is online changed: consoles refresh their overview. */
  onChange: () => void;
  /** An agent stayed away past the grace period with no console anywhere (now `offline`): their chats go back. */
  onGone: (agent: AgentInfo) => Promise<void>;
}

interface Presence {
  info: AgentInfo;
  sockets: number;
  offlineTimer: NodeJS.Timeout | undefined;
}

const DEFAULT_RECONNECT_GRACE_MS = 60_000;
const DEFAULT_PRESENCE_HEARTBEAT_MS = 10_000;
const DEFAULT_PRESENCE_TTL_MS = 30_000;
/** An agent on several instances (tabs the load balancer spread) shows their most available status. */
const STATUS_RANK: Record<AgentInfo['status'], number> = { offline: 0, away: 1, online: 2 };

/**
 * Who is online in the service centre: the consoles connected to this instance (counted per socket, with a grace
 * period after the last one leaves) and, beside other instances, the agents they announce (`ClusterPresence`).
 */
export class AgentPresence {
  private readonly presence = new Map<string, Presence>();
  /** The agents of the other instances; undefined when alone. */
  private readonly peers: ClusterPresence | undefined;

  constructor(private readonly options: AgentPresenceOptions) {
    const { cluster } = options;
    if (cluster?.shared) {
      this.peers = new ClusterPresence({
        cluster,
        logger: options.logger,
        local: () => this.localAgents(),
        onChange: () => options.onChange(),
        onInstanceLost: (agents) => this.instanceLost(agents),
        heartbeatMs: options.presenceHeartbeatMs ?? DEFAULT_PRESENCE_HEARTBEAT_MS,
        ttlMs: options.presenceTtlMs ?? DEFAULT_PRESENCE_TTL_MS,
      });
    }
  }

  start(): void {
    this.peers?.start();
  }

  stop(): void {
    for (const presence of this.presence.values()) if (presence.offlineTimer) clearTimeout(presence.offlineTimer);
    this.peers?.stop();
  }

  /** The agents of this instance and of the others. */
  agentList(): AgentInfo[] {
    const agents = new Map<string, AgentInfo>();
    const add = ({ id, name, tenants, status }: Pick<AgentInfo, 'id' | 'name' | 'tenants' | 'status'>) => {
      const known = agents.get(id);
      if (!known || STATUS_RANK[status] > STATUS_RANK[known.status]) {
        agents.set(id, { id, name, tenants, status, chats: 0 });
      }
    };
    for (const presence of this.presence.values()) add(presence.info);
    for (const agent of this.peers?.agents() ?? []) add(agent);
    return [...agents.values()]
      .map((agent) => ({ ...agent, chats: this.options.chatsOf(agent.id) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** How many agents, here or elsewhere, are online: of all, or those who work for `tenantId`. */
  onlineCount(tenantId?: string): number {
    return this.agentList().filter(
      (agent) => agent.status === 'online' && (tenantId === undefined || inScope(agent.tenants, tenantId)),
    ).length;
  }

  /** The agent's status as their consoles on this instance set it; undefined without one. */
  localStatus(agentId: string): AgentInfo['status'] | undefined {
    return this.presence.get(agentId)?.info.status;
  }

  /** An agent's console connected; they start `online` unless they had chosen `away` in another tab. */
  connected(agent: { id: string; name: string; tenants: TenantScope }): void {
    const presence = this.presence.get(agent.id);
    if (presence) {
      presence.sockets += 1;
      presence.info.tenants = agent.tenants;
      if (presence.offlineTimer) clearTimeout(presence.offlineTimer);
      presence.offlineTimer = undefined;
      if (presence.info.status === 'offline') presence.info.status = 'online';
    } else {
      this.presence.set(agent.id, {
        info: { id: agent.id, name: agent.name, tenants: agent.tenants, status: 'online', chats: 0 },
        sockets: 1,
        offlineTimer: undefined,
      });
      void this.options.audit(agent, 'agent.online');
    }
    this.peers?.announce();
    this.options.onChange();
  }

  /** An agent's tenants changed while their console is connected (`govbot user tenants`). */
  rescoped(agentId: string, tenants: TenantScope): void {
    const presence = this.presence.get(agentId);
    if (!presence) return;
    presence.info.tenants = tenants;
    this.peers?.announce();
    this.options.onChange();
  }

  /** An agent's console disconnected; after a grace period without a console their chats go back to the queue. */
  disconnected(agentId: string): void {
    const presence = this.presence.get(agentId);
    if (!presence) return;
    presence.sockets = Math.max(0, presence.sockets - 1);
    if (presence.sockets > 0) return;
    this.peers?.announce();
    presence.offlineTimer = setTimeout(() => {
      void this.gone(agentId).catch((error: unknown) =>
        this.options.logger.error({ err: error }, 'handover: returning chats to the queue failed'),
      );
    }, this.options.reconnectGraceMs ?? DEFAULT_RECONNECT_GRACE_MS);
    presence.offlineTimer.unref();
  }

  set(agentId: string, status: PresenceStatus): void {
    const presence = this.presence.get(agentId);
    if (!presence || presence.info.status === status) return;
    presence.info.status = status;
    void this.options.audit(presence.info, `agent.${status}`);
    this.peers?.announce();
    this.options.onChange();
  }

  /**
   * An agent has chats but no console here yet (after a restart, or their instance died): they have the grace period
   * to come back, here or on another instance, before the chats go back to the queue.
   */
  awaitReturn(agent: { id: string; name: string; tenants: TenantScope }): void {
    if (this.presence.has(agent.id)) return;
    this.presence.set(agent.id, {
      info: { ...agent, status: 'online', chats: 0 },
      sockets: 1,
      offlineTimer: undefined,
    });
    this.disconnected(agent.id);
  }

  /** An agent stayed away past the grace period: their chats wait for someone else. */
  private async gone(agentId: string): Promise<void> {
    const presence = this.presence.get(agentId);
    if (!presence || presence.sockets > 0) return;
    presence.offlineTimer = undefined;
    // The load balancer took their console to another instance: the chats stay theirs, only this instance lets go.
    if (this.peers?.connectedElsewhere(agentId)) {
      this.presence.delete(agentId);
      this.peers.announce();
      this.options.onChange();
      return;
    }
    presence.info.status = 'offline';
    await this.options.audit(presence.info, 'agent.offline');
    await this.options.onGone(presence.info);
    this.presence.delete(agentId);
    this.peers?.announce();
    this.options.onChange();
  }

  /** The instance that held these agents' consoles died: whoever does not come back in time loses their chats. */
  private instanceLost(agents: PeerAgent[]): void {
    for (const agent of agents) {
      if (this.presence.has(agent.id) || this.peers?.connectedElsewhere(agent.id)) continue;
      if (this.options.chatsOf(agent.id) > 0) this.awaitReturn(agent);
    }
  }

  /** This instance's agents, for the others. */
  private localAgents(): PeerAgent[] {
    return [...this.presence.values()].flatMap(({ info, sockets }) =>
      info.status === 'offline'
        ? []
        : [{ id: info.id, name: info.name, tenants: info.tenants, status: info.status, connected: sockets > 0 }],
    );
  }
}
