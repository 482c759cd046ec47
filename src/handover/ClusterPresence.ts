import type { Cluster } from '../cluster/Cluster.js';
import type { Logger } from '../logger.js';
import { HANDOVER_TOPICS, type PeerAgent, PresenceSnapshot, parseClusterMessage } from './clusterMessages.js';

export interface ClusterPresenceOptions {
  cluster: Cluster;
  logger: Logger;
  /** The agents whose consoles are connected to this instance, as the others should see them. */
  local: () => PeerAgent[];
  /** The agents of another instance changed, or it went silent. */
  onChange: () => void;
  /** Another instance stopped announcing (it died): these were its agents. */
  onInstanceLost: (agents: PeerAgent[]) => void;
  heartbeatMs: number;
  ttlMs: number;
}

interface Peer {
  agents: PeerAgent[];
  expiry: NodeJS.Timeout;
}

/**
 * Who is online on the other instances. A console is connected to one instance only (the load balancer's choice), so
 * each instance announces its own agents on every change and as a heartbeat; an instance that stops announcing is
 * forgotten after `ttlMs`, so the agents of a crashed instance do not stay online for ever.
 */
export class ClusterPresence {
  private readonly peers = new Map<string, Peer>();
  private readonly unsubscribes: (() => void)[] = [];
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly options: ClusterPresenceOptions) {}

  start(): void {
    const { bus } = this.options.cluster;
    this.unsubscribes.push(
      bus.subscribe(HANDOVER_TOPICS.presence, (message, from) => this.received(message, from)),
      bus.subscribe(HANDOVER_TOPICS.presenceRequest, () => this.announce()),
    );
    this.heartbeat = setInterval(() => this.announce(), this.options.heartbeatMs);
    this.heartbeat.unref();
    this.announce();
    this.publish(HANDOVER_TOPICS.presenceRequest, {});
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const peer of this.peers.values()) clearTimeout(peer.expiry);
    this.peers.clear();
  }

  /** Tells the others this instance's agents now. */
  announce(): void {
    this.publish(HANDOVER_TOPICS.presence, { agents: this.options.local() });
  }

  /** The agents the other instances report (an agent with consoles on several appears once per instance). */
  agents(): PeerAgent[] {
    return [...this.peers.values()].flatMap((peer) => peer.agents);
  }

  /** Whether a console of the agent is connected to another instance. */
  connectedElsewhere(agentId: string): boolean {
    return this.agents().some((agent) => agent.id === agentId && agent.connected);
  }

  private received(message: unknown, from: string): void {
    const { logger } = this.options;
    const snapshot = parseClusterMessage(PresenceSnapshot, message, { topic: HANDOVER_TOPICS.presence, from, logger });
    if (!snapshot) return;
    const previous = this.peers.get(from);
    if (previous) clearTimeout(previous.expiry);
    const expiry = setTimeout(() => this.expire(from), this.options.ttlMs);
    expiry.unref();
    this.peers.set(from, { agents: snapshot.agents, expiry });
    // Heartbeats mostly repeat themselves; only news is worth fresh overviews on every console.
    if (JSON.stringify(previous?.agents) !== JSON.stringify(snapshot.agents)) this.options.onChange();
  }

  private expire(instanceId: string): void {
    const peer = this.peers.get(instanceId);
    if (!peer) return;
    this.peers.delete(instanceId);
    this.options.logger.warn({ instanceId }, 'handover: another instance went silent; its agents count as gone');
    this.options.onInstanceLost(peer.agents);
    this.options.onChange();
  }

  private publish(topic: string, message: unknown): void {
    void this.options.cluster.bus
      .publish(topic, message)
      .catch((error: unknown) => this.options.logger.warn({ err: error, topic }, 'handover: cluster message not sent'));
  }
}
