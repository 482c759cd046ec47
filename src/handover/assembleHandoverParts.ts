import { AgentActions } from './AgentActions.js';
import { AgentPresence } from './AgentPresence.js';
import { CitizenActions, type Unavailable } from './CitizenActions.js';
import { HandoverAudit } from './HandoverAudit.js';
import { HandoverCache } from './HandoverCache.js';
import { HandoverChanges } from './HandoverChanges.js';
import { HandoverReplication } from './HandoverReplication.js';
import type { HandoverEvents, HandoverServiceOptions } from './HandoverServiceOptions.js';
import { WaitEstimate } from './WaitEstimate.js';

/** The parts `HandoverService` is made of. */
export interface HandoverParts {
  cache: HandoverCache;
  wait: WaitEstimate;
  replication: HandoverReplication;
  presence: AgentPresence;
  changes: HandoverChanges;
  agents: AgentActions;
  citizens: CitizenActions;
}

/** What the parts read from the service they make up, and where they emit its events. */
export interface HandoverHost extends HandoverEvents {
  estimateWait(position: number, tenantId?: string): number;
  availability(tenantId?: string): { open: true } | ({ open: false } & Unavailable);
}

/** Makes the parts of a `HandoverService` and connects them to each other and to `host`, the service. */
export function assembleHandoverParts(
  options: HandoverServiceOptions,
  host: HandoverHost,
  now: () => Date,
): HandoverParts {
  const { cluster, handovers, transcripts, logger, relay, sink, maxChatsPerAgent } = options;
  const onChange = () => host.emit('changed');
  const estimateWait = (position: number, tenantId?: string) => host.estimateWait(position, tenantId);
  const cache = new HandoverCache(now);
  const audit = new HandoverAudit(options.audit, () => now().toISOString());
  const wait = new WaitEstimate(handovers, options.defaultWaitSeconds);
  const replication = new HandoverReplication({
    cluster,
    handovers,
    cache,
    logger,
    acceptedElsewhere: () => wait.refresh(),
    onChange,
  });
  const presence = new AgentPresence({
    cluster,
    logger,
    reconnectGraceMs: options.reconnectGraceMs,
    presenceHeartbeatMs: options.presenceHeartbeatMs,
    presenceTtlMs: options.presenceTtlMs,
    chatsOf: (agentId) => cache.connected(agentId).length,
    audit: (agent, action) => audit.agent(agent, action),
    onChange,
    onGone: (agent) => changes.requeue(agent),
  });
  const common = { handovers, cache, audit, relay, sink, events: host };
  const changes = new HandoverChanges({ ...common, replication, logger, estimateWait, now });
  const agents = new AgentActions({ ...common, changes, presence, wait, maxChatsPerAgent });
  const availability = (tenantId?: string) => host.availability(tenantId);
  const citizens = new CitizenActions({ ...common, transcripts, changes, replication, availability, estimateWait });
  return { cache, wait, replication, presence, changes, agents, citizens };
}
